/**
 * A Native Git (Collection v3) collection tree → a v2.1 collection body Newman can run and the
 * sync can push, plus where every script line came from.
 *
 * Folders keep the order the reader sorted them in; definitions (collection and folder level)
 * give description, variables, auth and scripts; each request file becomes a request item, its
 * examples saved responses; ids are kept where the files hold them. The folder walk uses an explicit
 * work list (the reader bounds the depth, but a converter must not depend on that for its stack).
 */
import type { CollectionBody } from '../../postman/api.js'
import type { V3CollectionTree, V3Folder, V3Node, V3Request } from '../../discovery/native-git/tree.js'
import { nodeAt, type YamlFile } from '../../discovery/native-git/yaml-file.js'
import { convertAuth } from './auth.js'
import { convertExample, convertRequestParts, convertSettings } from './convert-request.js'
import { asText, isRec, keyValues, type Rec } from './key-values.js'
import { codeSourceLines } from './script-lines.js'

export const COLLECTION_SCHEMA_V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'

export type EventListen = 'prerequest' | 'test'

/** Where one converted script comes from. */
export interface ScriptSource {
  /** Repository-relative `.request.yaml` or `definition.yaml`. */
  file: string
  /** `lines[i]`: 1-based line in `file` of line i+1 of the script (of its v2.1 `exec`). */
  lines: number[]
  /** Names from the collection root to the item (folders…, request); `[]` for the collection. */
  names: string[]
}

export interface V3Conversion {
  /** The v2.1 collection body (`info`, `item`, `event`, `variable`, `auth`). */
  collection: CollectionBody
  /** Keyed by `scriptKey(itemPath, listen, index)`. */
  sources: Map<string, ScriptSource>
  /** Keyed by `itemPath.join('/')` (`''`: the collection): the file each item was read from. */
  files: Map<string, string>
}

/**
 * The key of a script in `sources`: the item's index path from the collection root (`[]` for the
 * collection-level scripts, `[1, 0]` for the first child of the second top-level folder), the
 * event it became, and which event of that kind it is (files may hold several).
 */
export function scriptKey(itemPath: readonly number[], listen: EventListen, index = 0): string {
  return `${itemPath.join('/')}#${listen}#${index}`
}

const LISTEN: Record<string, EventListen> = {
  beforeRequest: 'prerequest',
  'http:beforeRequest': 'prerequest',
  afterResponse: 'test',
  'http:afterResponse': 'test'
}

/** Script code as the lines of a v2.1 `exec` (`\r\n` → `\n`). */
function execLines(code: unknown): string[] {
  if (code === null || code === undefined) return []
  const text = Array.isArray(code) ? code.map(asText).join('\n') : asText(code)
  return text.replace(/\r\n/g, '\n').split('\n')
}

interface Context {
  sources: Map<string, ScriptSource>
  files: Map<string, string>
}

/** `scripts` → v2.1 events; records each script's source lines. */
function convertScripts(ctx: Context, yaml: YamlFile, at: { path: number[]; names: string[] }): Rec[] | undefined {
  const scripts = (yaml.data as Rec).scripts
  if (!Array.isArray(scripts)) return undefined
  const events: Rec[] = []
  const seen: Record<EventListen, number> = { prerequest: 0, test: 0 }
  scripts.forEach((script, i) => {
    if (!isRec(script) || typeof script.type !== 'string') return
    const listen = LISTEN[script.type]
    if (listen === undefined) return
    const exec = execLines(script.code)
    if (exec.length === 0) return
    const lines = codeSourceLines(yaml, nodeAt(yaml, ['scripts', i, 'code']))
    ctx.sources.set(scriptKey(at.path, listen, seen[listen]++), { file: yaml.file, lines, names: at.names })
    const language = typeof script.language === 'string' && script.language !== '' ? script.language : 'text/javascript'
    events.push({ listen, script: { type: language, exec } })
  })
  return events.length === 0 ? undefined : events
}

function put(out: Rec, key: string, value: unknown): void {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return
  out[key] = value
}

/** Description, variables, auth and scripts of a definition, on a folder item or the collection. */
function applyDefinition(ctx: Context, out: Rec, folder: V3Folder, at: { path: number[]; names: string[] }): void {
  const definition = folder.definition
  if (definition === undefined || !isRec(definition.data)) return
  const data = definition.data
  put(out, 'variable', keyValues(data.variables, false))
  put(out, 'auth', convertAuth(data.auth))
  put(out, 'event', convertScripts(ctx, definition, at))
}

function convertRequest(ctx: Context, request: V3Request, at: { path: number[]; names: string[] }): Rec {
  const data = request.yaml.data as Rec
  const item: Rec = {}
  put(item, 'id', typeof data.id === 'string' ? data.id : undefined)
  item.name = request.name
  item.request = convertRequestParts(data, String(data.$kind))
  put(item, 'response', request.examples.map(convertExample))
  put(item, 'event', convertScripts(ctx, request.yaml, at))
  put(item, 'protocolProfileBehavior', convertSettings(data.settings))
  ctx.files.set(at.path.join('/'), request.yaml.file)
  return item
}

function folderItem(folder: V3Folder): Rec {
  const data = isRec(folder.definition?.data) ? folder.definition.data : {}
  const item: Rec = {}
  put(item, 'id', typeof data.id === 'string' ? data.id : undefined)
  item.name = folder.name
  put(item, 'description', data.description ?? undefined)
  item.item = []
  return item
}

/** Converts a tree read by `readV3Collection`. */
export function convertV3Collection(tree: V3CollectionTree): V3Conversion {
  const ctx: Context = { sources: new Map(), files: new Map() }
  const root = tree.root
  const rootData = isRec(root.definition?.data) ? root.definition.data : {}
  const info: Rec = {}
  put(info, '_postman_id', typeof rootData.id === 'string' ? rootData.id : undefined)
  info.name = root.name
  put(info, 'description', rootData.description ?? undefined)
  info.schema = COLLECTION_SCHEMA_V21
  const collection: Rec = { info, item: [] }
  applyDefinition(ctx, collection, root, { path: [], names: [] })
  ctx.files.set('', root.definition?.file ?? root.dir)
  // Explicit work list: each entry fills the `item` list of an already created folder item.
  const work: Array<{ folder: V3Folder; target: Rec[]; path: number[]; names: string[] }> = [
    { folder: root, target: collection.item as Rec[], path: [], names: [] }
  ]
  while (work.length > 0) {
    const { folder, target, path, names } = work.pop()!
    folder.children.forEach((child: V3Node, i) => {
      const at = { path: [...path, i], names: [...names, child.name] }
      if (child.kind === 'request') return void target.push(convertRequest(ctx, child, at))
      const item = folderItem(child)
      applyDefinition(ctx, item, child, at)
      ctx.files.set(at.path.join('/'), child.definition?.file ?? child.dir)
      target.push(item)
      work.push({ folder: child, target: item.item as Rec[], ...at })
    })
  }
  return { collection: collection as unknown as CollectionBody, sources: ctx.sources, files: ctx.files }
}
