/**
 * End to end, real content (issue 4, scenario 11): every collection and environment of
 * `__tests__/fixtures/files/corpus/` (public collections from many exporters, v2.0.0 and v2.1.0,
 * the schema examples) and the hand-written storage cases of `__tests__/fixtures/content/`, pushed
 * in one repository and one run; the next run finds all of them unchanged with no write and at
 * most 4 calls; a run without the state, where every remote is fetched and compared by content,
 * still finds all of them unchanged.
 *
 * Left out on purpose: the corpus's `odd/` files (invalid or misnamed files, such as a collection
 * saved with a UTF-8 BOM, which discovery refuses, so they would block every write),
 * `disabled-and-duplicates` (one key enabled twice: Postman refuses it, so it is an invalid file
 * too; `sync-real-api.test.ts` covers it), and the storage cases' `*.stored.json` (server
 * responses, not files a team commits; they share their names with the `*.local.json` files).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { createTempRepo, type TempRepo } from './repo.js'
import { commandsOf, readPlan, runE2E, writesOf } from './helpers.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))

function corpusFiles(): Record<string, string> {
  const files: Record<string, string> = {}
  const add = (dir: string, target: string, keep: (name: string) => boolean): void => {
    for (const name of readdirSync(`${FIXTURES}${dir}`).filter(keep)) files[`corpus/${target}/${name}`] = readFileSync(`${FIXTURES}${dir}/${name}`, 'utf8')
  }
  add('files/corpus/collections', 'collections', (n) => n.endsWith('.json'))
  add('content/storage', 'collections', (n) => n.endsWith('.local.json'))
  add('files/corpus/environments', 'environments', (n) => n.endsWith('.json') && !n.includes('disabled-and-duplicates'))
  return files
}

let emulator: Emulator
let repo: TempRepo

beforeAll(async () => {
  // Generous limits: one push of ~40 resources must not be paced by the defaults.
  emulator = await startEmulator({ rateLimit: { limit: 1000, windowMs: 60_000 }, listRateLimit: { limit: 100, windowMs: 10_000 } })
  repo = await createTempRepo()
})

afterAll(async () => {
  await emulator?.close()
  await repo?.remove()
})

it('11. every corpus collection and environment pushes; the next runs find all unchanged with zero writes', async () => {
  const files = corpusFiles()
  const collections = Object.keys(files).filter((p) => p.startsWith('corpus/collections/'))
  const environments = Object.keys(files).filter((p) => p.startsWith('corpus/environments/'))
  expect(collections.length).toBeGreaterThanOrEqual(30)
  expect(environments.length).toBeGreaterThanOrEqual(10)
  const sha = await repo.commit(files)
  const inputs = { collections: 'corpus/collections/*.json', environments: 'corpus/environments/*.json' }

  const first = await runE2E({ emulator, repo, sha, inputs })
  const plan = await readPlan(first)
  expect(plan.entries.filter((e) => e.action !== 'create').map((e) => `${e.path}: ${e.action} ${e.reason ?? ''}`)).toEqual([])
  expect(first.code, first.stdout).toBe(0)
  expect(commandsOf(first, 'error')).toEqual([])
  expect(emulator.collections('ws-main')).toHaveLength(collections.length)
  // Every environment plus the state.
  expect(emulator.environments('ws-main')).toHaveLength(environments.length + 1)
  expect(writesOf(first.requests).filter((w) => w.status !== 200)).toEqual([])

  const second = await runE2E({ emulator, repo, sha, before: sha, inputs })
  expect(second.code, second.stdout).toBe(0)
  expect(writesOf(second.requests)).toEqual([])
  expect(second.requests.length).toBeLessThanOrEqual(4)
  expect(second.outputs).toMatchObject({ unchanged: String(collections.length + environments.length), changed: 'false' })

  // Without the state every remote is fetched: normalization must absorb what the server rewrote.
  const byContent = await runE2E({ emulator, repo, sha, before: sha, inputs: { ...inputs, state: 'off' } })
  const entries = (await readPlan(byContent)).entries
  expect(entries.filter((e) => e.action !== 'unchanged').map((e) => `${e.path}: ${e.action} ${e.reason ?? ''}`)).toEqual([])
  expect(writesOf(byContent.requests)).toEqual([])
  expect(byContent.code, byContent.stdout).toBe(0)
}, 120_000)
