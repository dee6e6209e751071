/**
 * Rate windows (scaled down, driven by a hand-moved clock), header dialects, the monthly quota,
 * body limits (411/413) and the two error families.
 */
import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server.js'
import { call, KEY, manualClock, tinyCollection } from './helpers.js'
import { responseErrors } from '../../src/postman/schemas/index.js'

let emu: Emulator | undefined
afterEach(async () => {
  await emu?.close()
  emu = undefined
})

async function start(options: EmulatorOptions): Promise<Emulator> {
  emu = await startEmulator(options)
  return emu
}

describe('rate windows', () => {
  it('allows `limit` calls per window, answers 429 rateLimited with Retry-After, and recovers after the window', async () => {
    const clock = manualClock()
    const e = await start({ clock, rateLimit: { limit: 5, windowMs: 200 } })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await call(e, 'GET', '/me')).status)
    clock.advance(50)
    const limited = await call(e, 'GET', '/me')
    expect(statuses).toEqual([200, 200, 200, 200, 200])
    expect(limited.status).toBe(429)
    expect(limited.body.error).toEqual({ name: 'rateLimited', message: 'Rate Limit exceeded.', details: { retryAfter: 1 } })
    // 150 ms left → 1 s, rounded up.
    expect(limited.headers.get('retry-after')).toBe('1')
    expect(limited.headers.get('x-ratelimit-retryafter')).toBe('1')
    expect(limited.headers.get('ratelimit-remaining')).toBe('0')
    // 429s are not counted: more of them do not push the window out.
    await call(e, 'GET', '/me')
    clock.advance(150)
    expect((await call(e, 'GET', '/me')).status).toBe(200)
    expect(e.log.map((l) => l.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 200])
  })

  it('keeps one window per key', async () => {
    const clock = manualClock()
    const other = 'PMAK-00000000000000000000000b-0000000000000000000000000000000000'
    const e = await start({ clock, apiKeys: [KEY, other], rateLimit: { limit: 1, windowMs: 1000 } })
    expect((await call(e, 'GET', '/me')).status).toBe(200)
    expect((await call(e, 'GET', '/me')).status).toBe(429)
    expect((await call(e, 'GET', '/me', { key: other })).status).toBe(200)
  })

  it('adds the 10-per-10-s list bucket on GET /collections and GET /workspaces[/id] only', async () => {
    const clock = manualClock()
    const e = await start({ clock, listRateLimit: { limit: 2, windowMs: 10_000 } })
    expect((await call(e, 'GET', '/collections')).status).toBe(200)
    expect((await call(e, 'GET', '/workspaces')).status).toBe(200)
    const third = await call(e, 'GET', '/workspaces/ws-main')
    expect(third.status).toBe(429)
    expect(third.headers.get('retry-after')).toBe('10')
    expect(third.headers.get('ratelimit-policy')).toBe('2;w=10')
    // Other routes still pass.
    expect((await call(e, 'GET', '/environments')).status).toBe(200)
    clock.advance(10_000)
    expect((await call(e, 'GET', '/collections')).status).toBe(200)
  })

  it('resetCounters clears the windows and the log', async () => {
    const e = await start({ clock: manualClock(), rateLimit: { limit: 1, windowMs: 60_000 } })
    await call(e, 'GET', '/me')
    expect((await call(e, 'GET', '/me')).status).toBe(429)
    e.resetCounters()
    expect(e.log).toEqual([])
    expect((await call(e, 'GET', '/me')).status).toBe(200)
  })
})

describe('rate headers', () => {
  it('modern: every documented rate header, with deltas in RateLimit and epoch seconds in X-RateLimit-Reset', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1, 0, 0, 0))
    const e = await start({ clock, rateLimit: { limit: 300, windowMs: 60_000 }, monthlyLimit: 1000 })
    const res = await call(e, 'GET', '/me')
    const h = Object.fromEntries(res.headers)
    expect(h).toMatchObject({
      ratelimit: 'limit=300, remaining=299, reset=60',
      'ratelimit-policy': '300;w=60',
      'ratelimit-limit': '300',
      'ratelimit-remaining': '299',
      'ratelimit-reset': '60',
      'x-ratelimit-limit': '300',
      'x-ratelimit-remaining': '299',
      'x-ratelimit-reset': String(Date.UTC(2026, 0, 1, 0, 1, 0) / 1000),
      'ratelimit-limit-month': '1000',
      'ratelimit-remaining-month': '999',
      'x-ratelimit-limit-month': '1000',
      'x-ratelimit-remaining-month': '999'
    })
  })

  it('legacy: only X-RateLimit-Limit/Remaining/Reset (epoch seconds)', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1))
    const e = await start({ clock, headerDialect: 'legacy', rateLimit: { limit: 60, windowMs: 60_000 } })
    const res = await call(e, 'GET', '/me')
    const rateNames = [...res.headers.keys()].filter((k) => /ratelimit|retry/i.test(k)).sort()
    expect(rateNames).toEqual(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
    expect(res.headers.get('x-ratelimit-reset')).toBe(String(Date.UTC(2026, 0, 1, 0, 1) / 1000))
    expect(res.headers.get('x-ratelimit-remaining')).toBe('59')
  })
})

describe('rate headers on every answer', () => {
  it('401, 404, 413, 429, 503 and the HTML 504 all carry them', async () => {
    const e = await start({ clock: manualClock(), rateLimit: { limit: 5, windowMs: 60_000 }, maxCollectionBytes: 10 })
    const answers = [
      await call(e, 'GET', '/me', { key: null }),
      await call(e, 'GET', '/nope'),
      await call(e, 'POST', '/collections', { body: { collection: tinyCollection() } })
    ]
    e.setFaults({ status503Every: 1 })
    answers.push(await call(e, 'GET', '/me'))
    e.setFaults({ html504Every: 1 })
    answers.push(await call(e, 'GET', '/me'))
    e.setFaults({})
    answers.push(await call(e, 'GET', '/me'))
    answers.push(await call(e, 'GET', '/me'))
    expect(answers.map((a) => a.status)).toEqual([401, 404, 413, 503, 504, 200, 429])
    for (const a of answers) {
      expect(a.headers.get('x-ratelimit-limit'), String(a.status)).toBe('5')
      expect(a.headers.get('ratelimit-remaining-month'), String(a.status)).toMatch(/^\d+$/)
    }
    // The 401 is not counted; the other five are.
    expect(answers[5]!.headers.get('x-ratelimit-remaining')).toBe('0')
  })
})

describe('monthly quota', () => {
  it('answers 429 serviceLimitExhausted once the month is used up, without Retry-After', async () => {
    const e = await start({ monthlyLimit: 3 })
    for (let i = 0; i < 2; i++) await call(e, 'GET', '/workspaces/ws-main')
    const me = await call(e, 'GET', '/me')
    expect(me.body.operations[0]).toMatchObject({ name: 'api_usage', limit: 3, usage: 3 })
    expect(me.headers.get('ratelimit-remaining-month')).toBe('0')
    const over = await call(e, 'GET', '/me')
    expect(over.status).toBe(429)
    expect(over.body.error.name).toBe('serviceLimitExhausted')
    expect(over.headers.get('retry-after')).toBeNull()
    expect(over.headers.get('x-ratelimit-remaining-month')).toBe('0')
  })
})

describe('body limits', () => {
  it('answers 413 problem+json above the collection limit and stores nothing', async () => {
    const e = await start({ maxCollectionBytes: 200 })
    const big = tinyCollection('x'.repeat(300))
    const res = await call(e, 'POST', '/collections', { body: { collection: big } })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect(res.body).toMatchObject({
      type: 'https://api.postman.com/problems/payload-too-large',
      title: 'Payload Too Large',
      status: 413,
      // The words real collection PUTs got (postman-app-support #13148).
      detail: 'Request body size limit exceeded'
    })
    expect(responseErrors('problem', res.body)).toEqual([])
    expect(e.collections()).toEqual([])
    // The environment limit is separate.
    expect((await call(e, 'POST', '/environments', { body: { environment: { name: 'y'.repeat(300), values: [] } } })).status).toBe(200)
  })

  it('answers 413 (not a reset) to a body far above the limit, and the connection stays usable', async () => {
    const e = await start({ maxCollectionBytes: 1024 })
    const huge = tinyCollection()
    huge.info.description = 'z'.repeat(4 * 1024 * 1024)
    const res = await call(e, 'PUT', '/collections/any', { body: { collection: huge } })
    expect(res.status).toBe(413)
    expect(e.log[0]!.bodyBytes).toBe(0)
    expect((await call(e, 'GET', '/me')).status).toBe(200)
  })

  it('answers 413 above the environment limit with the documented body', async () => {
    const e = await start({ maxEnvironmentBytes: 100 })
    const res = await call(e, 'POST', '/environments', { body: { environment: { name: 'y'.repeat(200), values: [] } } })
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ type: 'https://api.postman.com/problems/payload-too-large', detail: 'Request size limit exceeded' })
    expect(responseErrors('problem', res.body)).toEqual([])
  })

  it('answers 411 to a body sent without Content-Length (chunked)', async () => {
    const e = await start({})
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${e.url}/environments`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' } }, (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      })
      req.on('error', reject)
      req.write('{"environment":')
      req.end('{"name":"chunked","values":[]}}')
    })
    expect(status).toBe(411)
    expect(JSON.parse(body)).toMatchObject({ type: 'https://api.postman.com/problems/length-required', status: 411 })
    expect(responseErrors('problem', JSON.parse(body))).toEqual([])
    expect(e.environments()).toEqual([])
  })
})

describe('error families', () => {
  it('problem: RFC 7807 bodies with application/problem+json', async () => {
    const e = await start({ errorFamily: 'problem' })
    const res = await call(e, 'GET', '/collections/nope')
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect(res.body).toEqual({
      type: 'https://api.postman.com/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'We could not find the collection you are looking for',
      instance: '/collections/nope'
    })
    expect(responseErrors('problem', res.body)).toEqual([])
    // The 401 stays the legacy JSON the real API sends for a missing or wrong key (docs/postman-api.md).
    const auth = await call(e, 'GET', '/me', { key: null })
    expect(auth.headers.get('content-type')).toMatch(/^application\/json/)
    expect(auth.body.error).toMatchObject({ name: 'AuthenticationError' })
    expect(responseErrors('legacyError', auth.body)).toEqual([])
  })

  it('legacy: {error:{name,message}} with application/json', async () => {
    const e = await start({ errorFamily: 'legacy' })
    const res = await call(e, 'GET', '/environments/nope')
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.body.error.name).toBe('instanceNotFoundError')
  })

  it('mixed: the family alternates by route', async () => {
    const e = await start({ errorFamily: 'mixed' })
    const families = new Set<string>()
    for (const path of ['/collections/nope', '/environments/nope', '/workspaces/nope']) {
      const res = await call(e, 'GET', path)
      families.add(res.body.error ? 'legacy' : 'problem')
    }
    expect(families).toEqual(new Set(['legacy', 'problem']))
    // Stable per route.
    const again = await call(e, 'GET', '/collections/nope')
    const first = await call(e, 'GET', '/collections/other')
    expect(Boolean(again.body.error)).toBe(Boolean(first.body.error))
  })

  it('409, 411 and 413 stay problem+json even under the legacy family (documented that way only)', async () => {
    const e = await start({ errorFamily: 'legacy', maxCollectionBytes: 10 })
    const res = await call(e, 'POST', '/collections', { body: { collection: tinyCollection() } })
    expect(res.body.type).toBe('https://api.postman.com/problems/payload-too-large')
  })
})
