/**
 * End to end against the emulator in its real-API mode (issue 9, "Done when"), through
 * `dist/index.js`: GETs decorate what they return, an item edit may leave `updatedAt` where it
 * was, owners differ within a workspace, one key twice is refused, bodies have a size limit.
 * One emulator, one workspace per story. docs/postman-api.md names the source of each behaviour.
 */
import http from 'node:http'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { asFile } from './repo.js'
import { actionsOf, collection, commandsOf, environment, itemIds, readPlan, repoPool, requestLines, runE2E, writesOf } from './helpers.js'

const CORPUS = fileURLToPath(new URL('../fixtures/files/corpus/collections/', import.meta.url))
const WORKSPACES = ['ws-adopt', 'ws-stale', 'ws-dupes', 'ws-env', 'ws-size', 'ws-quota', 'ws-rename']

let emulator: Emulator
const { newRepo, removeAll } = repoPool()

beforeAll(async () => {
  emulator = await startEmulator({
    realApi: true,
    workspaces: WORKSPACES.map((id) => ({ id, name: id, type: 'team' })),
    rateLimit: { limit: 1000, windowMs: 60_000 },
    listRateLimit: { limit: 100, windowMs: 10_000 }
  })
})

afterAll(async () => {
  await emulator?.close()
  await removeAll()
})

/** The v2.1 collections of the corpus, as the app exports them. */
function v21Exports(): Array<[string, Record<string, unknown>]> {
  return readdirSync(CORPUS)
    .filter((n) => n.endsWith('.json'))
    .map((n): [string, Record<string, unknown>] => [n, JSON.parse(readFileSync(`${CORPUS}${n}`, 'utf8').replace(/^\uFEFF/, ''))])
    .filter(([, c]) => String((c.info as { schema?: string }).schema).includes('v2.1'))
}

const collectionWrites = (requests: Parameters<typeof writesOf>[0]): string[] => requestLines(writesOf(requests)).filter((l) => l.includes('/collections'))

describe('an app export adopted against the decorated GET of the same content', () => {
  it('is unchanged for every v2.1 corpus collection: no collection write, one state write; the next run writes nothing', async () => {
    const exports = v21Exports()
    expect(exports.length).toBeGreaterThan(20)
    const files: Record<string, string> = {}
    for (const [name, c] of exports) {
      emulator.seedCollection('ws-adopt', c)
      files[`postman/${name}`] = JSON.stringify(c, null, 2)
    }
    // The GET really is decorated: what the test proves is not a no-op.
    const stored = emulator.collections('ws-adopt')[0]
    expect(JSON.stringify(stored!.body)).toContain('disableBodyPruning')

    const repo = await newRepo()
    const sha = await repo.commit(files)
    const inputs = { workspace: 'ws-adopt', collections: 'postman/*.json' }
    const first = await runE2E({ emulator, repo, sha, inputs })
    const plan = await readPlan(first)
    expect(plan.entries.filter((e) => e.action !== 'unchanged').map((e) => `${e.path}: ${e.action} ${e.reason ?? ''}`)).toEqual([])
    expect(first.code, first.stdout).toBe(0)
    expect(requestLines(writesOf(first.requests))).toEqual(['POST /environments'])

    const second = await runE2E({ emulator, repo, sha, before: sha, inputs })
    expect(second.code, second.stdout).toBe(0)
    expect(writesOf(second.requests)).toEqual([])
    expect(second.requests.length).toBeLessThanOrEqual(4)
  }, 120_000)
})

describe('an item edit that leaves updatedAt where it was', () => {
  it('plus a repository change elsewhere in that collection is a conflict, and the edit survives', async () => {
    const repo = await newRepo()
    const path = 'postman/alpha.postman_collection.json'
    const inputs = { workspace: 'ws-stale' }
    const v1 = collection('Alpha', { 'List things': 'https://api.example.test/things', 'Get one': 'https://api.example.test/one' })
    const sha1 = await repo.commit({ [path]: asFile(v1) })
    expect((await runE2E({ emulator, repo, sha: sha1, inputs })).code).toBe(0)

    const [stored] = emulator.collections('ws-stale')
    const listedBefore = emulator.collections('ws-stale')[0]!.updatedAt
    emulator.editCollection(stored!.uid, (body) => {
      body.item[0].request.url = 'https://api.example.test/edited-in-postman'
    })
    expect(emulator.collections('ws-stale')[0]!.updatedAt).toBe(listedBefore)

    const v2 = collection('Alpha', { 'List things': 'https://api.example.test/things', 'Get one': 'https://api.example.test/one/changed-in-repo' })
    const sha2 = await repo.commit({ [path]: asFile(v2) })
    const result = await runE2E({ emulator, repo, sha: sha2, before: sha1, inputs })
    expect(result.code).not.toBe(0)
    expect(actionsOf((await readPlan(result)).entries)).toEqual({ [path]: 'conflict' })
    expect(collectionWrites(result.requests)).toEqual([])
    expect(JSON.stringify(emulator.collections('ws-stale')[0]!.body)).toContain('edited-in-postman')
  }, 60_000)
})

describe('environments', () => {
  it("two enabled variables of one key fail at the second one's line with zero writes", async () => {
    const repo = await newRepo()
    const path = 'postman/dupes.postman_environment.json'
    const text = asFile(
      environment('Dupes', [
        ['baseUrl', 'https://a.test'],
        ['token', 'x'],
        ['baseUrl', 'https://b.test']
      ])
    )
    const sha = await repo.commit({ [path]: text, 'postman/alpha.postman_collection.json': asFile(collection('Alpha', { a: 'https://a.test' })) })
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-dupes' } })
    expect(result.code).not.toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    const error = commandsOf(result, 'error').find((c) => c.properties.file === path)
    const secondLine = text.split('\n').findIndex((l, i, all) => l.includes('"baseUrl"') && all.slice(0, i).some((x) => x.includes('"baseUrl"'))) + 1
    expect(error?.properties.line).toBe(String(secondLine))
    expect(error?.message).toMatch(/'baseUrl' is enabled twice/)
  }, 60_000)

  it('a disabled duplicate is left out with a warning at its line, and the environment is created', async () => {
    const repo = await newRepo()
    const path = 'postman/dupes.postman_environment.json'
    const env = environment('Disabled dupe', [
      ['baseUrl', 'https://a.test'],
      ['baseUrl', 'https://old.test']
    ]) as { values: Array<Record<string, unknown>> }
    env.values[1]!.enabled = false
    const text = asFile(env)
    const sha = await repo.commit({ [path]: text })
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-dupes' } })
    expect(result.code, result.stdout).toBe(0)
    const warning = commandsOf(result, 'warning').find((c) => c.properties.file === path)
    expect(warning?.message).toMatch(/not sent/)
    // The key is on the line above the value: 0-based index of the value line = 1-based key line.
    expect(Number(warning?.properties.line)).toBe(text.split('\n').findIndex((l) => l.includes('https://old.test')))
    expect(text.split('\n')[Number(warning?.properties.line) - 1]).toContain('"baseUrl"')
    const stored = emulator.environments('ws-dupes').find((e) => e.name === 'Disabled dupe')
    expect(stored?.body.values.map((v: { key: string; value: string }) => `${v.key}=${v.value}`)).toEqual(['baseUrl=https://a.test'])
  }, 60_000)

  it('a secret and a Postman-only variable survive an update that sends no value of them', async () => {
    const capture = await startCapture(emulator.url)
    try {
      const repo = await newRepo()
      const path = 'postman/dev.postman_environment.json'
      const inputs = { workspace: 'ws-env', 'api-url': capture.url }
      const sha1 = await repo.commit({
        [path]: asFile(
          environment('Dev', [
            ['baseUrl', 'https://one.test'],
            ['apiToken', '', 'secret']
          ])
        )
      })
      expect((await runE2E({ emulator, repo, sha: sha1, inputs })).code).toBe(0)
      const stored = emulator.environments('ws-env').find((e) => e.name === 'Dev')
      emulator.editEnvironment(stored!.uid, (body) => {
        body.values.find((v: { key: string }) => v.key === 'apiToken').value = 'POSTMAN-SIDE-SECRET'
        body.values.push({ key: 'onlyInPostman', value: 'POSTMAN-ONLY-VALUE', type: 'default', enabled: true })
      })
      capture.bodies.length = 0
      const sha2 = await repo.commit({
        [path]: asFile(
          environment('Dev', [
            ['baseUrl', 'https://two.test'],
            ['apiToken', '', 'secret']
          ])
        )
      })
      const result = await runE2E({ emulator, repo, sha: sha2, before: sha1, inputs })
      expect(result.code, result.stdout).toBe(0)
      const sent = capture.bodies.filter((b) => b.method !== 'GET' && b.path === `/environments/${stored!.uid}`)
      expect(sent.map((b) => b.method)).toEqual(['PATCH'])
      expect(sent[0]!.body).toContain('https://two.test')
      expect(sent[0]!.body).not.toContain('POSTMAN-SIDE-SECRET')
      expect(sent[0]!.body).not.toContain('onlyInPostman')
      const after = emulator.environments('ws-env').find((e) => e.name === 'Dev')!.body.values as Array<{ key: string; value: string; type: string }>
      expect(after.find((v) => v.key === 'apiToken')).toMatchObject({ type: 'secret', value: 'POSTMAN-SIDE-SECRET' })
      expect(after.find((v) => v.key === 'onlyInPostman')?.value).toBe('POSTMAN-ONLY-VALUE')
      expect(after.find((v) => v.key === 'baseUrl')?.value).toBe('https://two.test')
      expect((await readPlan(result)).entries[0]!.reason).toMatch(/PATCH, 1 call, of baseUrl/)
    } finally {
      await capture.close()
    }
  }, 60_000)
})

describe('size', () => {
  it('an oversize collection fails at plan time, naming its size and the limit, with zero writes', async () => {
    const repo = await newRepo()
    const big = collection('Big', { a: 'https://a.test' }) as { item: Array<Record<string, unknown>> }
    big.item[0]!.request = { method: 'POST', url: 'https://a.test', body: { mode: 'raw', raw: 'x'.repeat(1_300_000) } }
    const path = 'postman/big.postman_collection.json'
    const sha = await repo.commit({ [path]: asFile(big), 'postman/alpha.postman_collection.json': asFile(collection('Alpha', { a: 'https://a.test' })) })
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-size', 'max-collection-mb': '1' } })
    expect(result.code).not.toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    const error = commandsOf(result, 'error').find((c) => c.properties.file === path)
    expect(error?.message).toMatch(/is 1\.3 MB as sent, above max-collection-mb \(1 MB\)/)
  }, 60_000)
})

describe('quota', () => {
  it('after the first serviceLimitExhausted only the calls already in flight are made (at most 3)', async () => {
    const capture = await startCapture(emulator.url)
    try {
      const repo = await newRepo()
      const files: Record<string, string> = {}
      for (let i = 0; i < 12; i++) files[`postman/c${i}.postman_collection.json`] = asFile(collection(`C${i}`, { a: `https://a.test/${i}` }))
      const sha = await repo.commit(files)
      let writes = 0
      capture.answer = (method) => {
        if (method === 'POST' && ++writes > 2)
          return { status: 429, body: JSON.stringify({ error: { name: 'serviceLimitExhausted', message: 'You have exceeded your monthly API limit.' } }) }
        return undefined
      }
      const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-quota', 'api-url': capture.url } })
      expect(result.code).not.toBe(0)
      const first = capture.bodies.findIndex((b) => b.status === 429)
      expect(first).toBeGreaterThan(0)
      expect(capture.bodies.length - first - 1).toBeLessThanOrEqual(3)
    } finally {
      await capture.close()
    }
  }, 60_000)
})

describe('request renames', () => {
  it('a renamed request keeps its id, and the plan says renamed', async () => {
    const repo = await newRepo()
    const path = 'postman/alpha.postman_collection.json'
    const inputs = { workspace: 'ws-rename' }
    const sha1 = await repo.commit({
      [path]: asFile(collection('Alpha', { 'List things': 'https://api.example.test/things', Other: 'https://api.example.test/other' }))
    })
    expect((await runE2E({ emulator, repo, sha: sha1, inputs })).code).toBe(0)
    const before = itemIds(emulator.collections('ws-rename')[0]!.body)
    const sha2 = await repo.commit({
      [path]: asFile(collection('Alpha', { 'All things': 'https://api.example.test/things', Other: 'https://api.example.test/other' }))
    })
    const result = await runE2E({ emulator, repo, sha: sha2, before: sha1, inputs })
    expect(result.code, result.stdout).toBe(0)
    const entry = (await readPlan(result)).entries[0]
    expect(entry!.diff).toMatchObject({ added: [], removed: [], changed: [{ path: 'All things', aspects: ['renamed from List things'] }] })
    const after = itemIds(emulator.collections('ws-rename')[0]!.body)
    expect(after['All things']).toBe(before['List things'])
    expect(after.Other).toBe(before.Other)
  }, 60_000)
})

/** A loopback proxy to the emulator that keeps every request body, and may answer instead. */
async function startCapture(target: string): Promise<{
  url: string
  bodies: Array<{ method: string; path: string; body: string; status: number }>
  answer: (method: string, path: string) => { status: number; body: string } | undefined
  close(): Promise<void>
}> {
  const state = {
    url: '',
    bodies: [] as Array<{ method: string; path: string; body: string; status: number }>,
    answer: (_method: string, _path: string): { status: number; body: string } | undefined => undefined,
    close: () => Promise.resolve(undefined)
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const method = req.method ?? 'GET'
      const path = (req.url ?? '/').split('?')[0]!
      const entry = { method, path, body: Buffer.concat(chunks).toString('utf8'), status: 0 }
      state.bodies.push(entry)
      const canned = state.answer(method, path)
      if (canned) {
        entry.status = canned.status
        res.writeHead(canned.status, { 'content-type': 'application/json' })
        res.end(canned.body)
        return
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<
        string,
        string
      >
      fetch(new URL(req.url ?? '/', target), { method, headers, body: method === 'GET' || method === 'DELETE' ? undefined : entry.body })
        .then(async (upstream) => {
          entry.status = upstream.status
          const out: Record<string, string> = {}
          upstream.headers.forEach((v, k) => {
            if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) out[k] = v
          })
          res.writeHead(upstream.status, out)
          res.end(Buffer.from(await upstream.arrayBuffer()))
        })
        .catch(() => res.destroy())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  state.url = `http://127.0.0.1:${address.port}`
  state.close = () => new Promise<undefined>((resolve) => server.close(() => resolve(undefined)))
  return state
}
