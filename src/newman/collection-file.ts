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
  event?: Array<{ listen?: string; script?: { exec?: string | string[] } }>
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
  const entryNames = new Set<string>()
  const requests = walk(collection.item ?? [], entryNames)
  return {
    path,
    text,
    collection,
    prefix: wrapped ? ['collection'] : [],
    name: collection.info?.name ?? path,
    requests,
    entryNames
  }
}

function walk(items: RawItem[], names: Set<string>): number {
  let requests = 0
  for (const item of items) {
    if (item.name !== undefined) names.add(item.name)
    if (item.id !== undefined) names.add(item.id)
    if (Array.isArray(item.item)) requests += walk(item.item, names)
    else requests++
  }
  return requests
}
