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
