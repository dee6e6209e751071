/**
 * A structural merge of a new version of a JSON document into the text of the old one, so that
 * only what changed is written anew. `sync: pull` writes Postman's version into a committed file
 * with it: a reviewer sees the edit made in Postman, not a reformatted file.
 *
 * The merge walks the file's syntax tree and the new value side by side. Where the two say the
 * same thing (as the rules judge it: for a collection, after normalization), the file's own text
 * is kept byte for byte. Where they differ, objects keep the file's key order, drop members the new
 * version no longer has (unless they say nothing, such as a file's own id), and append new ones;
 * arrays follow the rules' pairing (requests by name, variables by key, …). Only new or changed
 * values are serialized, with the file's own indentation and line ends.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser'
import { canonicalJson } from './normalize.js'
import { isRecord } from '../util/records.js'

type Rec = Record<string, unknown>

/** How a kind of document is compared and paired, by context (a name for where a value stands). */
export interface MergeRules<C extends string> {
  /** The content of `value` where it stands; `undefined` when it says nothing (the same as absent). */
  content(ctx: C, value: unknown): unknown
  /** The context of an object's member. */
  member(ctx: C, key: string): C
  /** The context of an array's elements. */
  element(ctx: C): C
  /** For each element of `remote`, the index of the element of `local` it is a version of, if any. */
  pair(ctx: C, local: readonly unknown[], remote: readonly unknown[]): Array<number | undefined>
  /** `false` when the order of the array is not content: the file's order is kept, new elements appended. */
  ordered(ctx: C): boolean
}

/**
 * The merged document: the file's text for a value, a new value, or a container rebuilt from these.
 * A rebuilt container remembers the file's node, so the file's spacing around its members stays.
 */
export type Merged =
  | { kind: 'keep'; node: Node }
  | { kind: 'new'; value: unknown }
  | { kind: 'object'; node: Node; members: Member[] }
  | { kind: 'array'; node: Node; elements: Element[] }

/** An object member; `keyNode`/`valueNode` when the member is the file's (its key text and spacing are kept). */
export interface Member {
  key: string
  keyNode?: Node
  valueNode?: Node
  value: Merged
}

/** An array element; `node` when it is (a version of) one of the file's elements. */
export interface Element {
  node?: Node
  value: Merged
}

/** How the file is laid out: what a new value is written with. */
export interface TextStyle {
  /** One level of indentation: a tab, some spaces, or `''` for a file on one line. */
  indent: string
  eol: '\n' | '\r\n'
}

/** The indentation and line ends of a JSON text (two spaces and `\n` when it shows none). */
export function detectStyle(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  if (!text.includes('\n')) return { indent: '', eol }
  // The first indented line holds one level (a document starts at level 0).
  const first = /\n([\t ]+)\S/.exec(text)?.[1]
  if (first === undefined) return { indent: '  ', eol }
  return { indent: first.startsWith('\t') ? '\t' : first, eol }
}

/** A parsed text: its tree and the value it holds. `undefined` when it is not one JSON value. */
export interface ParsedText {
  text: string
  root: Node
  value: unknown
}

export function parseText(text: string): ParsedText | undefined {
  const errors: ParseError[] = []
  // A byte order mark is read as the space it stands in for: offsets stay those of `text`, and the
  // mark is written back with what precedes the root.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text
  const root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false })
  if (root === undefined || errors.length > 0) return undefined
  return { text, root, value: nodeValue(root) }
}

/** A node's value; of duplicate keys the last wins, as with `JSON.parse`. */
function nodeValue(node: Node): unknown {
  if (node.type === 'object') {
    const out: Rec = {}
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? []
      if (key && value) out[key.value as string] = nodeValue(value)
    }
    return out
  }
  if (node.type === 'array') return (node.children ?? []).map(nodeValue)
  return node.value as unknown
}

/** Merges `remote` into the parsed file, starting at the root context `ctx`. */
export function mergeInto<C extends string>(rules: MergeRules<C>, ctx: C, parsed: ParsedText, remote: unknown): Merged {
  return mergeValue(rules, ctx, { value: parsed.value, node: parsed.root }, remote)
}

interface Local {
  value: unknown
  node: Node
}

function same<C extends string>(rules: MergeRules<C>, ctx: C, a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(rules.content(ctx, a)) === canonicalJson(rules.content(ctx, b))
}

function mergeValue<C extends string>(rules: MergeRules<C>, ctx: C, local: Local, remote: unknown): Merged {
  if (same(rules, ctx, local.value, remote)) return { kind: 'keep', node: local.node }
  if (isRecord(local.value) && isRecord(remote) && local.node.type === 'object') return mergeObject(rules, ctx, local, remote)
  if (Array.isArray(local.value) && Array.isArray(remote) && local.node.type === 'array') return mergeArray(rules, ctx, local, remote)
  return { kind: 'new', value: remote }
}

/** Whether `key` says nothing in `record` where it stands: the record means the same without it. */
function saysNothing<C extends string>(rules: MergeRules<C>, ctx: C, record: Rec, key: string): boolean {
  const without = { ...record }
  delete without[key]
  return same(rules, ctx, record, without)
}

function mergeObject<C extends string>(rules: MergeRules<C>, ctx: C, local: Local, remote: Rec): Merged {
  const value = local.value as Rec
  const members: Member[] = []
  const props = local.node.children ?? []
  const last = new Map<string, Node>()
  for (const prop of props) last.set(prop.children?.[0]?.value as string, prop)
  for (const prop of props) {
    const [keyNode, valueNode] = prop.children ?? []
    const key = keyNode?.value as string
    // Of a key the file holds twice, the last counts (as JSON.parse reads it); the other is dropped.
    if (!keyNode || !valueNode || last.get(key) !== prop) continue
    if (Object.hasOwn(remote, key)) {
      members.push({ key, keyNode, valueNode, value: mergeValue(rules, rules.member(ctx, key), { value: value[key], node: valueNode }, remote[key]) })
    } else if (saysNothing(rules, ctx, value, key)) {
      // A file's own id, an empty list Postman leaves out: kept, it changes nothing.
      members.push({ key, keyNode, valueNode, value: { kind: 'keep', node: valueNode } })
    }
  }
  for (const key of Object.keys(remote)) {
    if (Object.hasOwn(value, key) || saysNothing(rules, ctx, remote, key)) continue
    members.push({ key, value: { kind: 'new', value: remote[key] } })
  }
  return { kind: 'object', node: local.node, members }
}

function mergeArray<C extends string>(rules: MergeRules<C>, ctx: C, local: Local, remote: unknown[]): Merged {
  const values = local.value as unknown[]
  const nodes = local.node.children ?? []
  const pairs = rules.pair(ctx, values, remote)
  const elementCtx = rules.element(ctx)
  const merged = remote.map((r, i): Element & { from?: number } => {
    const from = pairs[i]
    const node = from === undefined ? undefined : nodes[from]
    if (from === undefined || node === undefined) return { value: { kind: 'new', value: r } }
    return { from, node, value: mergeValue(rules, elementCtx, { value: values[from], node }, r) }
  })
  if (!rules.ordered(ctx)) {
    // The file's order for what it had, Postman's new elements after them.
    const paired = merged.filter((m) => m.from !== undefined).sort((a, b) => (a.from as number) - (b.from as number))
    return { kind: 'array', node: local.node, elements: [...paired, ...merged.filter((m) => m.from === undefined)] }
  }
  return { kind: 'array', node: local.node, elements: merged }
}

/**
 * The merged document as text: the file's own text where kept, new values in the file's style, and
 * whatever surrounded the root in the file (leading space, the final newline or its absence) as it was.
 */
export function renderMerged(merged: Merged, parsed: ParsedText, style: TextStyle): string {
  const { text, root } = parsed
  const before = text.slice(0, root.offset)
  const after = text.slice(root.offset + root.length)
  return `${before}${render(merged, text, style, 0)}${after}`
}

function render(merged: Merged, text: string, style: TextStyle, depth: number): string {
  switch (merged.kind) {
    case 'keep':
      return slice(text, merged.node)
    case 'new':
      return serialize(merged.value, style, depth)
    case 'object': {
      const parts = merged.members.map((m): Part => {
        const value = render(m.value, text, style, depth + 1)
        if (m.keyNode?.parent === undefined || m.valueNode === undefined) return { text: `${JSON.stringify(m.key)}:${style.indent === '' ? '' : ' '}${value}` }
        const separator = text.slice(m.keyNode.offset + m.keyNode.length, m.valueNode.offset)
        return { node: m.keyNode.parent, text: `${slice(text, m.keyNode)}${separator}${value}` }
      })
      return container(['{', '}'], parts, { text, node: merged.node, style, depth })
    }
    case 'array': {
      const parts = merged.elements.map((e): Part => ({ node: e.node, text: render(e.value, text, style, depth + 1) }))
      return container(['[', ']'], parts, { text, node: merged.node, style, depth })
    }
  }
}

/** One member or element as text, and its node in the file when it is (a version of) the file's. */
interface Part {
  node?: Node
  text: string
}

const slice = (text: string, node: Node): string => text.slice(node.offset, node.offset + node.length)

/** The spaces, tabs and line ends right before `offset`. */
function spaceBefore(text: string, offset: number): string {
  let start = offset
  while (start > 0 && ' \t\r\n'.includes(text[start - 1] as string)) start--
  return text.slice(start, offset)
}

/**
 * `{}`/`[]` when empty. Between two parts that were neighbours in the file, and before the first
 * and after the last where they were first and last, the file's own text (comma, spaces, line
 * ends, wherever it put them); elsewhere a comma and a new line at `depth + 1` in the file's style
 * (or the file's spacing before that part), all on one line in a one-line file.
 */
function container(brackets: [string, string], parts: Part[], at: { text: string; node: Node; style: TextStyle; depth: number }): string {
  const [open, close] = brackets
  if (parts.length === 0) return `${open}${close}`
  const { text, node, style, depth } = at
  const children = node.children ?? []
  const position = new Map(children.map((child, i) => [child, i]))
  const end = (child: Node): number => child.offset + child.length
  const inner = style.indent === '' ? '' : style.eol + style.indent.repeat(depth + 1)
  let out = open
  parts.forEach((part, k) => {
    const i = part.node === undefined ? undefined : position.get(part.node)
    const previous = k === 0 ? undefined : parts[k - 1]!.node
    const follows = i !== undefined && (k === 0 ? i === 0 : previous !== undefined && position.get(previous) === i - 1)
    if (follows) out += text.slice(i === 0 ? node.offset + 1 : end(children[i - 1]!), part.node!.offset)
    else out += `${k === 0 ? '' : ','}${part.node === undefined ? inner : spaceBefore(text, part.node.offset)}`
    out += part.text
  })
  const last = parts[parts.length - 1]!.node
  const lastChild = children[children.length - 1]
  if (last !== undefined && last === lastChild) out += text.slice(end(lastChild), end(node) - 1)
  else out += children.length > 0 ? spaceBefore(text, end(node) - 1) : style.indent === '' ? '' : style.eol + style.indent.repeat(depth)
  return `${out}${close}`
}

/** A new value as `JSON.stringify` writes it with the file's indentation, placed at `depth`. */
function serialize(value: unknown, style: TextStyle, depth: number): string {
  const json = JSON.stringify(value, null, style.indent) ?? 'null'
  if (style.indent === '') return json
  return json.replace(/\n/g, style.eol + style.indent.repeat(depth))
}
