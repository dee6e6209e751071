/**
 * One YAML file of a Native Git (Collection v3) repository, parsed with its source positions.
 *
 * The `yaml` library keeps the source range of every node and a `LineCounter`
 * turns offsets into 1-based lines and columns, so every later finding (schema, unsupported kind,
 * failed `pm.test`) can name the line it is about.
 */
import { LineCounter, isCollection, isPair, parseDocument, visit, type Document, type Node } from 'yaml'
import type { Finding } from '../../model/finding.js'

/** A parsed YAML file: the document (with node ranges), its line index and its plain value. */
export interface YamlFile {
  /** Repository-relative path with `/` separators. */
  file: string
  /** The source text, kept so a node's raw text (block scalar headers, quotes) can be read back. */
  text: string
  doc: Document.Parsed
  lines: LineCounter
  /** The document as plain JS; `undefined` when the file does not parse. */
  data: unknown
}

export interface Position {
  line: number
  column: number
}

/** 1-based line and column of a source offset. */
export function positionAt(yaml: Pick<YamlFile, 'lines'>, offset: number): Position {
  const { line, col } = yaml.lines.linePos(offset)
  return { line, column: col }
}

/** The node at a path (keys and list indexes), or the deepest existing parent of it. */
export function nodeAt(yaml: YamlFile, path: ReadonlyArray<string | number>): Node | undefined {
  let node: unknown = yaml.doc.contents
  for (const key of path) {
    if (!isCollection(node)) break
    const child: unknown = node.get(key, true)
    if (child === undefined) break
    node = child
  }
  return node as Node | undefined
}

/** Position of the node at a path (see `nodeAt`); line 1, column 1 for an empty document. */
export function positionOf(yaml: YamlFile, path: ReadonlyArray<string | number>): Position {
  const range = nodeAt(yaml, path)?.range
  return range === undefined || range === null ? { line: 1, column: 1 } : positionAt(yaml, range[0])
}

/** A finding of kind `invalid-file` at a position in a YAML file. */
export function yamlFinding(file: string, at: Position | undefined, level: Finding['level'], message: string): Finding {
  return { level, kind: 'invalid-file', file, line: at?.line, column: at?.column, title: 'Invalid Native Git file', message }
}

/**
 * Parses YAML text. Syntax errors are findings at their line and column; so is a mapping used as a
 * key, which is what an unquoted `url: {{baseUrl}}` becomes: YAML reads `{{baseUrl}}` as a flow
 * mapping whose key is another mapping, where Postman's own parser rejects the file.
 */
export function parseYamlFile(file: string, text: string): { yaml: YamlFile; findings: Finding[] } {
  const lines = new LineCounter()
  // Node ranges are all positions need; CST tokens (`keepSourceTokens`) would double the parse time.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const yaml: YamlFile = { file, text, doc, lines, data: undefined }
  const findings: Finding[] = doc.errors.map((e) =>
    yamlFinding(file, positionAt(yaml, e.pos[0]), 'error', `YAML syntax error: ${firstLine(e.message)}${unquotedHint(text, e.pos[0])}`)
  )
  // Only a flow mapping (`{`) can hold a collection key: most files skip the walk.
  if (text.includes('{')) findCollectionKeys(yaml, findings)
  // `toJS` of a document with errors or collection keys is meaningless (and warns on stderr).
  if (findings.length === 0) {
    try {
      yaml.data = doc.toJS({ maxAliasCount: 100 })
    } catch (e) {
      // The parser reports nesting too deep for the stack as an error; this guards the conversion.
      findings.push(yamlFinding(file, { line: 1, column: 1 }, 'error', `The file cannot be read: ${(e as Error).message.split('\n')[0]}`))
    }
  }
  return { yaml, findings }
}

/** Reports each mapping used as a key (see `parseYamlFile`). */
function findCollectionKeys(yaml: YamlFile, findings: Finding[]): void {
  visit(yaml.doc, {
    Pair(_key, pair, path) {
      if (!isPair(pair) || !isCollection(pair.key)) return undefined
      // The value the user wrote starts at the mapping holding this pair (`{{…}}`, not `{…}`).
      const holder = path[path.length - 1]
      const range = isCollection(holder) && holder.flow ? holder.range : pair.key.range
      const at = range ? positionAt(yaml, range[0]) : undefined
      // The syntax error YAML already reported on this line (`{{baseUrl}}/x`) says it once.
      if (at !== undefined && findings.some((f) => f.line === at.line)) return visit.SKIP
      findings.push(
        yamlFinding(
          yaml.file,
          at,
          'error',
          'A `{{variable}}` outside quotes is read by YAML as a mapping, and Postman rejects the file: quote the whole value.'
        )
      )
      return visit.SKIP
    }
  })
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message
}

/** An explanation for the most common cause of syntax errors in real repositories. */
function unquotedHint(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  const lineEnd = text.indexOf('\n', offset)
  const line = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd)
  return /:\s*\{\{/.test(line) ? ' (a value starting with `{{` must be quoted)' : ''
}
