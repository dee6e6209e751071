/**
 * The client over HTTP against the emulator. Emulator and client share a virtual clock, so rate
 * windows and every wait are in virtual time: the assertions read the request log and the
 * scheduled delays, never the wall clock.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AuthError, NetworkError, NotFoundError, QuotaExhaustedError, ServerError, ValidationError } from '../../src/postman/errors.js'
import { DEFAULT_API_KEY, collection, setup } from './helpers/setup.js'

let cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanup) await c()
  cleanup = []
})
async function start(...args: Parameters<typeof setup>): ReturnType<typeof setup> {
  const s = await setup(...args)
  cleanup.push(() => s.close())
  return s
}

describe('envelopes and shapes', () => {
  it('reads me, the workspace, lists and bodies as plain data', async () => {
    const { client, em } = await start()
    const seeded = em.seedCollection('ws-main', collection('Seeded', 2))
    em.seedEnvironment('ws-main', { name: 'Dev', values: [{ key: 'a', value: '1' }] })

    const me = await client.me()
    expect(me.user.id).toBe(12345678)
    const ws = await client.getWorkspace('ws-main')
    expect(ws.id).toBe('ws-main')
    expect(ws.collections.map((c) => c.name)).toEqual(['Seeded'])
    expect(ws.environments.map((e) => e.name)).toEqual(['Dev'])
    const list = await client.listCollections('ws-main')
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ id: seeded.id, uid: seeded.uid, name: 'Seeded' })
    expect(await client.findCollectionsByName('ws-main', 'Seeded')).toHaveLength(1)
    expect(await client.findCollectionsByName('ws-main', 'Seed')).toHaveLength(0)
    const body = await client.tryGetCollection(seeded.uid)
    expect(body?.info.name).toBe('Seeded')
    expect(body?.item).toHaveLength(2)
    expect(await client.listEnvironments('ws-other')).toEqual([])
  })

  it('creates, updates and deletes collections and environments', async () => {
    const { client, em } = await start()
    const c = await client.createCollection('ws-other', collection('New'))
    expect(c.uid).toBe(`12345678-${c.id}`)
    expect(em.collections('ws-other').map((x) => x.name)).toEqual(['New'])
    const renamed = collection('Renamed', 3)
    const u = await client.updateCollection(c.uid, renamed)
    expect(u).toEqual({ id: c.id, uid: c.uid, name: 'Renamed' })
    expect(em.collections('ws-other')[0]!.body.item).toHaveLength(3)
    await client.deleteCollection(c.id)
    expect(em.collections('ws-other')).toEqual([])
    expect(await client.tryGetCollection(c.id)).toBeUndefined()

    const e = await client.createEnvironment('ws-main', { name: 'Env', values: [{ key: 'k', value: 'v', type: 'default', enabled: true }] })
    const got = await client.tryGetEnvironment(e.uid)
    expect(got?.values).toEqual([expect.objectContaining({ key: 'k', value: 'v' })])
    await client.updateEnvironment(e.id, { name: 'Env', values: [] })
    expect((await client.tryGetEnvironment(e.id))?.values).toEqual([])
    await client.deleteEnvironment(e.id)
    expect(await client.tryGetEnvironment(e.id)).toBeUndefined()
  })

  it('not found: undefined from try*, NotFoundError elsewhere, in both error families', async () => {
    for (const errorFamily of ['legacy', 'problem'] as const) {
      const { client } = await start({ errorFamily })
      expect(await client.tryGetCollection('00000000-0000-0000-0000-000000000000')).toBeUndefined()
      expect(await client.tryGetEnvironment('00000000-0000-0000-0000-000000000000')).toBeUndefined()
      await expect(client.getWorkspace('nope')).rejects.toBeInstanceOf(NotFoundError)
      await expect(client.deleteCollection('00000000-0000-0000-0000-000000000000')).rejects.toThrow(/DELETE \/collections\/0{8}-.*HTTP 404/)
    }
  })

  it('a refused body is a ValidationError with what Postman said', async () => {
    const { client, em } = await start()
    const c = em.seedCollection('ws-main', collection('A'))
    const bad = { info: { name: 'A', schema: 'https://example.com/v1' }, item: [] }
    const err = await client.updateCollection(c.id, bad).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as ValidationError).status).toBe(400)
    expect((err as ValidationError).postmanName).toBe('malformedRequestError')
    expect(em.log.filter((l) => l.method === 'PUT')).toHaveLength(1) // never retried
  })

  it('a wrong key is an AuthError that never shows the key', async () => {
    const wrong = 'PMAK-11111111111111111111111b-1111111111111111111111111111111111'
    const { client, em, logger } = await start({}, { apiKey: wrong })
    const err = await client.me().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AuthError)
    expect(String((err as Error).message)).not.toContain(wrong)
    expect(String((err as Error).stack)).not.toContain(wrong)
    expect(logger.lines.join('\n')).not.toContain(wrong)
    expect(em.log).toHaveLength(1)
    expect(em.log[0]!.apiKeyInQuery).toBe(false)
  })
})

describe('pacing', () => {
  // 20 calls per 500 ms; lists 5 per 300 ms: the real 300/60 s and 10/10 s, scaled.
  const rateLimit = { limit: 20, windowMs: 500 }
  const listRateLimit = { limit: 5, windowMs: 300 }
  const limits = { perWindow: 20, windowMs: 500, listPerWindow: 5, listWindowMs: 300 }

  for (const headerDialect of ['modern', 'legacy'] as const) {
    it(`alone on the key: no 429, and within 1.10x of the fastest the limit allows (${headerDialect} headers)`, async () => {
      const { client, em, clock } = await start({ rateLimit, listRateLimit, headerDialect }, { limits, concurrency: 4 })
      const c = em.seedCollection('ws-main', collection('A'))
      const t0 = clock.now()
      const calls = Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? client.listCollections('ws-main') : client.tryGetCollection(c.id)))
      await Promise.all(calls)
      const elapsed = clock.now() - t0
      expect(em.log.filter((l) => l.status === 429)).toEqual([])
      expect(em.log).toHaveLength(100)
      // 100 calls at 20 per window need 5 windows: the last opens 4 windows after the first.
      const minimum = 4 * 500
      expect(elapsed).toBeGreaterThanOrEqual(minimum)
      expect(elapsed).toBeLessThanOrEqual(minimum * 1.1)
      expect(client.stats()).toEqual({ calls: 100, retries: 0, rateLimited: 0 })
    })
  }

  it('learns a lower limit from the headers than it was told (the old 60/min)', async () => {
    const { client, em } = await start({ rateLimit: { limit: 6, windowMs: 1000 } }, { limits: { ...limits, perWindow: 300, windowMs: 1000 } })
    const c = em.seedCollection('ws-main', collection('A'))
    // Sequential first call teaches the limit; then a burst.
    await client.tryGetCollection(c.id)
    await Promise.all(Array.from({ length: 20 }, () => client.tryGetCollection(c.id)))
    expect(em.log.filter((l) => l.status === 429)).toHaveLength(0)
  })

  it('sharing the key with another client: 429s are honoured as the server says and every call succeeds', async () => {
    const s = await start({ rateLimit: { limit: 10, windowMs: 1000 } }, { limits: { ...limits, perWindow: 10, windowMs: 1000 } })
    const other = (await import('../../src/postman/client.js')).createPostmanClient({
      apiKey: DEFAULT_API_KEY,
      baseUrl: s.em.url,
      clock: s.clock,
      env: {},
      limits: { ...limits, perWindow: 10, windowMs: 1000 }
    })
    cleanup.push(() => Promise.resolve(other.close()))
    const c = s.em.seedCollection('ws-main', collection('A'))
    const results = await Promise.all([
      ...Array.from({ length: 15 }, () => s.client.tryGetCollection(c.id)),
      ...Array.from({ length: 15 }, () => other.tryGetCollection(c.id))
    ])
    expect(results.every((r) => r?.info.name === 'A')).toBe(true)
    const refused = s.em.log.filter((l) => l.status === 429).length
    expect(refused).toBeGreaterThan(0)
    expect(s.client.stats().rateLimited + other.stats().rateLimited).toBe(refused)
    // The emulator says Retry-After in whole seconds: each wait is exactly that, no jitter.
    expect(s.clock.sleeps.filter((ms) => ms % 1000 === 0 && ms > 0).length).toBeGreaterThan(0)
    expect(s.logger.lines.some((l) => /rate limit hit/.test(l)) || other.stats().rateLimited > 0).toBe(true)
  })
})

describe('monthly quota', () => {
  it('fails at once on serviceLimitExhausted and reports the quota left', async () => {
    const { client, em } = await start({ monthlyLimit: 2 })
    await client.me()
    expect(client.quota()).toEqual({ limit: 2, remaining: 1 })
    await client.me()
    expect(client.quota()).toEqual({ limit: 2, remaining: 0 })
    const err = await client.me().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(QuotaExhaustedError)
    expect((err as Error).message).toMatch(/monthly quota/)
    expect(em.log).toHaveLength(3) // no retry
    expect(client.stats()).toEqual({ calls: 3, retries: 0, rateLimited: 1 })
  })

  it('starts no call after the first serviceLimitExhausted; the calls in flight finish', async () => {
    const { client, em } = await start({ monthlyLimit: 1 })
    await client.me()
    // Eight at once, four in flight (the client's concurrency): the first answer spends the quota.
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => client.listEnvironments('ws-main')))
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof QuotaExhaustedError)).toBe(true)
    expect(em.log.length).toBeGreaterThanOrEqual(2)
    expect(em.log.length).toBeLessThanOrEqual(1 + 4) // me + at most the calls in flight
    const sent = em.log.length
    await expect(client.tryGetCollection('anything')).rejects.toBeInstanceOf(QuotaExhaustedError)
    expect(em.log).toHaveLength(sent)
    expect(client.stats().calls).toBe(sent)
  })
})

describe('server and network faults', () => {
  it('503 and HTML 504 on reads: retried with jittered backoff, then success', async () => {
    const { client, em, clock } = await start({ faults: { status503Every: 2, html504Every: 3 } })
    const c = em.seedCollection('ws-main', collection('A'))
    for (let i = 0; i < 4; i++) expect((await client.tryGetCollection(c.id))?.info.name).toBe('A')
    expect(em.log.some((l) => l.status === 503)).toBe(true)
    expect(em.log.some((l) => l.status === 504)).toBe(true)
    expect(client.stats().retries).toBe(em.log.filter((l) => l.status >= 500).length)
    // random 0.5 of a 100 ms base: first retry waits 50 ms.
    expect(clock.sleeps).toContain(50)
  })

  it('gives up after maxRetries with a ServerError naming the gateway page', async () => {
    const { client, em } = await start({ faults: { html504Every: 1 } }, { maxRetries: 2 })
    const err = await client.me().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ServerError)
    expect((err as Error).message).toMatch(/GET \/me failed \(HTTP 504, 504 Gateway Time-out\)/)
    expect(em.log).toHaveLength(3)
  })

  it('a body cut off mid-way is retried; every time → NetworkError', async () => {
    const { client, em } = await start({ faults: { resetMidBodyEvery: 2 } })
    const c = em.seedCollection('ws-main', collection('A', 5))
    for (let i = 0; i < 3; i++) expect((await client.tryGetCollection(c.id))?.item).toHaveLength(5)
    expect(client.stats().retries).toBeGreaterThanOrEqual(1)
    em.setFaults({ resetMidBodyEvery: 1 })
    await expect(client.tryGetCollection(c.id)).rejects.toBeInstanceOf(NetworkError)
  })

  it('a reset before any answer is retried for PUT and DELETE', async () => {
    const { client, em } = await start({ faults: { resetEvery: 2, only: (r) => r.method !== 'GET' } })
    const c = em.seedCollection('ws-main', collection('A'))
    await client.updateCollection(c.id, collection('B'))
    await client.updateCollection(c.id, collection('C'))
    await client.deleteCollection(c.id)
    expect(em.collections()).toEqual([])
    expect(em.log.filter((l) => l.status === 0)).toHaveLength(2) // the 2nd PUT and the DELETE (4th non-GET)
  })

  it('a PUT applied but answered 500 is retried (PUT is idempotent) and lands once', async () => {
    const { client, em } = await start({ faults: { appliedButErrorEvery: 2 } })
    const c = em.seedCollection('ws-main', collection('A'))
    await client.updateCollection(c.id, collection('B', 1))
    await client.updateCollection(c.id, collection('C', 2))
    expect(em.collections('ws-main')[0]!.name).toBe('C')
    expect(em.log.filter((l) => l.method === 'PUT').map((l) => l.status)).toEqual([200, 500, 200])
  })

  it('a stalled server: the request times out and an idempotent call is retried', async () => {
    const { client, em } = await start({ faults: { stallEvery: 2 } }, { requestTimeoutMs: 200 })
    const c = em.seedCollection('ws-main', collection('A'))
    for (let i = 0; i < 2; i++) expect((await client.tryGetCollection(c.id))?.info.name).toBe('A')
    expect(em.log.map((l) => l.status)).toEqual([200, 0, 200])
    expect(client.stats().retries).toBe(1)
  })
})

describe('creates are never retried blindly', () => {
  it('a create whose answer was lost is adopted, not posted twice', async () => {
    const { client, em, logger } = await start({ faults: { lostCreateEvery: 1 } })
    await client.getWorkspace('ws-main')
    const ref = await client.createCollection('ws-main', collection('Lost'))
    const stored = em.collections('ws-main')
    expect(stored).toHaveLength(1)
    expect(ref).toEqual({ id: stored[0]!.id, uid: stored[0]!.uid, name: 'Lost' })
    expect(em.log.filter((l) => l.method === 'POST')).toHaveLength(1)
    expect(logger.lines.some((l) => /Adopted the collection 'Lost'/.test(l))).toBe(true)
  })

  it('an environment whose answer was lost is adopted too (lookup by listing)', async () => {
    const { client, em } = await start({ faults: { lostCreateEvery: 1 } })
    const ref = await client.createEnvironment('ws-main', { name: 'Env', values: [] })
    expect(em.environments('ws-main').map((e) => e.id)).toEqual([ref.id])
    expect(em.log.filter((l) => l.method === 'POST')).toHaveLength(1)
  })

  it('a create that failed before landing is posted again once', async () => {
    const { client, em } = await start({ faults: { resetEvery: 2, only: (r) => r.method === 'POST' } })
    await client.getWorkspace('ws-main')
    await client.createCollection('ws-main', collection('One'))
    await client.createCollection('ws-main', collection('Two'))
    expect(
      em
        .collections('ws-main')
        .map((c) => c.name)
        .sort()
    ).toEqual(['One', 'Two'])
    expect(em.log.filter((l) => l.method === 'POST').map((l) => l.status)).toEqual([200, 0, 200])
  })

  it('the same name existing before the create is never adopted', async () => {
    const { client, em } = await start({ faults: { resetEvery: 1, only: (r) => r.method === 'POST' } }, { maxRetries: 1 })
    em.seedCollection('ws-main', collection('Dup'))
    // No workspace listing yet: the client looks the name up before posting.
    const err = await client.createCollection('ws-main', collection('Dup')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect(em.collections('ws-main')).toHaveLength(1)
    expect(em.log.filter((l) => l.method === 'POST')).toHaveLength(2) // first try + one re-POST, bounded
  })

  it('several new matches after a lost answer: stop and say so', async () => {
    const { client, em } = await start({ faults: { lostCreateEvery: 1 } })
    await client.getWorkspace('ws-main')
    em.seedCollection('ws-main', collection('Twice')) // someone else, after our listing
    const err = await client.createCollection('ws-main', collection('Twice')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as Error).message).toMatch(/Several collections named 'Twice'/)
  })
})

describe('async collection update', () => {
  it('a large PUT goes async and polls the task until it succeeds', async () => {
    const { client, em } = await start({}, { asyncUpdateAboveBytes: 100 })
    const c = em.seedCollection('ws-main', collection('Big'))
    const ref = await client.updateCollection(c.uid, collection('Big', 10))
    expect(ref).toEqual({ id: c.id, uid: c.uid, name: 'Big' })
    expect(em.collections('ws-main')[0]!.body.item).toHaveLength(10)
    expect(em.log.some((l) => l.path.startsWith('/collection-updates-tasks/'))).toBe(true)
    expect(em.log.find((l) => l.method === 'PUT')?.status).toBe(202)
  })

  it('a failed task is an error, and the collection is unchanged', async () => {
    const { client, em } = await start({ faults: { asyncTaskFails: true } }, { asyncUpdateAboveBytes: 100 })
    const c = em.seedCollection('ws-main', collection('Big'))
    await expect(client.updateCollection(c.id, collection('Big', 10))).rejects.toThrow(/update task .* failed/)
    expect(em.collections('ws-main')[0]!.body.item).toHaveLength(1)
  })

  it('409 "already in progress" waits and retries', async () => {
    const { client, em } = await start({ asyncTaskMs: 10_000 }, { asyncUpdateAboveBytes: 100 })
    const c = em.seedCollection('ws-main', collection('Big'))
    await Promise.all([client.updateCollection(c.id, collection('Big', 10)), client.updateCollection(c.id, collection('Big', 12))])
    expect(em.log.filter((l) => l.method === 'PUT').map((l) => l.status)).toContain(409)
    expect([10, 12]).toContain(em.collections('ws-main')[0]!.body.item.length)
  })
})
