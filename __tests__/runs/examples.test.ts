import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSampleApi, type SampleApi } from '../../emulator/sample-api.js'
import { runCollections } from '../../src/newman/runner.js'
import type { Probe } from '../../src/newman/wait-for.js'
import { lineContaining, recordingLog, runOptions } from './loopback.js'

const root = resolve(import.meta.dirname, '../..')
let api: SampleApi
beforeAll(async () => {
  api = await startSampleApi()
})
afterAll(async () => api.close())

describe('the example collections against the sample API', () => {
  it('wait for the service, run in parallel, and fail only the test that fails on purpose', async () => {
    const probed: string[] = []
    // The real probe, recording what it was asked, and answering "refused" once first.
    const { httpProbe } = await import('../../src/newman/wait-for.js')
    const probe: Probe = async (url, timeout) => (probed.push(url), probed.length === 1 ? 'ECONNREFUSED' : httpProbe(url, timeout))
    const sleeps: number[] = []
    const clock = { now: () => 0, sleep: (ms: number) => Promise.resolve(void sleeps.push(ms)) }
    const log = recordingLog()
    const before = api.log.length
    const result = await runCollections(
      runOptions({
        root,
        collections: ['examples/collections/users.postman_collection.json', 'examples/collections/orders.postman_collection.json'],
        environment: 'examples/environments/local.postman_environment.json',
        envVars: { baseUrl: api.url },
        parallel: 2,
        waitFor: `${api.url}/health`,
        waitTimeout: 10_000
      }),
      { log, clock, probe }
    )
    expect(probed).toEqual([`${api.url}/health`, `${api.url}/health`])
    expect(sleeps).toEqual([1000])
    expect(log.infos).toContain('wait-for: [redacted]/health answered (attempt 2).')
    // The orders example fails one test on purpose, to show an annotation on its line.
    const orders = readFileSync(resolve(root, 'examples/collections/orders.postman_collection.json'), 'utf8')
    expect(result.findings.map((f) => [f.file, f.line, f.request, f.kind])).toEqual([
      [
        'examples/collections/orders.postman_collection.json',
        lineContaining(orders, "pm.test('status is 201 (fails on purpose"),
        'Customers › Create customer',
        'assertion'
      ]
    ])
    expect(result.testsPassed).toBe(false)
    expect(result.runs.map((r) => r.failedAssertions)).toEqual([0, 1])
    expect(result.runs.map((r) => r.file)).toEqual([
      'examples/collections/users.postman_collection.json',
      'examples/collections/orders.postman_collection.json'
    ])
    expect(result.runs.every((r) => r.requests > 0 && r.assertions > 0)).toBe(true)
    // The health probe plus every request of both collections reached the service.
    expect(api.log.length - before).toBe(1 + result.runs.reduce((sum, r) => sum + r.requests, 0))
  })
})

describe('the Native Git example (examples/native-git) against the sample API', () => {
  it('runs the same requests and tests as the JSON example, failing only the test that fails on purpose, on its YAML line', async () => {
    const base = 'examples/native-git/postman'
    const environment = { environment: `${base}/environments/Local.environment.yaml`, envVars: { baseUrl: api.url } }
    const v3 = await runCollections(runOptions({ root, collections: [`${base}/collections/Users`, `${base}/collections/Orders`], ...environment }), {
      log: recordingLog()
    })
    const json = await runCollections(
      runOptions({
        root,
        collections: ['examples/collections/users.postman_collection.json', 'examples/collections/orders.postman_collection.json'],
        environment: 'examples/environments/local.postman_environment.json',
        envVars: { baseUrl: api.url }
      }),
      { log: recordingLog() }
    )
    const shape = (r: typeof v3) => r.runs.map((run) => ({ name: run.name, requests: run.requests, assertions: run.assertions, failed: run.failedAssertions }))
    expect(shape(v3)).toEqual(shape(json))
    const cases = (r: typeof v3) => r.runs.flatMap((run) => run.cases.map((c) => `${c.request} › ${c.assertion}${c.failure === undefined ? '' : ' ✗'}`))
    expect(cases(v3)).toEqual(cases(json))

    const file = `${base}/collections/Orders/Customers/Create customer.request.yaml`
    const text = readFileSync(resolve(root, file), 'utf8')
    expect(v3.findings.map((f) => [f.file, f.line, f.request, f.kind])).toEqual([
      [file, lineContaining(text, "pm.test('status is 201 (fails on purpose"), 'Customers › Create customer', 'assertion']
    ])
  })
})
