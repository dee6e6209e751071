/**
 * Where things are in a JSON text: the line of the value at a JSON path, and the line/column of an
 * offset. Used to put validation findings and Newman failures on the line that caused them.
 *
 * One `visit` pass of jsonc-parser builds a compact skeleton (offsets, keys and children only — no
 * copies of the values), so a 50 MB collection is scanned once and each lookup then walks only
 * the path's depth. The line index is built on first use and shared by every lookup.
 */
import { visit } from 'jsonc-parser'
import { tooDeepAt } from './json-depth.js'

/** A path into a JSON value: property names and array indices (`['item', 0, 'request']`). */
export type JsonPath = ReadonlyArray<string | number>

/** A 1-based position in a text. Columns count UTF-16 code units, as editors and GitHub do. */
export interface TextPosition {
  line: number
  column: number
}

/** A position map of one JSON text. */
export interface JsonPositions {
  /** 1-based line of the value at `pointer`; undefined when the path does not exist. */
  lineOf(pointer: JsonPath): number | undefined
  /** Line and column of the first character of the value at `pointer`. */
  positionOf(pointer: JsonPath): TextPosition | undefined
  /** Offset in the text of the first character of the value at `pointer`. */
  offsetOf(pointer: JsonPath): number | undefined
  /** Line and column of an offset in the same text. */
  positionAt(offset: number): TextPosition
}

/**
 * A container in the skeleton. Scalars are stored as their bare offset (a number), which keeps
 * the skeleton to one small object per object/array of the document.
 */
interface Container {
  offset: number
  /** Property names, parallel to `children`; absent for arrays. */
  keys?: string[]
  children: Array<Container | number>
}

type Slot = Container | number

/**
 * Builds the position map of `text` in one pass. Syntax errors do not throw: the map covers what
 * could be parsed (validation reports the errors separately).
 */
export function jsonPositions(text: string): JsonPositions {
  // A UTF-8 BOM is not JSON; skip it so the document still maps. Offsets stay those of `text`;
  // positions are as an editor shows them, where the BOM takes no column.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const body = bom === 1 ? text.slice(1) : text
  // jsonc-parser's visitor recurses per level: a text nested too deeply gets an empty map (its
  // validation reports the depth) rather than a stack overflow.
  const root = tooDeepAt(body) === undefined ? buildSkeleton(body) : undefined
  let lines: LineIndex | undefined
  const index = (): LineIndex => (lines ??= new LineIndex(body))

  const bodyOffsetOf = (pointer: JsonPath): number | undefined => {
    const slot = find(root, pointer)
    if (slot === undefined) return undefined
    return typeof slot === 'number' ? slot : slot.offset
  }
  const positionOf = (pointer: JsonPath): TextPosition | undefined => {
    const offset = bodyOffsetOf(pointer)
    return offset === undefined ? undefined : index().positionAt(offset)
  }
  return {
    offsetOf: (pointer) => {
      const offset = bodyOffsetOf(pointer)
      return offset === undefined ? undefined : offset + bom
    },
    positionOf,
    lineOf: (pointer) => positionOf(pointer)?.line,
    positionAt: (offset) => index().positionAt(offset - bom)
  }
}

/**
 * Line and column (1-based) of `offset` in `text`. Scans the text up to the offset; build a
 * `LineIndex` (or use `jsonPositions().positionAt`) for many lookups in the same text.
 */
export function lineColumnAt(text: string, offset: number): TextPosition {
  const end = clamp(offset, text.length)
  let line = 1
  let lineStart = 0
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i)
    if (ch === LF || (ch === CR && text.charCodeAt(i + 1) !== LF)) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}

const LF = 10
const CR = 13

/**
 * Start offsets of every line of a text, for binary-searched offset → line lookups. Line breaks
 * are `\n`, `\r\n` and a lone `\r`, as jsonc-parser counts them, so positions agree with its
 * error positions.
 */
export class LineIndex {
  private readonly starts: Uint32Array
  private readonly count: number

  constructor(private readonly text: string) {
    let starts = new Uint32Array(1024)
    let count = 1 // line 1 starts at offset 0
    const push = (start: number): void => {
      if (count === starts.length) {
        const grown = new Uint32Array(starts.length * 2)
        grown.set(starts)
        starts = grown
      }
      starts[count++] = start
    }
    if (!text.includes('\r')) {
      // The common case, \n only: indexOf is native and several times faster than a char loop.
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) push(at + 1)
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i)
        if (ch === LF) push(i + 1)
        else if (ch === CR) {
          if (text.charCodeAt(i + 1) === LF) i++
          push(i + 1)
        }
      }
    }
    this.starts = starts
    this.count = count
  }

  /** 1-based line and column of `offset` (clamped to the text). */
  positionAt(offset: number): TextPosition {
    const target = clamp(offset, this.text.length)
    let low = 0
    let high = this.count - 1
    // low..high stay within the `count` line starts recorded, and count is at least 1.
    while (low < high) {
      const mid = (low + high + 1) >>> 1
      if (this.starts[mid]! <= target) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: target - this.starts[low]! + 1 }
  }
}

function clamp(offset: number, length: number): number {
  return Math.max(0, Math.min(Math.trunc(offset), length))
}

/** One pass over the text, keeping only what lookups need. */
function buildSkeleton(text: string): Slot | undefined {
  let root: Slot | undefined
  const stack: Container[] = []
  let pendingKey: string | undefined

  const attach = (slot: Slot): void => {
    const parent = stack[stack.length - 1]
    if (parent === undefined) {
      root ??= slot
      return
    }
    if (parent.keys !== undefined) {
      // A value without a preceding key only happens in broken JSON; skip it rather than
      // misalign keys and children.
      if (pendingKey === undefined) return
      parent.keys.push(pendingKey)
      pendingKey = undefined
    }
    parent.children.push(slot)
  }
  const open = (offset: number, isObject: boolean): void => {
    const container: Container = isObject ? { offset, keys: [], children: [] } : { offset, children: [] }
    attach(container)
    stack.push(container)
  }

  visit(
    text,
    {
      onObjectBegin: (offset) => open(offset, true),
      onArrayBegin: (offset) => open(offset, false),
      onObjectEnd: () => void stack.pop(),
      onArrayEnd: () => void stack.pop(),
      onObjectProperty: (property) => {
        pendingKey = property
      },
      onLiteralValue: (_value, offset) => attach(offset)
    },
    // Postman files are strict JSON; the position map follows the same grammar as validation.
    { disallowComments: true, allowTrailingComma: false }
  )
  return root
}

function find(root: Slot | undefined, pointer: JsonPath): Slot | undefined {
  let slot = root
  for (const segment of pointer) {
    if (slot === undefined || typeof slot === 'number') return undefined
    if (slot.keys === undefined) {
      const index = typeof segment === 'number' ? segment : arrayIndex(segment)
      slot = index === undefined ? undefined : slot.children[index]
    } else {
      // JSON.parse keeps the last of duplicate keys, so the map points at the last one too.
      const at = slot.keys.lastIndexOf(String(segment))
      slot = at < 0 ? undefined : slot.children[at]
    }
  }
  return slot
}

function arrayIndex(segment: string): number | undefined {
  return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : undefined
}

/**
 * Splits an RFC 6901 JSON Pointer (`/item/0/request`, as ajv's `instancePath`) into a path.
 * Segments stay strings; lookups read numeric strings as array indices.
 */
export function pathFromPointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
}
