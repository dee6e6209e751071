/**
 * A converted v3 collection runs with real newman against a loopback server: every request arrives
 * as the YAML describes it, and a failing `pm.test` maps to its line in the `.request.yaml`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import newman, { type NewmanRunSummary } from 'newman'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scriptKey } from '../../src/content/native-git/convert-collection.js'
import { convertVariant, lineOf } from './helpers.js'

interface Arrival {
  method: string
  url: string
  authorization?: string
  contentType?: string
  mode?: string
  body: string
}

const arrivals: Arrival[] = []
let server: Server
let baseUrl = ''

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      arrivals.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type']?.split(';')[0],
        mode: req.headers['x-mode'] as string | undefined,
        body
      })
      res.writeHead(req.method === 'POST' && req.url?.startsWith('/items') ? 201 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ name: 'Ada' }))
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((done) => server.close(done))
})

describe('a converted v3 collection under newman', () => {
  it('sends every request as written and reports each pm.test, the failing one mapped to its YAML line', async () => {
    const { collection, sources } = await convertVariant('runnable')
    const summary = await new Promise<NewmanRunSummary>((done, fail) =>
      newman.run(
        {
          collection: collection as never,
          envVar: [
            { key: 'baseUrl', value: baseUrl },
            { key: 'token', value: 't0k3n' },
            { key: 'password', value: 'pw' }
          ],
          reporters: [],
          insecureFileRead: false
        } as newman.NewmanRunOptions,
        (error, result) => (error ? fail(error) : done(result))
      )
    )
    // The GraphQL body is JSON newman writes around the variables text as the file holds it.
    const parsed = arrivals.map((a) => (a.url === '/graphql' ? { ...a, body: JSON.parse(a.body) as unknown } : a))
    expect(parsed).toEqual([
      { method: 'POST', url: '/items/42?page=2', authorization: 'Bearer t0k3n', contentType: 'application/json', mode: 'create', body: '{"name": "Ada"}' },
      { method: 'GET', url: '/items/42', authorization: 'Bearer t0k3n', contentType: undefined, mode: undefined, body: '' },
      {
        method: 'POST',
        url: '/login',
        authorization: undefined,
        contentType: 'application/x-www-form-urlencoded',
        mode: undefined,
        body: 'user=ada&password=pw'
      },
      {
        method: 'POST',
        url: '/graphql',
        authorization: undefined,
        contentType: 'application/json',
        mode: undefined,
        body: { query: 'query { me { id } }', variables: { a: 1 } }
      }
    ])
    const failures = summary.run.failures.map((f) => ({ test: (f.error as { test?: string }).test, item: (f.source as { name?: string }).name }))
    expect(failures).toEqual([{ test: 'name is Grace', item: 'Check item' }])
    expect(summary.run.stats.assertions).toMatchObject({ total: 7, failed: 1 })

    // The annotation a later step makes: the script line that declares the failing test, in the YAML.
    const source = sources.get(scriptKey([0, 1], 'test'))!
    const exec = (collection.item[0] as { item: Array<{ event: Array<{ script: { exec: string[] } }> }> }).item[1]!.event[0]!.script.exec
    const index = exec.findIndex((line) => line.includes("pm.test('name is Grace'"))
    expect(source.file).toBe('runnable/Items/Check item.request.yaml')
    expect(lineOf(source.file, source.lines[index]!)).toBe(`      - "pm.test('name is Grace', function () {"`)
  })
})
