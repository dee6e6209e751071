/**
 * A committed collection file as the runner needs it: the parsed collection (what newman runs),
 * the text (where findings point), the request count (shard weight) and the folder names (to
 * skip a collection that lacks a `folder`).
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ActionError } from '../errors.js'
import type { JsonPath } from '../util/json-positions.js'

/** A node of the Collection Format tree, as committed. */
export interface RawItem {
  id?: string
  name?: string
  item?: RawItem[]
  request?: unknown
  event?: Array<{ id?: string; listen?: string; script?: { exec?: string | string[] } }>
}

/** One collection file, read and parsed. */
export interface CollectionFile {
  /** Repository-relative path with `/` separators. */
  path: string
  text: string
  /** The collection itself (the API envelope `{ "collection": … }` removed). */
  collection: RawItem & { info?: { name?: string } }
  /** JSON path of the collection inside the file: `[]`, or `['collection']` for an API envelope. */
  prefix: JsonPath
  name: string
  /** Requests (leaf items) in the collection. */
  requests: number
  /** Names and ids of every folder and request, as newman's `folder` lookup matches them. */
  entryNames: Set<string>
}

/** Reads and parses a collection; an unreadable or invalid file is an error naming the file. */
export async function readCollectionFile(root: string, path: string): Promise<CollectionFile> {
  let text: string
  try {
    text = await readFile(resolve(root, path), 'utf8')
  } catch (error) {
    throw new ActionError(`Cannot read collection ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ActionError(`Collection ${path} is not valid JSON; it cannot be run.`)
  }
  return collectionFromJson(path, text, parsed)
}

/** Builds the record from already parsed JSON. */
export function collectionFromJson(path: string, text: string, parsed: unknown): CollectionFile {
  if (typeof parsed !== 'object' || parsed === null) throw new ActionError(`Collection ${path} is not a JSON object; it cannot be run.`)
  const envelope = parsed as { collection?: unknown; info?: unknown }
  const wrapped = envelope.info === undefined && typeof envelope.collection === 'object' && envelope.collection !== null
  const collection = (wrapped ? envelope.collection : parsed) as CollectionFile['collection']
  const { requests, entryNames } = entriesOf(collection)
  return {
    path,
    text,
    collection,
    prefix: wrapped ? ['collection'] : [],
    name: typeof collection.info?.name === 'string' ? collection.info.name : path,
    requests,
    entryNames
  }
}

/** Requests (the shard weight) and the names `folder` may select, of a parsed collection. */
export function entriesOf(collection: RawItem): { requests: number; entryNames: Set<string> } {
  const entryNames = new Set<string>()
  return { requests: walk(collection.item, entryNames), entryNames }
}

/**
 * Counts requests and collects folder/request names. Iterative (no nesting depth can overflow the
 * stack) and tolerant: whatever is not an array of objects counts for nothing, as the validation
 * reports it (the runner never runs an invalid file; this only must not crash on one).
 */
function walk(root: unknown, names: Set<string>): number {
  let requests = 0
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const items = stack.pop()
    if (!Array.isArray(items)) continue
    for (const item of items as unknown[]) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue
      const { name, id, item: children } = item as RawItem
      if (typeof name === 'string') names.add(name)
      if (typeof id === 'string') names.add(id)
      if (Array.isArray(children)) stack.push(children)
      else requests++
    }
  }
  return requests
}
