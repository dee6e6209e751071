/**
 * Where each line of a script comes from: for a YAML node holding script `code` (a string in any
 * of YAML's five scalar styles, or a list of such strings), the 1-based source line of every line
 * of the resulting code. A failed `pm.test` reported by Newman at code line n is then annotated at
 * `lines[n - 1]` of the YAML file.
 *
 * Each style places lines differently: a literal block (`|`) keeps one code line per source line;
 * a folded block (`>`) joins adjacent plain lines and turns blank lines into line breaks; plain and
 * quoted scalars fold the same way, and a double-quoted one adds `\n` escapes (several code lines
 * on one source line) and escaped line breaks (`\` at the end of a line joins two source lines).
 */
import { isScalar, isSeq, type Node, type Scalar } from 'yaml'
import { positionAt, type YamlFile } from '../../discovery/native-git/yaml-file.js'
import { scalarText } from '../../util/scalar-text.js'

const isBlank = (line: string): boolean => /^[ \t]*$/.test(line)

/** Literal block: code line i is the (i+1)-th line after the header. */
function literalLines(headerLine: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => headerLine + 1 + i)
}

/** The content indentation of a block scalar: the header's indicator, else the first non-blank line's. */
function blockIndent(header: string, body: string[], parentIndent: number): number {
  const explicit = /[1-9]/.exec(header)
  if (explicit) return parentIndent + Number(explicit[0])
  const first = body.find((l) => !isBlank(l))
  return first === undefined ? 0 : first.length - first.trimStart().length
}

/** Folded block: adjacent normal lines join; n blank lines between them make n line breaks. */
function foldedLines(raw: string, headerLine: number, parentIndent: number): number[] {
  const [header = '', ...body] = raw.split(/\r?\n/)
  const indent = blockIndent(header, body, parentIndent)
  const out: number[] = []
  let prev: 'none' | 'normal' | 'more' = 'none'
  let blanks = 0
  body.forEach((line, j) => {
    const lineNo = headerLine + 1 + j
    if (isBlank(line.slice(0, indent)) && line.length <= indent) return void blanks++
    if (isBlank(line)) return void blanks++
    const type = line[indent] === ' ' || line[indent] === '\t' ? 'more' : 'normal'
    // Leading blank lines are kept; between two normal lines the first break folds away.
    const breaks = prev === 'none' ? blanks : prev === 'normal' && type === 'normal' ? blanks : blanks + 1
    for (let k = breaks - 1; k >= 1; k--) out.push(lineNo - k)
    if (prev === 'none' || breaks > 0) out.push(lineNo)
    prev = type
    blanks = 0
  })
  return out
}

/** Plain, single- and double-quoted scalars: line folding, plus the escapes of double quotes. */
function flowLines(raw: string, startLine: number, doubleQuoted: boolean): number[] {
  const out = [startLine]
  let line = startLine
  // A code line that starts at a `\n` escape ending its source line begins on a later line: its
  // entry (-1) is settled at the next character of content.
  const settle = (): void => {
    for (let k = out.length - 1; k >= 0 && out[k] === -1; k--) out[k] = line
  }
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]
    if (doubleQuoted && c === '\\') {
      const next = raw[i + 1]
      if (next === '\r' || next === '\n') {
        // An escaped line break joins the lines: no code line starts here.
        i += next === '\r' && raw[i + 2] === '\n' ? 2 : 1
        line++
        continue
      }
      settle()
      if (next === 'n') out.push(restIsBlank(raw, i + 2) ? -1 : line)
      i++
      continue
    }
    if (c !== '\n') {
      if (c !== ' ' && c !== '\t' && c !== '\r') settle()
      continue
    }
    line++
    let blanks = 0
    let end = raw.indexOf('\n', i + 1)
    while (end !== -1 && isBlank(raw.slice(i + 1, end).replace(/\r$/, ''))) {
      blanks++
      line++
      i = end
      end = raw.indexOf('\n', i + 1)
    }
    if (blanks > 0) settle()
    for (let k = blanks - 1; k >= 0; k--) out.push(line - k)
  }
  settle()
  return out
}

/** Whether nothing but spaces follow `from` on its source line. */
function restIsBlank(raw: string, from: number): boolean {
  const end = raw.indexOf('\n', from)
  return end !== -1 && isBlank(raw.slice(from, end).replace(/\r$/, ''))
}

/** Pads or cuts a line list to the number of code lines (a defensive guard: styles are exact). */
function fit(lines: number[], count: number): number[] {
  if (lines.length > count) return lines.slice(0, count)
  while (lines.length < count) lines.push(lines[lines.length - 1] ?? 1)
  return lines
}

function scalarLines(yaml: YamlFile, node: Scalar): number[] {
  const value = node.value === null || node.value === undefined ? '' : scalarText(node.value)
  const count = value.replace(/\r\n/g, '\n').split('\n').length
  if (!node.range) return fit([], count)
  const raw = yaml.text.slice(node.range[0], node.range[1])
  const { line, column } = positionAt(yaml, node.range[0])
  if (node.type === 'BLOCK_LITERAL') return fit(literalLines(line, count), count)
  if (node.type === 'BLOCK_FOLDED') {
    const lineStart = yaml.text.lastIndexOf('\n', node.range[0] - 1) + 1
    const parentIndent = yaml.text.slice(lineStart).length - yaml.text.slice(lineStart).trimStart().length
    return fit(foldedLines(raw, line, Math.min(parentIndent, column - 1)), count)
  }
  return fit(flowLines(raw, line, node.type === 'QUOTE_DOUBLE'), count)
}

/** Source line of each code line of a `code` node (a scalar or a list of lines); `[]` for none. */
export function codeSourceLines(yaml: YamlFile, node: Node | undefined | null): number[] {
  if (node === undefined || node === null) return []
  if (isScalar(node)) return node.value === null ? [] : scalarLines(yaml, node)
  if (isSeq(node)) return node.items.flatMap((item) => (isScalar(item) ? scalarLines(yaml, item) : []))
  return []
}
