import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCollections, type RunOptions } from '../../src/newman/runner.js'
import { lineContaining, recordingLog, runOptions, startLoopbackApi, type Loopback } from './loopback.js'

const root = resolve(import.meta.dirname, '../..')
const FIXTURES = '__tests__/fixtures/runs'
const FAILING = `${FIXTURES}/failing.postman_collection.json`
const PASSING = `${FIXTURES}/passing.postman_collection.json`
const SNEAKY = `${FIXTURES}/sneaky.postman_collection.json`
const failingText = readFileSync(resolve(root, FAILING), 'utf8')

const SECRET = 'S3cr3t-env-var-value-9f2c'

let api: Loopback
beforeAll(async () => {
  api = await startLoopbackApi()
})
afterAll(async () => api.close())

function options(overrides: Partial<RunOptions> = {}): RunOptions {
  return runOptions({ root, collections: [FAILING], envVars: { baseUrl: api.url, token: SECRET, deadUrl: 'http://127.0.0.1:1' }, ...overrides })
}

describe('runCollections against a loopback API', () => {
  it('turns each failure into a finding on the line of its pm.test, else of its request', async () => {
    const log = recordingLog()
    const result = await runCollections(options(), { log })

    expect(result.testsPassed).toBe(false)
    expect(result.assertionsFailed).toBe(2)
    expect(result.runs).toEqual([expect.objectContaining({ file: FAILING, name: 'Failing API', requests: 3, assertions: 3, failedAssertions: 2 })])
    const brief = result.findings.map((f) => ({ kind: f.kind, file: f.file, line: f.line, request: f.request, assertion: f.assertion, iteration: f.iteration }))
    expect(brief).toEqual([
      {
        kind: 'assertion',
        file: FAILING,
        line: lineContaining(failingText, "pm.test('name is Ada'"),
        request: 'Users › Get user',
        assertion: 'name is Ada',
        iteration: 0
      },
      {
        kind: 'script-error',
        file: FAILING,
        line: lineContaining(failingText, '"name": "Broken script"'),
        request: 'Users › Broken script',
        assertion: undefined,
        iteration: 0
      },
      {
        kind: 'request-error',
        file: FAILING,
        line: lineContaining(failingText, '"name": "Unreachable"'),
        request: 'Unreachable',
        assertion: undefined,
        iteration: 0
      },
      { kind: 'assertion', file: FAILING, line: lineContaining(failingText, "pm.test('answers'"), request: 'Unreachable', assertion: 'answers', iteration: 0 }
    ])
    const [ada, broken, unreachable] = result.findings
    expect(ada!.message).toContain("expected 'Bob' to deeply equal 'Ada'")
    // Every env-vars value is a secret, the base URL included: the excerpt shows where it was.
    expect(ada!.excerpt).toContain('GET [redacted]/users/1?token=[redacted]')
    expect(ada!.excerpt).toContain('headers: Authorization, Accept')
    expect(ada!.excerpt).toContain('→ 200 OK')
    expect(ada!.excerpt).toContain('"name":"Bob"')
    expect(broken!.message).toContain('ReferenceError: undefinedFunction is not defined'.split(': ')[1])
    expect(unreachable!.message).toContain('ECONNREFUSED')
    expect(unreachable!.excerpt).toContain('→ no response')
    // JUnit cases: one per request × assertion, plus the errors.
    expect(result.runs[0]!.cases.map((c) => [c.request, c.assertion, c.failure === undefined])).toEqual([
      ['Users › Get user', 'status is 200', true],
      ['Users › Get user', 'name is Ada', false],
      ['Users › Broken script', 'test script', false],
      ['Unreachable', 'request', false],
      ['Unreachable', 'answers', false]
    ])
    expect(log.groups.map((g) => g.title)).toEqual([`${FAILING} (Failing API)`])
  })

  it('never writes an env-vars value, or a secret-typed environment value, into anything it produces', async () => {
    const log = recordingLog()
    const result = await runCollections(
      options({ environment: `${FIXTURES}/env.postman_environment.json`, envVars: { baseUrl: api.url, deadUrl: 'http://127.0.0.1:1', other: SECRET } }),
      { log }
    )
    // Without the env-var override, `token` comes from the environment file, where it is secret-typed.
    const produced = JSON.stringify(result) + log.text()
    expect(api.log.some((r) => r.url.includes('env-secret-typed-value-77'))).toBe(true)
    expect(produced).not.toContain('env-secret-typed-value-77')
    expect(produced).not.toContain(SECRET)
    expect(log.secrets).toContain(SECRET)

    const withOverride = await runCollections(options(), { log })
    // The request really carried the secret, and the report shows it nowhere.
    expect(api.log.some((r) => r.url.includes(SECRET) || r.headers.authorization === `Bearer ${SECRET}`)).toBe(true)
    expect(JSON.stringify(withOverride) + log.text()).not.toContain(SECRET)
    expect(withOverride.findings[0]!.excerpt).toContain('token=[redacted]')
  })

  it('keeps credentials out of what scripts can reach, and restores the environment afterwards', async () => {
    const saved = { ...process.env }
    process.env['INPUT_POSTMAN-API-KEY'] = 'PMAK-0000-input-secret'
    process.env.GITHUB_TOKEN = 'ghs_token_secret_value'
    process.env.ACTIONS_RUNTIME_TOKEN = 'actions-runtime-secret'
    process.env.HARMLESS_NAME = 'PMAK-0000-input-secret-copy'
    const seenDuringRun: Array<string | undefined> = []
    const original = api.log.push.bind(api.log)
    api.log.push = (...entries) => {
      seenDuringRun.push(process.env.GITHUB_TOKEN, process.env['INPUT_POSTMAN-API-KEY'], process.env.HARMLESS_NAME)
      return original(...entries)
    }
    const before = api.log.length
    try {
      const result = await runCollections(options({ collections: [SNEAKY], envVars: { baseUrl: api.url }, secrets: ['PMAK-0000-input-secret'] }), {
        log: recordingLog()
      })
      expect(result.testsPassed).toBe(true)
      const sent = api.log.slice(before)
      const echo = sent.find((r) => r.url === '/echo')
      expect(echo).toBeDefined()
      const found = JSON.parse(echo!.body) as Record<string, string>
      expect(found.process).toBe('undefined')
      expect(found.escape).toMatch(/^blocked/)
      expect(found.require).toBe('blocked')
      const everything = JSON.stringify(sent)
      for (const secret of ['PMAK-0000-input-secret', 'ghs_token_secret_value', 'actions-runtime-secret']) expect(everything).not.toContain(secret)
      // While the scripts ran, this very process had no credential in its environment.
      expect(seenDuringRun.length).toBeGreaterThan(0)
      expect(seenDuringRun.every((value) => value === undefined)).toBe(true)
      expect(process.env.GITHUB_TOKEN).toBe('ghs_token_secret_value')
      expect(process.env['INPUT_POSTMAN-API-KEY']).toBe('PMAK-0000-input-secret')
    } finally {
      api.log.push = original
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    }
  })

  it('drops the duplicate aggregate failure bail adds, and stops at the first failure', async () => {
    const result = await runCollections(options({ bail: true }), { log: recordingLog() })
    expect(result.findings.map((f) => [f.kind, f.request, f.assertion])).toEqual([['assertion', 'Users › Get user', 'name is Ada']])
    expect(result.runs[0]!.requests).toBe(1)
  })

  it('skips a collection without the folder, says so, and runs the folder elsewhere', async () => {
    const log = recordingLog()
    const result = await runCollections(options({ collections: [FAILING, PASSING], folder: ['Users'] }), { log })
    expect(result.runs.map((r) => [r.file, r.requests, r.skipped])).toEqual([
      [FAILING, 2, undefined],
      [PASSING, 0, "none of the folders 'Users' is in this collection"]
    ])
    expect(log.infos.some((line) => line.includes(`${PASSING}: skipped`))).toBe(true)
  })

  it('does not call a folder unknown because it is in another shard', async () => {
    const shards = []
    for (const index of [1, 2]) {
      shards.push(await runCollections(options({ collections: [FAILING, PASSING], folder: ['Users'], shard: { index, total: 2 } }), { log: recordingLog() }))
    }
    expect(shards.flatMap((s) => s.runs.map((r) => [r.file, r.skipped === undefined]))).toEqual(
      expect.arrayContaining([
        [FAILING, true],
        [PASSING, false]
      ])
    )
  })

  it('fails clearly, naming the input, on a folder no collection has', async () => {
    await expect(runCollections(options({ collections: [FAILING, PASSING], folder: ['Nope'] }), { log: recordingLog() })).rejects.toThrow(
      /Input 'folder': 'Nope' is not a folder or request in any collection run/
    )
  })

  it('names iteration-data when newman cannot read it', async () => {
    const result = await runCollections(options({ collections: [PASSING], iterationData: `${FIXTURES}/missing.csv` }), { log: recordingLog() })
    expect(result.runs[0]!.error).toMatch(/^Input 'iteration-data': cannot use __tests__\/fixtures\/runs\/missing\.csv/)
    expect(result.testsPassed).toBe(false)
  })

  it('names timeout when the runs outlast it', async () => {
    const slow = JSON.parse(readFileSync(resolve(root, PASSING), 'utf8'))
    expect(slow).toBeDefined()
    const result = await runCollections(options({ collections: [PASSING], envVars: { baseUrl: `${api.url}/slow?` }, timeout: 20 }), { log: recordingLog() })
    expect(result.runs[0]!.error).toMatch(/^Input 'timeout'/)
  })

  it('runs collections in parallel and keeps their order in the result', async () => {
    const result = await runCollections(options({ collections: [PASSING, FAILING], parallel: 2 }), { log: recordingLog() })
    expect(result.runs.map((r) => r.file)).toEqual([PASSING, FAILING])
    expect(result.findings.every((f) => f.file === FAILING)).toBe(true)
  })

  it('runs only its shard', async () => {
    const log = recordingLog()
    const first = await runCollections(options({ collections: [PASSING, FAILING], shard: { index: 1, total: 2 } }), { log })
    const second = await runCollections(options({ collections: [PASSING, FAILING], shard: { index: 2, total: 2 } }), { log })
    expect([...first.runs, ...second.runs].map((r) => r.file).sort()).toEqual([FAILING, PASSING])
    expect(first.runs).toHaveLength(1)
  })
})
