/**
 * End to end, a push that fails half-way (issue 4, scenario 7, last part): Postman refuses one
 * write for good (413, body too large: not retried), the other writes stand and are recorded; the
 * step fails at that file. The next push (the file fixed) writes only what is missing — the
 * failed create once, nothing for what already landed — and the run after is a no-op.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { asFile, createTempRepo, type TempRepo } from './repo.js'
import { actionsOf, alpha, collection, commandsOf, readPlan, requestLines, runE2E, writesOf } from './helpers.js'

const A = 'postman/alpha.postman_collection.json'
const C = 'postman/gamma.postman_collection.json'
/** Postman refuses collection bodies above this (scaled down from the real 20 MB-ish limit). */
const MAX_COLLECTION_BYTES = 8_000

let emulator: Emulator
let repo: TempRepo

beforeAll(async () => {
  emulator = await startEmulator({ maxCollectionBytes: MAX_COLLECTION_BYTES, listRateLimit: { limit: 100, windowMs: 10_000 } })
  repo = await createTempRepo()
})

afterAll(async () => {
  await emulator?.close()
  await repo?.remove()
})

function gamma(requests: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: requests }, (_, i) => [`Request number ${i}`, `https://api.example.test/gamma/${i}`]))
}

it('7d. a push that fails half-way records what landed; the next push writes only what is missing, once', async () => {
  const first = await repo.commit({ [A]: asFile(alpha()) })
  expect((await runE2E({ emulator, repo, sha: first })).code).toBe(0)
  const alphaUid = emulator.collections('ws-main')[0]!.uid

  const big = asFile(collection('Gamma', gamma(80)))
  expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_COLLECTION_BYTES)
  const second = await repo.commit({ [A]: asFile(alpha({ 'Create thing': 'https://api.example.test/things/new' })), [C]: big }, 'change Alpha, add a big Gamma')
  const failed = await runE2E({ emulator, repo, sha: second, before: first })

  expect(failed.code).not.toBe(0)
  const writes = writesOf(failed.requests)
  expect(writes.filter((w) => w.path === '/collections' && w.method === 'POST').map((w) => w.status)).toEqual([413])
  expect(writes.some((w) => w.method === 'PUT' && w.path === `/collections/${alphaUid}` && w.status === 200)).toBe(true)
  expect(emulator.collections('ws-main').map((c) => c.name)).toEqual(['Alpha'])
  expect(commandsOf(failed, 'error').some((e) => e.properties.file === C)).toBe(true)
  expect(actionsOf((await readPlan(failed)).entries)).toEqual({ [A]: 'update', [C]: 'error' })
  expect(failed.outputs).toMatchObject({ updated: '1', failed: '1' })

  // The file is fixed; Alpha's update landed and was recorded, so only Gamma is written now.
  const third = await repo.commit({ [C]: asFile(collection('Gamma', gamma(3))) }, 'smaller Gamma')
  const next = await runE2E({ emulator, repo, sha: third, before: second })
  expect(next.code, next.stdout).toBe(0)
  expect(requestLines(writesOf(next.requests))).toEqual(['POST /collections', expect.stringMatching(/^PUT \/environments\//)])
  expect(actionsOf((await readPlan(next)).entries)).toEqual({ [A]: 'unchanged', [C]: 'create' })
  expect(
    emulator
      .collections('ws-main')
      .map((c) => c.name)
      .sort()
  ).toEqual(['Alpha', 'Gamma'])
  // Alpha needed no GET: its state entry from the failed run was enough.
  expect(next.requests.some((r) => r.method === 'GET' && r.path === `/collections/${alphaUid}`)).toBe(false)

  const quiet = await runE2E({ emulator, repo, sha: third, before: third })
  expect(writesOf(quiet.requests)).toEqual([])
  expect(quiet.requests.length).toBeLessThanOrEqual(4)
})
