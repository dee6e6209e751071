/** Shared helpers of the emulator tests: real HTTP calls, fixtures, a hand-driven clock. */
import { readFileSync } from 'node:fs'
import { DEFAULT_API_KEY, type Emulator } from '../../emulator/server.js'

export const KEY = DEFAULT_API_KEY

/** One answer: status, headers, parsed JSON (or the raw text when it is not JSON). */
export interface Answer {
  status: number
  headers: Headers
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string
}

/** Calls the emulator over real HTTP with the default key (pass `key: null` for none). */
export async function call(
  emulator: Emulator,
  method: string,
  path: string,
  opts: { body?: unknown; key?: string | null; headers?: Record<string, string> } = {}
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.key !== null) headers['X-Api-Key'] = opts.key ?? KEY
  let body: string | undefined
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
    headers['Content-Type'] = 'application/json'
  }
  const res = await fetch(emulator.url + path, { method, headers, body })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON (504 HTML): keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed, text }
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 0, 1)): { now(): number; advance(ms: number): void } {
  let t = start
  return { now: () => t, advance: (ms) => void (t += ms) }
}

/**
 * Test data the emulator tests use, read from its one copy in the repository: the public
 * collections of the test corpus and the Collection Format schema the action itself validates with.
 */
const FIXTURES: Record<string, string> = {
  'camunda-cloud-management.postman_collection.json':
    '../fixtures/files/corpus/collections/camunda-community-hub__camunda-8-api-postman-collection__Camunda_Cloud_Management_API.postman_collection.json',
  'collection-v2.1.0-httpbin.json': '../fixtures/files/corpus/collections/collection-v2.1.0-httpbin.json',
  'collection-v2.1.0-nestedEntities.json': '../fixtures/files/corpus/collections/collection-v2.1.0-nestedEntities.json',
  'collection-schema-v2.1.0.draft-07.json': '../../src/discovery/schemas/collection-schema-v2.1.0.draft-07.json'
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: string): any {
  const path = FIXTURES[name]
  if (path === undefined) throw new Error(`no emulator test fixture named ${name}`)
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'))
}

/** A small valid v2.1.0 collection. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function tinyCollection(name = 'Tiny'): any {
  return {
    info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      {
        name: 'Folder',
        item: [{ name: 'Get users', request: { method: 'GET', url: '{{baseUrl}}/users' } }]
      },
      { name: 'Health', request: { method: 'GET', url: '{{baseUrl}}/health' } }
    ]
  }
}
