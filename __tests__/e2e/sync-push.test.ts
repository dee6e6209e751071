/**
 * End to end, the push path (issue 4, scenarios 1–4): the built action against the emulator with a
 * temporary git repository, one story per workspace — first push, a no-op run, one changed file,
 * a re-exported file. Each run is checked by what Postman holds afterwards, the requests it made
 * (methods, paths, count), the outputs, the summary and the annotations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { asFile, createTempRepo, type TempRepo } from './repo.js'
import { actionsOf, collection, commandsOf, environment, itemIds, readPlan, requestLines, runE2E, writesOf } from './helpers.js'

const A = 'postman/alpha.postman_collection.json'
const B = 'postman/beta.postman_collection.json'
const ENV = 'postman/local.postman_environment.json'
const STATE = 'Postman Sync state'

const alpha = (extra: Record<string, string> = {}) => collection('Alpha', { 'List things': 'https://api.example.test/things', ...extra }, { folder: 'Things' })
/** Beta: a folder, two requests, a saved example response on the first. */
function beta(opts: { id?: string; extra?: Record<string, string> } = {}): Record<string, unknown> {
  const c = collection(
    'Beta',
    { 'Get one': 'https://api.example.test/one', 'Get two': 'https://api.example.test/two', ...opts.extra },
    { id: opts.id, folder: 'Items' }
  )
  const items = (c.item as Array<{ item: Array<Record<string, unknown>> }>)[0]!.item
  items[0]!.response = [
    {
      name: 'Found',
      originalRequest: { method: 'GET', header: [], url: 'https://api.example.test/one' },
      status: 'OK',
      code: 200,
      header: [],
      body: '{"id":1}'
    }
  ]
  return c
}

let emulator: Emulator
let repo: TempRepo

beforeAll(async () => {
  // Generous list window: four runs in a row would otherwise be paced by the 10-per-10-s list limit.
  emulator = await startEmulator({ listRateLimit: { limit: 100, windowMs: 10_000 } })
  repo = await createTempRepo()
})

afterAll(async () => {
  await emulator?.close()
  await repo?.remove()
})

describe('push to the default branch, run after run', () => {
  let firstSha = ''
  let lastSha = ''

  it('1. the first push creates both collections, the environment and the state environment', async () => {
    firstSha = await repo.commit({ [A]: asFile(alpha()), [B]: asFile(beta()), [ENV]: asFile(environment('Local', [['baseUrl', 'https://api.example.test']])) })
    const result = await runE2E({ emulator, repo, sha: firstSha })
    lastSha = firstSha

    expect(result.code, result.stdout).toBe(0)
    expect(
      emulator
        .collections('ws-main')
        .map((c) => c.name)
        .sort()
    ).toEqual(['Alpha', 'Beta'])
    expect(
      emulator
        .environments('ws-main')
        .map((e) => e.name)
        .sort()
    ).toEqual(['Local', STATE])

    const writes = writesOf(result.requests)
    expect(requestLines(writes).sort()).toEqual(['POST /collections', 'POST /collections', 'POST /environments', 'POST /environments'])
    // Creates name the workspace: without it Postman files them in the user's oldest workspace.
    expect(writes.every((w) => w.query.workspace === 'ws-main')).toBe(true)
    expect(writes.every((w) => w.status === 200)).toBe(true)
    // The first push: the workspace, two listings, the id checks, the creates, the listings after, the state.
    expect(requestLines(result.requests).slice(0, 3)).toEqual(['GET /workspaces/ws-main', 'GET /collections', 'GET /environments'])

    expect(result.outputs).toMatchObject({ created: '3', updated: '0', unchanged: '0', conflicts: '0', failed: '0', changed: 'true', skipped: 'false' })
    const uids = JSON.parse(result.outputs.uids!) as Record<string, string>
    const byName = (name: string) => [...emulator.collections('ws-main'), ...emulator.environments('ws-main')].find((r) => r.name === name)?.uid
    expect(uids).toEqual({ [A]: byName('Alpha'), [B]: byName('Beta'), [ENV]: byName('Local') })

    const plan = await readPlan(result)
    expect(plan.mode).toBe('push')
    expect(actionsOf(plan.entries)).toEqual({ [A]: 'create', [B]: 'create', [ENV]: 'create' })
    // A push that wrote says what it did, not what it would do.
    expect(result.summary).toContain('**Sync:** 3 created, 0 updated, 0 unchanged, 0 conflicts, 0 errors')
    expect(result.summary).toContain('postman/alpha.postman&#95;collection.json')
    expect(commandsOf(result, 'error')).toEqual([])
    expect(commandsOf(result, 'warning')).toEqual([])
  })

  it('2. a run with nothing changed writes nothing and makes at most 4 calls', async () => {
    const sha = await repo.commit({}, 'unrelated change')
    const before = emulator.collections('ws-main').map((c) => `${c.uid}@${c.updatedAt}`)
    const result = await runE2E({ emulator, repo, sha, before: lastSha })
    lastSha = sha

    expect(result.code, result.stdout).toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    expect(result.requests.length).toBeLessThanOrEqual(4)
    expect(requestLines(result.requests)).toEqual([
      'GET /workspaces/ws-main',
      'GET /collections',
      'GET /environments',
      expect.stringMatching(/^GET \/environments\/[\w-]+$/)
    ])
    expect(emulator.collections('ws-main').map((c) => `${c.uid}@${c.updatedAt}`)).toEqual(before)
    expect(result.outputs).toMatchObject({ created: '0', updated: '0', unchanged: '3', changed: 'false', skipped: 'false' })
    expect(result.summary).toContain('3 unchanged')
    expect(commandsOf(result, 'error')).toEqual([])
    expect(commandsOf(result, 'warning')).toEqual([])
  })

  it('3. one changed file is exactly one collection PUT plus the state write; the rest is untouched', async () => {
    const untouched = () =>
      [...emulator.collections('ws-main'), ...emulator.environments('ws-main')]
        .filter((r) => r.name !== 'Alpha' && r.name !== STATE)
        .map((r) => `${r.uid}@${r.updatedAt}`)
    const before = untouched()
    const alphaUid = emulator.collections('ws-main').find((c) => c.name === 'Alpha')?.uid
    const stateUid = emulator.environments('ws-main').find((e) => e.name === STATE)?.uid
    const sha = await repo.commit({ [A]: asFile(alpha({ 'Create thing': 'https://api.example.test/things/new' })) }, 'add a request')
    const result = await runE2E({ emulator, repo, sha, before: lastSha })
    lastSha = sha

    expect(result.code, result.stdout).toBe(0)
    expect(requestLines(writesOf(result.requests))).toEqual([`PUT /collections/${alphaUid}`, `PUT /environments/${stateUid}`])
    // The call budget (docs/architecture.md#performance-targets): k changed files cost at most 5 + 3k calls.
    expect(result.requests.length).toBeLessThanOrEqual(5 + 3)
    expect(untouched()).toEqual(before)
    const stored = emulator.collections('ws-main').find((c) => c.name === 'Alpha')?.body
    expect(Object.keys(itemIds(stored))).toEqual(['Things', 'Things/List things', 'Things/Create thing'])

    expect(result.outputs).toMatchObject({ created: '0', updated: '1', unchanged: '2', changed: 'true' })
    const plan = await readPlan(result)
    expect(actionsOf(plan.entries)).toEqual({ [A]: 'update', [B]: 'unchanged', [ENV]: 'unchanged' })
    // The request-level diff names the added request by its folder path.
    expect(plan.entries.find((e) => e.path === A)?.diff).toMatchObject({ added: ['Things/Create thing'] })
    expect(result.summary).toContain('**Sync:** 0 created, 1 updated, 2 unchanged')
    expect(result.summary).toContain('Things/Create thing')
  })

  it('4. a re-exported file (fresh _postman_id, same name) updates its collection by name; folders, requests and saved responses keep their ids', async () => {
    const betaBefore = emulator.collections('ws-main').find((c) => c.name === 'Beta')
    const idsBefore = itemIds(betaBefore?.body)
    expect(Object.keys(idsBefore)).toEqual(['Items', 'Items/Get one', 'Items/Get one#Found', 'Items/Get two'])
    const freshId = '9f3c2b1a-0d4e-4f5a-8b6c-7d8e9f0a1b2c'
    const sha = await repo.commit({ [B]: asFile(beta({ id: freshId, extra: { 'Get three': 'https://api.example.test/three' } })) }, 're-export Beta')
    const result = await runE2E({ emulator, repo, sha, before: lastSha })
    lastSha = sha

    expect(result.code, result.stdout).toBe(0)
    expect(
      emulator
        .collections('ws-main')
        .map((c) => c.name)
        .sort()
    ).toEqual(['Alpha', 'Beta'])
    expect(requestLines(writesOf(result.requests)).filter((l) => l.startsWith('PUT /collections') || l.startsWith('POST'))).toEqual([
      `PUT /collections/${betaBefore?.uid}`
    ])
    const betaAfter = emulator.collections('ws-main').find((c) => c.name === 'Beta')
    expect(betaAfter?.uid).toBe(betaBefore?.uid)
    const idsAfter = itemIds(betaAfter?.body)
    // A PUT without the server's item ids would delete and recreate the items (their history and comments with them).
    for (const path of Object.keys(idsBefore)) expect(idsAfter[path], path).toBe(idsBefore[path])
    expect(idsAfter['Items/Get three']).toBeDefined()
    expect(Object.values(idsBefore)).not.toContain(idsAfter['Items/Get three'])
    // The exporter's fresh id is not the server's: the server keeps its own.
    expect(betaAfter?.body.info._postman_id).toBe(betaBefore?.id)

    const plan = await readPlan(result)
    const entry = plan.entries.find((e) => e.path === B)
    expect(entry).toMatchObject({ action: 'update', uid: betaBefore?.uid })
    expect(JSON.parse(result.outputs.uids!)[B]).toBe(betaBefore?.uid)
  })

  it('4b. a collection renamed in the repository renames it in Postman, not a second collection', async () => {
    const alphaBefore = emulator.collections('ws-main').find((c) => c.name === 'Alpha')
    const renamed = alpha({ 'Create thing': 'https://api.example.test/things/new' })
    ;(renamed.info as { name: string }).name = 'Alpha Service'
    const sha = await repo.commit({ [A]: asFile(renamed) }, 'rename Alpha')
    const result = await runE2E({ emulator, repo, sha, before: lastSha, inputs: { 'on-conflict': 'fail' } })
    lastSha = sha

    expect(result.code, result.stdout).toBe(0)
    // Creates get server ids, so neither the file's id nor its new name finds the collection: the state's path does.
    expect(
      emulator
        .collections('ws-main')
        .map((c) => c.name)
        .sort()
    ).toEqual(['Alpha Service', 'Beta'])
    expect(requestLines(writesOf(result.requests)).filter((l) => !l.startsWith('PUT /environments/'))).toEqual([`PUT /collections/${alphaBefore?.uid}`])
    const entry = (await readPlan(result)).entries.find((e) => e.path === A)
    expect(entry).toMatchObject({ action: 'update', uid: alphaBefore?.uid, name: 'Alpha Service' })
    expect(entry?.diff).toMatchObject({ collection: ['name'] })
    expect(itemIds(emulator.collections('ws-main').find((c) => c.name === 'Alpha Service')?.body)).toEqual(itemIds(alphaBefore?.body))
  })
})
