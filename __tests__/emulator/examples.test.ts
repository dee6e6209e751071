/**
 * The sample API, and the example collections and environment run against it with real newman:
 * `users` passes completely, `orders` has exactly the one test that fails on purpose.
 */
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import newman, { type NewmanRunSummary } from 'newman'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSampleApi, type SampleApi } from '../../emulator/sample-api.js'
import { fixture } from './helpers.js'

const root = new URL('../../examples/', import.meta.url)
const path = (rel: string): string => new URL(rel, root).pathname
const USERS = path('collections/users.postman_collection.json')
const ORDERS = path('collections/orders.postman_collection.json')
const LOCAL = path('environments/local.postman_environment.json')

let api: SampleApi
beforeAll(async () => {
  api = await startSampleApi()
})
afterAll(async () => {
  await api.close()
})

/** Runs a collection with the example environment, its baseUrl pointed at the sample API. */
function run(collection: string): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        environment: LOCAL,
        envVar: [{ key: 'baseUrl', value: api.url }],
        reporters: [],
        timeoutRequest: 10_000
      },
      (err, summary) => (err ? reject(err) : resolve(summary))
    )
  })
}

describe('sample API', () => {
  it('serves health, users, echo, status, slow and resources routes', async () => {
    expect(await (await fetch(`${api.url}/health`)).json()).toEqual({ status: 'ok' })
    const created = await fetch(`${api.url}/users`, { method: 'POST', body: JSON.stringify({ name: 'Tester', email: 't@example.com' }) })
    expect(created.status).toBe(200)
    const user = (await created.json()) as { id: number }
    expect(await (await fetch(`${api.url}/users/${user.id}`)).json()).toEqual(user)
    expect((await fetch(`${api.url}/users/99999`)).status).toBe(404)
    expect((await fetch(`${api.url}/users`, { method: 'POST', body: '{}' })).status).toBe(400)
    const echo = await (await fetch(`${api.url}/echo?a=1`, { method: 'PUT', body: 'hello', headers: { 'x-test': 'y' } })).json()
    expect(echo).toMatchObject({ method: 'PUT', path: '/echo', query: { a: '1' }, body: 'hello', headers: { 'x-test': 'y' } })
    expect((await fetch(`${api.url}/status/418`)).status).toBe(418)
    expect(await (await fetch(`${api.url}/slow?ms=5`)).json()).toEqual({ waited: 5 })
    expect(await (await fetch(`${api.url}/resources/resource-7?page=1`, { method: 'POST', body: '{}' })).json()).toEqual({ id: 'resource-7', method: 'POST' })
    expect(api.log.map((l) => `${l.method} ${l.path}`)).toContain('PUT /echo')
  })
})

describe('sample API delay', () => {
  it('holds every answer back by delayMs (the request is logged first)', async () => {
    const slow = await startSampleApi({ delayMs: 300 })
    try {
      let settled = false
      const pending = fetch(`${slow.url}/health`).then((r) => {
        settled = true
        return r.status
      })
      await expect.poll(() => slow.log.length).toBe(1)
      expect(settled).toBe(false)
      expect(await pending).toBe(200)
    } finally {
      await slow.close()
    }
  })
})

describe('example files', () => {
  it('users: every test passes', async () => {
    const summary = await run(USERS)
    expect(summary.run.failures).toEqual([])
    expect(summary.run.stats.assertions).toMatchObject({ total: 9, failed: 0 })
    expect(summary.run.stats.requests).toMatchObject({ total: 4, failed: 0 })
  })

  it('orders: exactly the test named "fails on purpose" fails', async () => {
    const summary = await run(ORDERS)
    expect(summary.run.stats.assertions).toMatchObject({ total: 4, failed: 1 })
    expect(summary.run.failures).toHaveLength(1)
    const failure = summary.run.failures[0]
    expect(failure!.error.test).toBe('status is 201 (fails on purpose: the sample API answers 200)')
    expect(failure!.error.message).toMatch(/expected response to have status code 201 but got 200/)
  })

  it('are valid v2.1.0 collections (draft-07 Collection Format schema), pretty-printed, one pm.test per line', () => {
    const validate = new Ajv({ strict: false }).compile(fixture('collection-schema-v2.1.0.draft-07.json'))
    for (const file of [USERS, ORDERS]) {
      const text = readFileSync(file, 'utf8')
      const parsed = JSON.parse(text)
      expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true)
      expect(text).toBe(`${JSON.stringify(parsed, null, 2)}\n`)
      expect(text).toContain('{{baseUrl}}')
      const lines = text.split('\n')
      expect(lines.filter((l) => l.includes('pm.test(')).every((l) => l.split('pm.test(').length === 2)).toBe(true)
      expect(lines.filter((l) => l.includes('pm.test(')).length).toBeGreaterThanOrEqual(4)
    }
  })

  it('the environment has the export shape, baseUrl on port 3000 and an empty secret', () => {
    const text = readFileSync(LOCAL, 'utf8')
    const env = JSON.parse(text)
    expect(text).toBe(`${JSON.stringify(env, null, 2)}\n`)
    expect(env).toMatchObject({ name: 'Local', _postman_variable_scope: 'environment' })
    expect(env.values.find((v: { key: string }) => v.key === 'baseUrl')).toMatchObject({ value: 'http://127.0.0.1:3000', type: 'default' })
    expect(env.values.filter((v: { type: string }) => v.type === 'secret')).toEqual([{ key: 'apiToken', value: '', type: 'secret', enabled: true }])
  })
})
