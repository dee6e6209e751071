/**
 * A Native Git (Collection v3 YAML) collection directory as the runner needs it: read and validated
 * (src/discovery/native-git), converted to the v2.1 collection newman runs (src/content/native-git),
 * with what findings need to point back into the YAML: where each script line came from, which file
 * each item was read from, and the line of each request's `url:`.
 *
 * Each converted event gets an id naming its script (`scriptKey`) in this run's copy only: newman's
 * `script` event carries the event, so a script error is put on the file of the very script that
 * threw (the request's, its folder's or the collection's), not guessed from the item.
 */
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ActionError } from '../errors.js'
import { plural } from '../util/plural.js'
import type { Finding } from '../model/finding.js'
import { readV3Collection, type ReadV3Result } from '../discovery/native-git/read-collection.js'
import type { V3Folder } from '../discovery/native-git/tree.js'
import { positionOf } from '../discovery/native-git/yaml-file.js'
import { convertV3Collection, scriptKey, type ScriptSource } from '../content/native-git/convert-collection.js'
import { entriesOf, readCollectionFile, type CollectionFile, type RawItem } from './collection-file.js'

/** Prefix of the event ids set on the run's copy (a user's own event ids never start with it). */
export const V3_EVENT_ID_PREFIX = 'postman-sync-v3:'

/** One v3 collection directory, read, validated and converted for a run. */
export interface V3CollectionRun {
  format: 'v3'
  /** Repository-relative collection directory, `/`-separated. */
  path: string
  name: string
  /** The converted v2.1 collection, its events tagged (see above). */
  collection: RawItem & { info?: { name?: string } }
  requests: number
  entryNames: Set<string>
  /** Script source lines, by `scriptKey(itemPath, listen, index)`. */
  sources: Map<string, ScriptSource>
  /** The file each item was read from, by `itemPath.join('/')` (`''`: the collection). */
  files: Map<string, string>
  /** The line of each request's `url:` (1 when it has none), by `itemPath.join('/')`. */
  urlLines: Map<string, number>
}

/** Any collection the runner runs: a JSON file or a v3 directory. */
export type RunnableCollection = CollectionFile | V3CollectionRun

export function isV3Run(file: RunnableCollection): file is V3CollectionRun {
  return 'format' in file && file.format === 'v3'
}

/** Reads a collection path: a directory is a v3 collection (`read`: its tree, when already read), anything else a JSON file. */
export async function readRunnableCollection(root: string, path: string, read?: ReadV3Result): Promise<RunnableCollection> {
  const isDirectory = await stat(resolve(root, path)).then(
    (s) => s.isDirectory(),
    () => false
  )
  return isDirectory ? readV3CollectionRun(root, path, read) : readCollectionFile(root, path)
}

/** How many of a collection's error findings a run error quotes (every one is annotated on its own). */
const QUOTED_ERRORS = 3

/**
 * Reads, validates and converts one v3 collection directory (`read`: the tree the run selection
 * already read and validated); an invalid one is an error naming its files.
 */
export async function readV3CollectionRun(root: string, path: string, read?: ReadV3Result): Promise<V3CollectionRun> {
  const { tree, findings } = read ?? (await readV3Collection(resolve(root, path), { relativeTo: root }))
  const errors = findings.filter((f) => f.level === 'error')
  if (errors.length > 0) throw new ActionError(invalidTreeMessage(path, errors))
  const { collection, sources, files } = convertV3Collection(tree)
  const raw = collection as unknown as V3CollectionRun['collection']
  tagEvents(raw)
  return { format: 'v3', path, name: tree.root.name, collection: raw, ...entriesOf(raw), sources, files, urlLines: urlLines(tree.root) }
}

/** The run error of a tree that does not validate: its first errors, each at file:line. */
export function invalidTreeMessage(path: string, errors: Finding[]): string {
  const quoted = errors.slice(0, QUOTED_ERRORS).map((f) => `${f.file}${f.line === undefined ? '' : `:${f.line}`}: ${f.message}`)
  const more = errors.length > QUOTED_ERRORS ? `; ${errors.length - QUOTED_ERRORS} more` : ''
  return `Native Git collection ${path} is invalid (${plural(errors.length, 'error')}), so it is not run: ${quoted.join('; ')}${more}.`
}

/** Sets `id` on every event of the tree to its script key (explicit work list, as the converter walks). */
function tagEvents(collection: RawItem): void {
  const work: Array<{ node: RawItem; path: number[] }> = [{ node: collection, path: [] }]
  while (work.length > 0) {
    const { node, path } = work.pop()!
    const seen: Record<string, number> = {}
    for (const event of node.event ?? []) {
      const listen = event.listen === 'prerequest' ? 'prerequest' : 'test'
      event.id = `${V3_EVENT_ID_PREFIX}${scriptKey(path, listen, (seen[listen] = (seen[listen] ?? -1) + 1))}`
    }
    node.item?.forEach((child, i) => work.push({ node: child, path: [...path, i] }))
  }
}

/** The script key an event id names, when it is one of ours. */
export function scriptKeyOfEvent(id: string | undefined): string | undefined {
  return id?.startsWith(V3_EVENT_ID_PREFIX) ? id.slice(V3_EVENT_ID_PREFIX.length) : undefined
}

/** `url:` lines of every request, walked in the converter's order (children are already sorted). */
function urlLines(root: V3Folder): Map<string, number> {
  const lines = new Map<string, number>()
  const work: Array<{ folder: V3Folder; path: number[] }> = [{ folder: root, path: [] }]
  while (work.length > 0) {
    const { folder, path } = work.pop()!
    folder.children.forEach((child, i) => {
      if (child.kind === 'folder') return void work.push({ folder: child, path: [...path, i] })
      const hasUrl = (child.yaml.data as { url?: unknown }).url !== undefined
      lines.set([...path, i].join('/'), hasUrl ? positionOf(child.yaml, ['url']).line : 1)
    })
  }
  return lines
}
