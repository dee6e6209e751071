/**
 * Real collections and environments through the emulator over HTTP, which stores them the way the
 * Postman API does (server ids, url objects, exec lines, schema URL): what comes back must compare
 * equal to the file, diff empty, and a PUT of the id-mapped file must keep every item's id.
 */
import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import type { CollectionBody, EnvironmentBody } from '../../src/postman/api.js'
import { diffCollections, diffEnvironments, isEmptyDiff } from '../../src/content/diff.js'
import { mergeEnvironment } from '../../src/content/environment-merge.js'
import { mapItemIds } from '../../src/content/id-map.js'
import { collectionsEqual, environmentsEqual } from '../../src/content/normalize.js'
import { CORPUS, FIXTURES, corpusCollections, loadJson } from './helpers.js'

const API_KEY = 'PMAK-00000000000000000000000a-0000000000000000000000000000000000'

let emulator: Emulator

beforeAll(async () => {
  // Every test here makes a handful of calls per file; lift the per-minute window out of the way.
  emulator = await startEmulator({ rateLimit: { limit: 100_000, windowMs: 60_000 } })
})
afterAll(async () => {
  await emulator.close()
})

/** An API answer: `{collection: …}` or `{environment: …}`. */
type Answer = Record<string, { id?: string } & Record<string, unknown>>

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const json = (await res.json()) as Answer
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`)
  return json
}

const itemIds = (list: unknown): string[] =>
  Array.isArray(list) ? list.flatMap((el: Record<string, unknown>) => [String(el.id), ...itemIds(el.item), ...itemIds(el.response)]) : []

describe.each(corpusCollections())('collection %s through the emulator', (_file, local) => {
  it('reads back equal, with an empty diff, and a mapped PUT keeps every id', async () => {
    const created = await call('POST', '/collections?workspace=ws-main', { collection: mapItemIds(local, undefined, undefined) })
    const id = String(created.collection!.id)
    const remote = (await call('GET', `/collections/${id}`)).collection as unknown as CollectionBody

    // The emulator is not an echo: the stored form carries server ids on every item.
    expect(itemIds(remote.item).every((x) => x !== 'undefined')).toBe(true)
    expect(collectionsEqual(local, remote)).toBe(true)
    expect(diffCollections(remote, local)).toEqual({ added: [], removed: [], changed: [], collection: [] })

    await call('PUT', `/collections/${id}`, { collection: mapItemIds(local, remote, id) })
    const after = (await call('GET', `/collections/${id}`)).collection as unknown as CollectionBody
    expect(itemIds(after.item)).toEqual(itemIds(remote.item))
    expect(collectionsEqual(local, after)).toBe(true)
  })
})

// One key enabled twice is an invalid file (Postman refuses it): `validate-environment.test.ts`.
const environmentFiles = readdirSync(`${FIXTURES}${CORPUS}environments`)
  .filter((f) => !f.includes('disabled-and-duplicates'))
  .sort()

describe.each(environmentFiles)('environment %s through the emulator', (file) => {
  it('reads back equal, and a second push changes nothing', async () => {
    const local = loadJson<EnvironmentBody>(`${CORPUS}environments/${file}`)
    const first = mergeEnvironment(local, undefined)
    const created = await call('POST', '/environments?workspace=ws-main', { environment: first.body })
    const id = String(created.environment!.id)
    const remote = (await call('GET', `/environments/${id}`)).environment as unknown as EnvironmentBody
    expect(environmentsEqual(first.body, remote)).toBe(true)
    const second = mergeEnvironment(local, remote)
    expect(isEmptyDiff(diffEnvironments(remote, second.body))).toBe(true)
  })
})
