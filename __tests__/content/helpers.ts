/** Builders and fixture loaders shared by the content tests. */
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CollectionBody } from '../../src/postman/api.js'

/** `__tests__/fixtures/`: real files are read from `files/corpus/`, the hand-written storage pairs from `content/storage/`. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
export const CORPUS = 'files/corpus/'

/** Parses a fixture, relative to `__tests__/fixtures/` (a leading UTF-8 BOM is removed, as discovery does). */
export function loadJson<T = CollectionBody>(relative: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${relative}`, 'utf8').replace(/^\uFEFF/, '')) as T
}

/** Every real public collection copied from the corpus and the schema examples. */
export function corpusCollections(): Array<[string, CollectionBody]> {
  return readdirSync(`${FIXTURES}${CORPUS}collections`)
    .sort()
    .map((f) => [f, loadJson(`${CORPUS}collections/${f}`)])
}

export const SCHEMA_21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'

type Rec = Record<string, unknown>

/** A v2.1.0 collection around `item`, with extra root keys. */
export function col(item: unknown[], extra: Rec = {}, info: Rec = {}): CollectionBody {
  return { info: { name: 'C', schema: SCHEMA_21, ...info }, item, ...extra }
}

/** A request item. */
export function req(name: string, method = 'GET', request: Rec = {}, extra: Rec = {}): Rec {
  return { name, request: { method, url: `https://api.example.com/${encodeURIComponent(name)}`, ...request }, ...extra }
}

/** A folder. */
export function folder(name: string, item: unknown[], extra: Rec = {}): Rec {
  return { name, item, ...extra }
}

/** A deep copy with every object's keys in reverse order. */
export function reverseKeys<T>(x: T): T {
  if (Array.isArray(x)) return x.map(reverseKeys) as T
  if (x === null || typeof x !== 'object') return x
  const out: Rec = {}
  for (const k of Object.keys(x).reverse()) out[k] = reverseKeys((x as Rec)[k])
  return out as T
}

export const clone = <T>(x: T): T => structuredClone(x)

let serial = 0
const nextId = (): string => `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`

/**
 * What `GET /collections/{uid}` returns for a collection stored from `exported` (an app export),
 * decorated as docs/postman-api.md describes the real API: every item and saved response gets
 * `id` and `uid`; every request `protocolProfileBehavior.disableBodyPruning: true` (merged into
 * what it had); every script an `id` and `packages: {}`; `info` loses the exporter's
 * `_exporter_id`/`_collection_link` and gains `uid`, `createdAt`, `updatedAt`, `lastUpdatedBy`.
 */
export function decoratedGet(exported: CollectionBody, owner = '12345678'): CollectionBody {
  const c = structuredClone<Rec & CollectionBody>(exported)
  const uid = (id: string): string => `${owner}-${id}`
  const scripts = (events: unknown): void => {
    if (!Array.isArray(events)) return
    for (const ev of events as Rec[]) {
      if (ev && typeof ev.script === 'object' && ev.script !== null) Object.assign(ev.script as Rec, { id: nextId(), packages: {} })
    }
  }
  const items = (list: unknown): void => {
    if (!Array.isArray(list)) return
    for (const item of list as Rec[]) {
      if (item === null || typeof item !== 'object') continue
      const id = nextId()
      Object.assign(item, { id, uid: uid(id) })
      scripts(item.event)
      if (Array.isArray(item.item)) {
        items(item.item)
        continue
      }
      item.protocolProfileBehavior = { ...(item.protocolProfileBehavior ?? {}), disableBodyPruning: true }
      for (const r of Array.isArray(item.response) ? (item.response as Rec[]) : []) {
        const rid = nextId()
        if (r && typeof r === 'object') Object.assign(r, { id: rid, uid: uid(rid) })
      }
    }
  }
  items(c.item)
  scripts(c.event)
  const info = c.info as Rec
  const id = typeof info._postman_id === 'string' ? info._postman_id : nextId()
  delete info._exporter_id
  delete info._collection_link
  Object.assign(info, { _postman_id: id, uid: uid(id), createdAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-02T10:00:00.000Z', lastUpdatedBy: owner })
  return c
}
