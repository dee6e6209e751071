/** How deeply a JSON text nests, measured without recursion (see `MAX_JSON_DEPTH`). */

/**
 * The deepest nesting of arrays and objects a file may have: far beyond what a collection needs
 * (500 folder levels, the folder limit, take about 1,000), while the parsers and the schema validator
 * that read a file after `JSON.parse` recurse once or twice per level, and 10,000 levels overflow
 * the stack. Checked by a plain loop before any of them runs.
 */
export const MAX_JSON_DEPTH = 1_500

/**
 * Offset of the `{` or `[` that opens nesting level `limit + 1`, or undefined when the text stays
 * within `limit`. One loop, aware of strings and their escapes; brackets are not matched (a
 * syntax error is the parser's to report), only counted.
 */
export function tooDeepAt(text: string, limit: number = MAX_JSON_DEPTH): number | undefined {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === BACKSLASH) i++
      else if (ch === QUOTE) inString = false
    } else if (ch === QUOTE) {
      inString = true
    } else if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
      if (++depth > limit) return i
    } else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      depth--
    }
  }
  return undefined
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
