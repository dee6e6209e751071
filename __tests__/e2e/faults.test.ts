/**
 * The built action against a Postman API that misbehaves (docs/architecture.md#the-postman-api-client): each fault either leaves
 * Postman exactly as the repository describes it, or fails the run cleanly having written nothing
 * it could not finish — and never a duplicate. A rerun without the fault then converges, with no
 * manual clean-up.
 *
 * The faults are the emulator's deterministic "every n-th call" switches; a forwarder in front of
 * it makes the ones the emulator cannot (a month that runs out mid-push, a server that stops).
 * Answers slower than the request timeout are tested at the client level (the last block): the
 * action has no input for the Postman API request timeout (60 s, the client's default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type Faults } from '../../emulator/server.js'
import { createPostmanClient } from '../../src/postman/client.js'
import {
  API_KEY,
  GENEROUS_LIMITS,
  QUOTA_EXHAUSTED,
  actionsOf,
  annotationsOf,
  collection,
  commandsOf,
  commit,
  countNamed,
  lines,
  localView,
  readPlan,
  remoteView,
  run,
  scenario,
  standardFiles,
  startForwarder,
  startWorld,
  transcript,
  writesOf,
  asFile,
  type RunResult,
  type Scenario,
  type World
} from './fault-helpers.js'

let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterAll(async () => world?.close())

const ALL_UNCHANGED = {
  'postman/orders.postman_collection.json': 'unchanged',
  'postman/staging.postman_environment.json': 'unchanged',
  'postman/users.postman_collection.json': 'unchanged'
}

/** The run passed and Postman holds exactly what the repository says (a duplicate throws in remoteView). */
function expectInSync(s: Scenario, result: RunResult, files: Record<string, string>): void {
  expect(result.code, transcript(result)).toBe(0)
  expect(remoteView(s.world.emu, s.workspace)).toEqual(localView(files))
}

/** A rerun without faults: nothing left to write, everything unchanged. */
async function expectConverged(s: Scenario, files: Record<string, string>): Promise<void> {
  s.world.emu.setFaults({})
  const again = await run(s)
  expectInSync(s, again, files)
  expect(actionsOf((await readPlan(again))?.entries)).toEqual(ALL_UNCHANGED)
  expect(writesOf(again.requests)).toEqual([])
}

/**
 * Creates under `faults`, then (unless `update` is false) an update of every file under the same
 * faults, then a rerun without them. Returns the faulty runs, for the fault-specific assertions.
 */
async function createUpdateConverge(faults: Faults, { update: withUpdate = true } = {}): Promise<{ create: RunResult; update?: RunResult }> {
  const v1 = standardFiles(1)
  const s = await scenario(world, v1)
  world.emu.setFaults(faults)
  const create = await run(s)
  expectInSync(s, create, v1)
  expect(create.outputs.created).toBe('3')

  if (!withUpdate) {
    await expectConverged(s, v1)
    return { create }
  }
  const v2 = standardFiles(2)
  await commit(s, v2, 'v2')
  world.emu.setFaults(faults)
  const update = await run(s)
  expectInSync(s, update, v2)
  expect(update.outputs.updated).toBe('3')

  await expectConverged(s, v2)
  return { create, update }
}

describe('transient faults: the run still ends in sync, without duplicates', () => {
  it('503 on every 4th call: retried, creates and updates land once', async () => {
    const { create, update } = await createUpdateConverge({ status503Every: 4 })
    for (const r of [create, update!]) expect(r.requests.filter((q) => q.status === 503).length).toBeGreaterThan(0)
    // A 503 is refused before it is applied: every create answered 200 exactly once per resource.
    expect(create.requests.filter((q) => q.method === 'POST' && q.status === 200)).toHaveLength(4) // 3 files + the state
  }, 60_000)

  // Resets and 504s on updates take the 503 path (idempotent retry); these two runs create only.
  it('a connection reset on every 7th call: retried, a reset create is looked up before it is sent again', async () => {
    const { create } = await createUpdateConverge({ resetEvery: 7 }, { update: false })
    expect(create.requests.filter((q) => q.status === 0).length).toBeGreaterThan(0)
    expect(create.requests.filter((q) => q.method === 'POST' && q.status === 200)).toHaveLength(4)
  }, 60_000)

  it('a 504 with an HTML body on every 4th call: treated as transient, never shown as HTML', async () => {
    const { create } = await createUpdateConverge({ html504Every: 4 }, { update: false })
    expect(create.requests.filter((q) => q.status === 504).length).toBeGreaterThan(0)
    expect(create.stdout + create.summary).not.toMatch(/<html|<center>/i)
  }, 60_000)
})

describe('faults that applied the change although the answer said otherwise', () => {
  it('every create stored but its answer lost: each is adopted by name, none posted twice', async () => {
    const files = standardFiles(1)
    const s = await scenario(world, files)
    world.emu.setFaults({ lostCreateEvery: 1 })
    const result = await run(s)
    expectInSync(s, result, files)
    // Every POST lost its answer (status 0) and none was sent again: adopted from the listing.
    const posts = result.requests.filter((q) => q.method === 'POST')
    expect(posts.map((q) => q.status)).toEqual([0, 0, 0, 0])
    for (const name of ['Users', 'Orders', 'Staging', 'Postman Sync state']) expect(countNamed(world.emu, s.workspace, name)).toBe(1)
    // The uids reported are the adopted resources'.
    const uidOf = (name: string) => [...world.emu.collections(s.workspace), ...world.emu.environments(s.workspace)].find((r) => r.name === name)?.uid
    expect(JSON.parse(result.outputs.uids!)).toEqual({
      'postman/users.postman_collection.json': uidOf('Users'),
      'postman/orders.postman_collection.json': uidOf('Orders'),
      'postman/staging.postman_environment.json': uidOf('Staging')
    })
    await expectConverged(s, files)
  }, 60_000)

  it('a PUT answered 500 although applied (every 2nd PUT): retried as idempotent, no conflict on the rerun', async () => {
    const { update } = await createUpdateConverge({ appliedButErrorEvery: 2 })
    expect(update!.requests.filter((q) => q.method === 'PUT' && q.status === 500).length).toBeGreaterThan(0)
  }, 60_000)
})

describe('monthly quota', () => {
  it('a monthly quota too small for the plan: refused before the first write, saying how many calls are left', async () => {
    // Reads: the workspace, two listings and three id checks = 6; the push would need 3 writes,
    // two listings and the state = 6. A limit of 8 leaves 2 after the reads.
    const emu = await startEmulator({ ...GENEROUS_LIMITS, apiKeys: [API_KEY], monthlyLimit: 8 })
    const small: World = { ...world, emu, nextWorkspace: () => 'ws-main' }
    try {
      const files = standardFiles(1)
      const s = await scenario(small, files)
      const result = await run(s)
      expect(writesOf(result.requests), lines(result.requests).join('\n')).toEqual([])
      expect(emu.collections('ws-main')).toEqual([])
      const warnings = commandsOf(result, 'warning').map((c) => c.message)
      expect(warnings.join('\n')).toMatch(/Only 2 Postman API calls are left this month and this push needs 6; nothing was written/)
      expect(result.summary).toMatch(/Postman API calls left this month: 2/)
      const plan = await readPlan(result)
      expect(plan?.writesSkipped).toMatch(/left this month/)
      // A refused push fails the step, each file it would have written an error at its path.
      expect(result.code).not.toBe(0)
      expect(actionsOf(plan?.entries)).toEqual({
        'postman/orders.postman_collection.json': 'error',
        'postman/staging.postman_environment.json': 'error',
        'postman/users.postman_collection.json': 'error'
      })
      const atFiles = annotationsOf(result).filter((a) => a.level === 'error' && a.file !== undefined)
      expect(atFiles.map((a) => a.file).sort()).toEqual(Object.keys(files).sort())
      for (const a of atFiles) expect(a.message).toMatch(/^Not written: Only 2 Postman API calls are left this month/)
    } finally {
      await emu.close()
    }
  }, 60_000)

  it('the quota running out halfway: fails fast, says which files were pushed, and the rerun finishes the rest', async () => {
    const forwarder = await startForwarder(world.emu.url)
    try {
      const files = standardFiles(1)
      const s = await scenario(world, files)
      // Another job on the key uses up the month just after this push's first write lands.
      let writes = 0
      forwarder.decide = ({ method }) => {
        if (writes >= 1) return QUOTA_EXHAUSTED
        if (method === 'POST' || method === 'PUT') writes++
        return { forward: true }
      }
      const result = await run(s, { inputs: { 'api-url': forwarder.url } })
      expect(result.code, transcript(result)).not.toBe(0)
      const refused = forwarder.log.filter((r) => r.outcome === 'answered 429')
      // No retry of a quota refusal: each refused write was tried once, and nothing started after.
      expect(refused.every((r) => r.method === 'POST')).toBe(true)
      expect(refused.length).toBeLessThanOrEqual(2)
      const pushed = world.emu.collections(s.workspace).map((c) => c.name)
      pushed.push(...world.emu.environments(s.workspace).map((e) => e.name))
      expect(pushed).toHaveLength(1)
      const warning = commandsOf(result, 'warning').find((c) => /monthly quota ran out during the push/.test(c.message))
      expect(warning?.message, transcript(result)).toBeDefined()
      const pushedFile = Object.entries(files).find(([, text]) => text.includes(`"name": "${pushed[0]}"`))?.[0]
      expect(warning?.message).toContain(`Written: ${pushedFile}`)
      // Not written files are errors at their file; the state was not written.
      const plan = await readPlan(result)
      expect(Object.values(actionsOf(plan?.entries)).sort()).toEqual(['create', 'error', 'error'])
      expect(world.emu.environments(s.workspace).some((e) => e.name === 'Postman Sync state')).toBe(false)

      forwarder.decide = () => ({ forward: true })
      const again = await run(s, { inputs: { 'api-url': forwarder.url } })
      expectInSync(s, again, files)
      expect(Object.values(actionsOf((await readPlan(again))?.entries)).sort()).toEqual(['create', 'create', 'unchanged'])
    } finally {
      await forwarder.close()
    }
  }, 60_000)
})

/**
 * The two faults that spend most of their time waiting (pacing at one call per second; backoff
 * before giving up on a server that is gone) run side by side, each on an emulator of its own.
 */
describe.concurrent('slow faults, each on its own emulator', () => {
  it('one call per window: paced, every 429 honoured, the push completes and its state is saved', async () => {
    const emu = await startEmulator({ apiKeys: [API_KEY], rateLimit: { limit: 1, windowMs: 1000 }, listRateLimit: { limit: 1, windowMs: 1000 } })
    const tight: World = { ...world, emu, nextWorkspace: () => 'ws-main' }
    try {
      const files = { 'postman/users.postman_collection.json': asFile(collection('Users', [['List users', 'GET', 'https://api.example.test/users']])) }
      const s = await scenario(tight, files)
      const first = await run(s)
      expect(first.code, transcript(first)).toBe(0)
      expect(remoteView(emu, s.workspace)).toEqual(localView(files))
      // Pacing comes from the headers: only calls made before the first answer taught the limit
      // can meet a 429 (the opening listings go out together).
      const limited = first.requests.filter((q) => q.status === 429).length
      expect(limited).toBeLessThanOrEqual(2)
      // The state was saved, so the next run needs no GET (a rerun costs a second per call here).
      expect(emu.environments(s.workspace).filter((e) => e.name === 'Postman Sync state')).toHaveLength(1)
      expect(first.requests.filter((q) => q.method === 'POST' && q.path === '/environments' && q.status === 200)).toHaveLength(1)
    } finally {
      await emu.close()
    }
  }, 60_000)

  it('the API stops answering mid-run: fails with the writes it could not finish as errors, no duplicate; the rerun converges', async () => {
    const emu = await startEmulator({ ...GENEROUS_LIMITS, apiKeys: [API_KEY] })
    const own: World = { ...world, emu, nextWorkspace: () => 'ws-main' }
    const forwarder = await startForwarder(emu.url)
    try {
      const files = standardFiles(1)
      const s = await scenario(own, files)
      let posts = 0
      forwarder.decide = ({ method }) => {
        // The server goes away while the second create is in flight (the first has landed).
        if (method === 'POST' && ++posts === 2) void forwarder.stop()
        return { forward: true }
      }
      const result = await run(s, { inputs: { 'api-url': forwarder.url } })
      expect(result.code, transcript(result)).not.toBe(0)
      expect(commandsOf(result, 'error').length).toBeGreaterThan(0)
      // Whatever landed landed once; the state was not written for writes that did not finish.
      const names = [...emu.collections(s.workspace), ...emu.environments(s.workspace)].map((r) => r.name)
      expect(new Set(names).size).toBe(names.length)
      expect(names).not.toContain('Postman Sync state')

      await forwarder.restart()
      forwarder.decide = () => ({ forward: true })
      const again = await run(s, { inputs: { 'api-url': forwarder.url } })
      expectInSync(s, again, files)
      expect(countNamed(emu, s.workspace, 'Postman Sync state')).toBe(1)
    } finally {
      await forwarder.close()
      await emu.close()
    }
  }, 90_000)
})

describe('answers slower than the request timeout (client level: the action has no input for it)', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ ...GENEROUS_LIMITS, apiKeys: [API_KEY] })
  })
  afterAll(async () => emu?.close())

  const client = (baseUrl: string) =>
    createPostmanClient({
      apiKey: API_KEY,
      baseUrl,
      requestTimeoutMs: 200,
      retryBaseDelayMs: 5,
      maxBackoffMs: 20,
      limits: { perWindow: 1_000_000, windowMs: 60_000, listPerWindow: 1_000_000, listWindowMs: 10_000 }
    })

  it('a create stored but answered too late is adopted by name, not posted twice', async () => {
    const forwarder = await startForwarder(emu.url)
    const api = client(forwarder.url)
    try {
      let slowed = false
      forwarder.decide = ({ method }) => {
        if (method !== 'POST' || slowed) return { forward: true }
        slowed = true
        return { forward: true, delayMs: 2000 }
      }
      const ref = await api.createCollection('ws-main', collection('Slow', [['Ping', 'GET', 'https://api.example.test/ping']]) as never)
      expect(
        emu
          .collections('ws-main')
          .filter((c) => c.name === 'Slow')
          .map((c) => c.uid)
      ).toEqual([ref.uid])
      expect(forwarder.log.filter((r) => r.method === 'POST').map((r) => r.outcome)).toEqual(['delayed'])
    } finally {
      api.close()
      await forwarder.close()
    }
  })

  it('a read or an update answered too late is retried and lands once', async () => {
    const forwarder = await startForwarder(emu.url)
    const api = client(forwarder.url)
    try {
      const seeded = emu.seedCollection('ws-main', collection('Late', [['Ping', 'GET', 'https://api.example.test/ping']]))
      const slowOnce = new Set<string>()
      forwarder.decide = ({ method }) => {
        if (slowOnce.has(method)) return { forward: true }
        slowOnce.add(method)
        return { forward: true, delayMs: 2000 }
      }
      expect((await api.tryGetCollection(seeded.uid))?.info.name).toBe('Late')
      await api.updateCollection(seeded.uid, collection('Late', [['Pong', 'GET', 'https://api.example.test/pong']], { id: seeded.id }) as never)
      expect(emu.collections('ws-main').filter((c) => c.name === 'Late')).toHaveLength(1)
      expect(
        emu
          .collections('ws-main')
          .find((c) => c.name === 'Late')
          ?.body.item.map((i: { name: string }) => i.name)
      ).toEqual(['Pong'])
      expect(forwarder.log.map((r) => `${r.method} ${r.outcome}`)).toEqual(['GET delayed', 'GET forwarded', 'PUT delayed', 'PUT forwarded'])
      expect(api.stats().retries).toBe(2)
    } finally {
      api.close()
      await forwarder.close()
    }
  })
})
