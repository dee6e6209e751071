/**
 * The client against hand-written loopback servers that misbehave in ways the emulator does not:
 * odd and contradictory headers, cut bodies, unexpected shapes, redirects, echoed secrets.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createPostmanClient, type ClientOptions } from '../../src/postman/client.js'
import { NetworkError, QuotaExhaustedError, RateLimitError, UnexpectedResponseError, ValidationError } from '../../src/postman/errors.js'
import { memoryLogger } from './helpers/setup.js'
import { oddServer, send } from './helpers/odd-server.js'
import { VirtualClock } from './helpers/virtual-clock.js'

const KEY = 'PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01'
const ME = { user: { id: 1, username: 'u' } }

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup) await c()
  cleanup = []
})

async function serve(handler: Parameters<typeof oddServer>[0], options: Partial<ClientOptions> = {}) {
  const server = await oddServer(handler)
  const clock = new VirtualClock()
  const logger = memoryLogger()
  const client = createPostmanClient({ apiKey: KEY, baseUrl: server.url, clock, logger, random: () => 0.5, retryBaseDelayMs: 100, env: {}, ...options })
  cleanup.push(
    () => client.close(),
    () => server.close()
  )
  return { server, clock, client, logger }
}

describe('sends the key only as a header', () => {
  it('X-Api-Key on every call, never in the URL', async () => {
    const { server, client } = await serve((_, res) => send(res, 200, ME))
    await client.me()
    expect(server.seen[0]!.headers['x-api-key']).toBe(KEY)
    expect(server.seen[0]!.url).toBe('/me')
  })
})

describe('429 handling', () => {
  it('waits an HTTP-date Retry-After exactly, then retries', async () => {
    const ref: { clock?: VirtualClock } = {}
    const { client, clock } = await serve((_, res, i) =>
      i === 0
        ? send(
            res,
            429,
            { error: { name: 'rateLimited', message: 'Rate Limit exceeded.' } },
            { 'retry-after': new Date(ref.clock!.now() + 7000).toUTCString() }
          )
        : send(res, 200, ME)
    )
    ref.clock = clock
    await client.me()
    // The virtual clock starts on a whole second, as HTTP dates are: the wait is exactly 7 s, no jitter.
    expect(clock.sleeps).toEqual([7000])
    expect(client.stats()).toEqual({ calls: 2, retries: 1, rateLimited: 1 })
  })

  it('a 429 without a known name and with X-RateLimit-Reset in epoch ms is still a rate limit', async () => {
    const ref: { clock?: VirtualClock } = {}
    const { client, clock } = await serve((_, res, i) =>
      i === 0
        ? send(res, 429, '<html><title>Too Many</title></html>', { 'content-type': 'text/html', 'x-ratelimit-reset': String(ref.clock!.now() + 2500) })
        : send(res, 200, ME)
    )
    ref.clock = clock
    await client.me()
    expect(clock.sleeps).toEqual([2500])
  })

  it('a wait beyond the cap is a clear error at once', async () => {
    const { server, client } = await serve(
      (_, res) => send(res, 429, { error: { name: 'rateLimited', message: 'Rate Limit exceeded.' } }, { 'retry-after': '3600' }),
      {
        maxRetryWaitMs: 120_000
      }
    )
    const err = await client.me().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RateLimitError)
    expect((err as Error).message).toMatch(/asked to wait 3600 s, longer than this step waits \(at most 120 s at a time/)
    expect(server.seen).toHaveLength(1)
  })

  it('serviceLimitExhausted on a POST: no retry, no lookup', async () => {
    const { server, client } = await serve((req, res) =>
      req.method === 'GET'
        ? send(res, 200, { collections: [] })
        : send(res, 429, { error: { name: 'serviceLimitExhausted', message: 'Postman API service limits reached.' } })
    )
    await expect(client.createCollection('ws', { info: { name: 'x', schema: 's' }, item: [] })).rejects.toBeInstanceOf(QuotaExhaustedError)
    expect(server.seen.filter((s) => s.method === 'POST')).toHaveLength(1)
  })
})

describe('pagination', () => {
  it('follows meta.total when the server pages a collection list on its own', async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ id: `c${i}`, uid: `1-c${i}`, name: `C${i}`, owner: '1' }))
    const { server, client } = await serve((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams
      const offset = Number(q.get('offset') ?? 0)
      send(res, 200, { collections: all.slice(offset, offset + 3), meta: { total: all.length, offset, limit: 3 } })
    })
    expect((await client.listCollections('ws')).map((c) => c.id)).toEqual(all.map((c) => c.id))
    expect(server.seen.map((s) => s.url)).toEqual([
      '/collections?workspace=ws',
      '/collections?workspace=ws&offset=3&limit=3',
      '/collections?workspace=ws&offset=6&limit=3'
    ])
  })
})

describe('timers', () => {
  it('leaves no pacing timer behind once the last call is done (the action exits at once)', async () => {
    let pending = 0
    const counting = {
      now: () => Date.now(),
      sleep: async (ms: number) => {
        pending++
        await new Promise((r) => setTimeout(r, ms))
        pending--
      }
    }
    // Two calls fill a 2-per-300 ms window; the first answer bounds the reset at +300 ms, the
    // second (50 ms later) says the window is already free. The third call must not leave a
    // 300 ms timer running when it goes early.
    const server = await oddServer((_, res, i) => {
      if (i === 1) setTimeout(() => send(res, 200, ME, { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '2', 'ratelimit-reset': '0' }), 50)
      else send(res, 200, ME)
    })
    const client = createPostmanClient({
      apiKey: KEY,
      baseUrl: server.url,
      clock: counting,
      env: {},
      concurrency: 3,
      limits: { perWindow: 2, windowMs: 300, listPerWindow: 2, listWindowMs: 300 }
    })
    cleanup.push(
      () => client.close(),
      () => server.close()
    )
    await Promise.all([client.me(), client.me(), client.me()])
    expect(server.seen).toHaveLength(3)
    expect(pending).toBe(0)
  })
})

describe('bounded retries', () => {
  it('5xx retries stop at the time budget, even with attempts left', async () => {
    const { server, client, clock } = await serve((_, res) => send(res, 503, { error: { name: 'serverError', message: 'busy' } }, { 'retry-after': '10' }), {
      maxRetries: 10,
      maxRetryTimeMs: 25_000
    })
    const t0 = clock.now()
    const err = await client.me().catch((e: unknown) => e)
    expect((err as Error).name).toBe('ServerError')
    expect(clock.sleeps).toEqual([10_000, 10_000]) // a third wait would pass 25 s
    expect(server.seen).toHaveLength(3)
    expect(clock.now() - t0).toBe(20_000)
  })

  it('a POST that keeps failing with 500: one lookup and one re-POST per retry, then the error', async () => {
    const { server, client } = await serve(
      (req, res) => (req.method === 'POST' ? send(res, 500, { error: { name: 'serverError', message: 'x' } }) : send(res, 200, { collections: [] })),
      {
        maxRetries: 2
      }
    )
    const err = await client.createCollection('ws', { info: { name: 'x', schema: 's' }, item: [] }).catch((e: unknown) => e)
    expect((err as Error).name).toBe('ServerError')
    expect(server.seen.map((s) => s.method)).toEqual(['GET', 'POST', 'GET', 'POST', 'GET', 'POST', 'GET'])
  })
})

describe('the last failed POST is looked up too', () => {
  it('adopts a create that landed on the final attempt', async () => {
    const posts = () => server.seen.filter((x) => x.method === 'POST').length
    const { server, client } = await serve(
      (req, res) =>
        req.method === 'POST'
          ? send(res, 500, { error: { name: 'serverError', message: 'x' } })
          : send(res, 200, { collections: posts() >= 2 ? [{ id: 'late', uid: '9-late', name: 'x', owner: '9' }] : [] }),
      { maxRetries: 1 }
    )
    expect(await client.createCollection('ws', { info: { name: 'x', schema: 's' }, item: [] })).toEqual({ id: 'late', uid: '9-late', name: 'x' })
    expect(server.seen.map((x) => x.method)).toEqual(['GET', 'POST', 'GET', 'POST', 'GET'])
  })
})

describe('bad input it survives', () => {
  it('missing, negative, contradictory and absurd rate headers neither hang nor crash', async () => {
    const headerSets: Array<Record<string, string>> = [
      {},
      { 'x-ratelimit-limit': '-5', 'x-ratelimit-remaining': '-1', 'x-ratelimit-reset': '-100' },
      { ratelimit: 'limit=abc, remaining=, reset=zz', 'ratelimit-policy': 'nonsense' },
      { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '500', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' },
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 10 ** 7) },
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' } // reset in the past (epoch 1 s)
    ]
    const { server, client, clock } = await serve((_, res, i) => send(res, 200, ME, headerSets[i % headerSets.length]), {
      limits: { perWindow: 300, windowMs: 60_000, listPerWindow: 10, listWindowMs: 10_000 }
    })
    for (let i = 0; i < headerSets.length * 2; i++) await client.me()
    expect(server.seen).toHaveLength(12)
    // remaining 0 waits at most one window, whatever the reset claims.
    expect(Math.max(...clock.sleeps, 0)).toBeLessThanOrEqual(60_000)
  })

  it('a listing entry without what the API documents (an owner) is a clear error naming the call', async () => {
    const { client } = await serve((_, res) => send(res, 200, { collections: [{ id: 'c1', uid: '1-c1', name: 'C1' }] }))
    await expect(client.listCollections('w')).rejects.toThrow(UnexpectedResponseError)
    await expect(client.listCollections('w')).rejects.toThrow(
      /GET \/collections failed .*collectionList answer .*\/collections\/0 must have required property 'owner'/
    )
  })

  it('a 200 with an unexpected shape is a clear error, not a crash', async () => {
    const { client } = await serve((req, res) =>
      send(res, 200, req.url?.startsWith('/workspaces') ? { workspace: { id: 'w', collections: 'nope' } } : { collections: {} })
    )
    await expect(client.listCollections('w')).rejects.toThrow(UnexpectedResponseError)
    await expect(client.listCollections('w')).rejects.toThrow(/GET \/collections failed .* Expected a JSON object with a 'collections' array/)
    await expect(client.getWorkspace('w')).rejects.toThrow(/'workspace.collections' as an array/)
  })

  it('a collection nested deeper than any accepted file is refused unread, once, naming the call (the content rules recurse)', async () => {
    let item = '{"name":"leaf","request":{"url":"https://x.test","method":"GET"}}'
    for (let level = 0; level < 10_000; level++) item = `{"name":"f${level}","item":[${item}]}`
    const deep = `{"collection":{"info":{"name":"Deep","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[${item}]}}`
    const { server, client } = await serve((_, res) => send(res, 200, deep))
    await expect(client.tryGetCollection('c1')).rejects.toThrow(UnexpectedResponseError)
    await expect(client.tryGetCollection('c1')).rejects.toThrow(/GET \/collections\/c1 failed .*nested at most 1500 levels deep/)
    // Not retried: the same answer would come back.
    expect(server.seen).toHaveLength(2)
  })

  it('a 200 with an HTML body (a captive portal, a cut body) is retried, then a NetworkError', async () => {
    const { server, client } = await serve((_, res) => send(res, 200, '<html>login</html>', { 'content-type': 'text/html' }), { maxRetries: 2 })
    const err = await client.me().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect((err as NetworkError).networkCode).toBe('TRUNCATED_BODY')
    expect(server.seen).toHaveLength(3)
  })

  it('a body shorter than its Content-Length (reset mid-body) is retried', async () => {
    const { server, client } = await serve((_, res, i) => {
      if (i > 0) return send(res, 200, ME)
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' })
      res.write('{"user":{"id"')
      setImmediate(() => res.socket?.destroy())
    })
    expect((await client.me()).user.id).toBe(1)
    expect(server.seen).toHaveLength(2)
  })

  it('a POST with an unparseable 200 is not posted again blindly', async () => {
    const { server, client } = await serve((req, res) =>
      req.method === 'POST'
        ? send(res, 200, '{"collection":{"id":"abc","uid":"1-abc"', {})
        : send(res, 200, { collections: server.seen.some((s) => s.method === 'POST') ? [{ id: 'abc', uid: '1-abc', name: 'x', owner: '1' }] : [] })
    )
    const ref = await client.createCollection('ws', { info: { name: 'x', schema: 's' }, item: [] })
    expect(ref).toEqual({ id: 'abc', uid: '1-abc', name: 'x' })
    expect(server.seen.map((s) => s.method)).toEqual(['GET', 'POST', 'GET'])
  })

  it('an error message that echoes the key is redacted', async () => {
    const { client, logger } = await serve((_, res) => send(res, 400, { error: { name: 'badRequest', message: `Key ${KEY} is not allowed here` } }))
    const err = await client.me().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as Error).message).toContain('Key *** is not allowed here')
    expect((err as Error).message).not.toContain(KEY)
    expect(JSON.stringify(err)).not.toContain(KEY)
    expect(logger.lines.join('\n')).not.toContain(KEY)
  })
})

describe('redirects are reported, never followed', () => {
  it('the key does not go to the redirect target', async () => {
    const target = await oddServer((_, res) => send(res, 200, ME))
    cleanup.push(() => target.close())
    const { client } = await serve((_, res) => {
      res.writeHead(301, { location: `${target.url.replace('127.0.0.1', 'localhost')}/me?x=1` })
      res.end()
    })
    const err = await client.me().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as Error).message).toMatch(/redirect to http:\/\/localhost:\d+, which is not followed/)
    expect(target.seen).toHaveLength(0)
  })
})

describe('a body refused for its size (docs/postman-api.md: 10–12 MB PUTs failed)', () => {
  const large = {
    info: { name: 'Big', schema: 's' },
    item: [{ name: 'r', request: { method: 'POST', url: 'https://x.test', body: { mode: 'raw', raw: 'x'.repeat(1_200_000) } } }]
  }
  const small = { info: { name: 'Small', schema: 's' }, item: [] }

  it('an HTML 504 on a large PUT is reported with the size, not retried', async () => {
    const { server, client } = await serve((_, res) => send(res, 504, '<html><body>Gateway Timeout</body></html>', { 'content-type': 'text/html' }))
    const err = await client.updateCollection('c1', large).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect((err as Error).message).toMatch(/refused a body of 1\.2 MB for its size \(not retried/)
    expect(server.seen).toHaveLength(1)
  })

  it('"Request body size limit exceeded" on a POST: reported, no retry, no lookup', async () => {
    const { server, client } = await serve((req, res) =>
      req.method === 'GET'
        ? send(res, 200, { collections: [] })
        : send(res, 400, { error: { name: 'invalidParamsError', message: 'Request body size limit exceeded' } })
    )
    const err = await client.createCollection('ws', large).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/for its size/)
    expect(server.seen.filter((s) => s.method === 'POST')).toHaveLength(1)
  })

  it('an HTML 504 on a small PUT is a passing failure: retried', async () => {
    const { server, client } = await serve((_, res, i) =>
      i === 0
        ? send(res, 504, '<html><body>Gateway Timeout</body></html>', { 'content-type': 'text/html' })
        : send(res, 200, { collection: { id: 'c1', uid: '1-c1', name: 'Small' } })
    )
    await expect(client.updateCollection('1-c1', small)).resolves.toMatchObject({ uid: '1-c1' })
    expect(server.seen).toHaveLength(2)
  })
})

describe('PATCH /environments/{id} after a failure that may have applied', () => {
  const ENV = (keys: string[]) => ({
    environment: { id: 'e1', name: 'Dev', values: keys.map((key) => ({ key, value: 'v', type: 'default', enabled: true })), uid: '1-e1' }
  })

  it('an append that landed is not sent again: the environment is read and holds the new key', async () => {
    const { server, client } = await serve((req, res) =>
      req.method === 'PATCH' ? send(res, 503, { error: { name: 'serverError', message: 'x' } }) : send(res, 200, ENV(['a', 'added']))
    )
    const ref = await client.patchEnvironment('1-e1', [{ op: 'add', path: '/values/-', value: { key: 'added', value: 'v' } }])
    expect(ref.uid).toBe('1-e1')
    expect(server.seen.filter((s) => s.method === 'PATCH')).toHaveLength(1)
  })

  it('an append that did not land is sent again', async () => {
    const { server, client } = await serve((req, res, i) =>
      req.method === 'PATCH'
        ? i === 0
          ? send(res, 503, { error: { name: 'serverError', message: 'x' } })
          : send(res, 200, ENV(['a', 'added']))
        : send(res, 200, ENV(['a']))
    )
    await client.patchEnvironment('1-e1', [{ op: 'add', path: '/values/-', value: { key: 'added', value: 'v' } }])
    expect(server.seen.filter((s) => s.method === 'PATCH')).toHaveLength(2)
  })

  it('replaces are sent again without a look (idempotent)', async () => {
    const { server, client } = await serve((req, res, i) =>
      i === 0 ? send(res, 503, { error: { name: 'serverError', message: 'x' } }) : send(res, 200, ENV(['a']))
    )
    await client.patchEnvironment('1-e1', [{ op: 'replace', path: '/values/0/value', value: 'w' }])
    expect(server.seen.map((s) => s.method)).toEqual(['PATCH', 'PATCH'])
  })
})
