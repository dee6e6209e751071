/**
 * Escaping and size limits shared by the Markdown reports (job summary, check-run summary, PR
 * comment). Everything in them comes from files and responses the pull request controls, so
 * every piece of text is HTML-escaped, and Markdown's own syntax is neutralised in table cells.
 */

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch)
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Text for one Markdown table cell or list item: HTML-escaped, Markdown syntax turned into
 * entities (a `|` would end the cell, `[x](y)` would be a link, `@user` a mention), line breaks
 * as `<br>`.
 */
export function escapeCell(text: string): string {
  // One pass: a second pass over escapeHtml's output would re-escape the `#` of `&#39;`.
  return text.replace(/[&<>"'\\`*_{}[\]|~#@!]/g, (ch) => HTML_ENTITIES[ch] ?? `&#${ch.charCodeAt(0)};`).replace(/\r?\n/g, '<br>')
}

/**
 * Text for a `<pre>` block: HTML-escaped, and without blank lines (a blank line ends an HTML
 * block in GitHub Markdown, and what followed would be rendered as Markdown).
 */
export function escapePre(text: string): string {
  return escapeHtml(text).replace(/\r?\n(\s*\r?\n)+/g, '\n')
}

/** UTF-8 size of a text; limits are in bytes for the summary and characters for check runs, bytes bound both. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * Appends blocks to a report until the next one would pass `limit` bytes (keeping room for the
 * truncation note), then counts what was left out. `build()` ends with a note naming how much
 * is missing, so a truncated report never looks complete.
 */
export class BoundedText {
  private readonly parts: string[] = []
  private size = 0
  private omitted = 0

  constructor(
    private readonly limit: number,
    private readonly reserve = 400
  ) {}

  /** Adds a block if it fits; returns whether it did. Once one block is dropped, every later one is. */
  add(block: string): boolean {
    const size = byteLength(block)
    if (this.omitted > 0 || this.size + size > this.limit - this.reserve) {
      this.omitted++
      return false
    }
    this.parts.push(block)
    this.size += size
    return true
  }

  /** Whether anything was left out. */
  get truncated(): boolean {
    return this.omitted > 0
  }

  build(note: (omitted: number) => string): string {
    const text = this.parts.join('')
    return this.omitted > 0 ? `${text}\n\n> [!WARNING]\n> ${note(this.omitted)}\n` : text
  }
}
