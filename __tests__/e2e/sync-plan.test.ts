/**
 * End to end, runs that must not write (issue 4, scenarios 8, 9 and 13): one invalid file among
 * ten valid ones blocks every write and is annotated at its line; plan mode on a pull request
 * reports what a push would do, with the request-level diff, and writes nothing; an empty API key
 * fails a push to the default branch but only skips the sync (and still runs) on a fork pull
 * request.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { startSampleApi, type SampleApi } from '../../emulator/sample-api.js'
import { asFile, type TempRepo } from './repo.js'
import {
  actionsOf,
  allBytes,
  collection,
  commandsOf,
  environment,
  pullRequestEvent,
  readPlan,
  repoPool,
  requestLines,
  runE2E,
  startWorkspacesEmulator,
  writesOf
} from './helpers.js'

let emulator: Emulator
const { newRepo, removeAll } = repoPool()

beforeAll(async () => {
  emulator = await startWorkspacesEmulator([
    { id: 'ws-invalid', name: 'One bad file' },
    { id: 'ws-plan', name: 'Pull request plans' },
    { id: 'ws-key', name: 'No key' }
  ])
})

afterAll(async () => {
  await emulator?.close()
  await removeAll()
})

describe('8. one invalid file among ten valid ones', () => {
  it('fails the run with zero writes and an error annotation at the broken line', async () => {
    const files: Record<string, string> = {}
    for (let i = 1; i <= 10; i++)
      files[`postman/valid-${i}.postman_collection.json`] = asFile(collection(`Valid ${i}`, { [`Request ${i}`]: `https://api.example.test/${i}` }))
    // A doubled comma after the method: the error is on that line, wherever the file is read from.
    const lines = asFile(collection('Broken', { first: 'https://api.example.test/a', second: 'https://api.example.test/b' })).split('\n')
    const broken = lines.findIndex((l, i) => i > lines.findIndex((x) => x.includes('"second"')) && l.includes('"method": "GET",'))
    lines[broken] = lines[broken]!.replace('"GET",', '"GET",,')
    const BROKEN = 'postman/broken.postman_collection.json'
    files[BROKEN] = lines.join('\n')
    const repo = await newRepo()
    const sha = await repo.commit(files)

    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-invalid' } })

    expect(result.code).not.toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    expect(emulator.collections('ws-invalid')).toEqual([])
    const errors = commandsOf(result, 'error').filter((e) => e.properties.file === BROKEN)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.properties.line).toBe(String(broken + 1))
    expect(errors[0]!.message).toMatch(/not valid JSON/)
    expect(commandsOf(result, 'error').filter((e) => e.properties.file !== undefined && e.properties.file !== BROKEN)).toEqual([])
    // A validation stop fails the step; `skipped` is for benign skips only.
    expect(result.outputs).toMatchObject({ failed: '1', skipped: 'false', 'skip-reason': '' })
    // The plan still shows the whole picture: the ten valid files would be created.
    const plan = await readPlan(result)
    expect(plan.entries.filter((e) => e.action === 'create')).toHaveLength(10)
    expect(actionsOf(plan.entries)[BROKEN]).toBe('error')
  })

  it('a Postman API key committed in a file is an error at its line, blocks every write, and is never repeated', async () => {
    const key = 'PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01'
    const keyed = collection('Keyed', { 'Call with a key': 'https://api.example.test/k' })
    ;(keyed.item as Array<{ request: Record<string, unknown> }>)[0]!.request.header = [{ key: 'X-Api-Key', value: key }]
    const text = asFile(keyed)
    const line = text.split('\n').findIndex((l) => l.includes(key)) + 1
    const repo = await newRepo()
    const sha = await repo.commit({
      'postman/keyed.postman_collection.json': text,
      'postman/fine.postman_collection.json': asFile(collection('Fine', { ok: 'https://api.example.test/ok' }))
    })
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-invalid' } })

    expect(result.code).not.toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    const error = commandsOf(result, 'error').find((e) => e.properties.file === 'postman/keyed.postman_collection.json')
    expect(error?.properties.line).toBe(String(line))
    expect(error?.message).toMatch(/Postman API key/)
    const bytes = await allBytes(result)
    expect(bytes).not.toContain(key)
    // Not even the part after the fixed prefix.
    expect(bytes).not.toContain(key.slice(5, 29))
  })
})

describe('9. plan mode on a pull request', () => {
  it('writes nothing; the plan output and the summary show what push would do, request by request', async () => {
    const repo = await newRepo()
    const A = 'postman/alpha.postman_collection.json'
    const C = 'postman/gamma.postman_collection.json'
    const ENV = 'postman/local.postman_environment.json'
    const alpha = (requests: Record<string, string>) => collection('Alpha', requests, { folder: 'Things' })
    const base = await repo.commit({
      [A]: asFile(
        alpha({
          'List things': 'https://api.example.test/things',
          'Get thing': 'https://api.example.test/things/1',
          'Old thing': 'https://api.example.test/old'
        })
      ),
      [ENV]: asFile(environment('Local', [['baseUrl', 'https://api.example.test']]))
    })
    expect((await runE2E({ emulator, repo, sha: base, inputs: { workspace: 'ws-plan' } })).code).toBe(0)
    const stray = emulator.seedCollection('ws-plan', collection('Made in Postman', { x: 'https://api.example.test/x' }))
    const snapshot = () => JSON.stringify([emulator.collections('ws-plan'), emulator.environments('ws-plan')])
    const before = snapshot()

    // In the pull request: a url, and on 'Get thing' the method, a header, the body, a test script and the auth type.
    const changed = alpha({
      'List things': 'https://api.example.test/things?all=1',
      'Get thing': 'https://api.example.test/things/1',
      'New thing': 'https://api.example.test/new'
    })
    const getThing = (changed.item as Array<{ item: Array<Record<string, any>> }>)[0]!.item[1] // eslint-disable-line @typescript-eslint/no-explicit-any
    Object.assign(getThing!.request, {
      method: 'POST',
      header: [{ key: 'X-Trace', value: 'hdr-value-Pq7' }],
      body: { mode: 'raw', raw: 'body-value-Rt5' },
      auth: { type: 'bearer', bearer: [{ key: 'token', value: 'bearer-value-Zx2', type: 'string' }] }
    })
    getThing!.event = [{ listen: 'test', script: { type: 'text/javascript', exec: ["pm.test('script-value-Mn4', () => {});"] } }]
    const head = await repo.commit(
      {
        [A]: asFile(changed),
        [C]: asFile(collection('Gamma', { ping: 'https://api.example.test/ping' })),
        [ENV]: asFile(
          environment('Local', [
            ['baseUrl', 'https://api.example.test'],
            ['timeout', '5000']
          ])
        )
      },
      'pull request change'
    )
    const result = await runE2E({
      emulator,
      repo,
      sha: head,
      eventName: 'pull_request',
      ref: 'refs/pull/7/merge',
      event: pullRequestEvent({ baseSha: base, headSha: head }),
      inputs: { workspace: 'ws-plan' }
    })

    expect(result.code, result.stdout).toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    expect(snapshot()).toBe(before)
    expect(result.outputs).toMatchObject({ created: '1', updated: '2', unchanged: '0', changed: 'true', skipped: 'false' })

    const plan = await readPlan(result)
    expect(plan.mode).toBe('plan')
    expect(actionsOf(plan.entries)).toEqual({ [A]: 'update', [C]: 'create', [ENV]: 'update' })
    const alphaDiff = plan.entries.find((e) => e.path === A)?.diff
    expect(alphaDiff).toMatchObject({ added: ['Things/New thing'], removed: ['Things/Old thing'] })
    expect(alphaDiff?.changed).toEqual([
      { path: 'Things/List things', aspects: ['url'] },
      { path: 'Things/Get thing', aspects: ['method', 'headers: +X-Trace', 'body', 'scripts: test', 'auth: inherit → bearer'] }
    ])
    expect(plan.entries.find((e) => e.path === ENV)?.diff).toMatchObject({ added: ['timeout'], removed: [], changed: [] })
    // Names and aspects only, never values.
    expect(JSON.stringify(plan)).not.toContain('all=1')
    expect(JSON.stringify(plan)).not.toContain('5000')
    for (const secretish of ['hdr-value-Pq7', 'body-value-Rt5', 'bearer-value-Zx2', 'script-value-Mn4']) {
      expect(JSON.stringify(plan)).not.toContain(secretish)
      expect(result.summary).not.toContain(secretish)
    }

    // What the workspace holds that no file claims is listed, not touched.
    expect(plan.unclaimed).toEqual([{ kind: 'collection', name: 'Made in Postman', uid: stray.uid }])

    const summary = result.summary.replace(/&#95;/g, '_')
    expect(summary).toMatch(/claimed by no file \(1\):\*\* Made in Postman/)
    expect(summary).toContain('Things/New thing')
    expect(summary).toContain('Things/Old thing')
    expect(summary).toContain('Things/List things')
    expect(summary).toContain('X-Trace')
    expect(summary).toMatch(/1 to create, 2 to update/)
  })
})

describe('13. an empty postman-api-key', () => {
  let sample: SampleApi
  let repo: TempRepo
  let sha = ''
  const RUNNABLE = 'postman/health.postman_collection.json'

  beforeAll(async () => {
    sample = await startSampleApi()
    repo = await newRepo()
    const health = collection('Health', { 'Service is up': `${sample.url}/health` })
    ;(health.item as Array<Record<string, unknown>>)[0]!.event = [
      { listen: 'test', script: { type: 'text/javascript', exec: ["pm.test('status is 200', () => pm.response.to.have.status(200));"] } }
    ]
    sha = await repo.commit({ [RUNNABLE]: asFile(health) })
  })

  afterAll(async () => {
    await sample?.close()
  })

  it('fails a push to the default branch with a clear message, before any Postman call', async () => {
    const mark = emulator.log.length
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-key', 'postman-api-key': '' } })

    expect(result.code).not.toBe(0)
    expect(emulator.log.slice(mark)).toEqual([])
    const failure = commandsOf(result, 'error')
      .map((e) => e.message)
      .join('\n')
    expect(failure).toMatch(/postman-api-key/)
    expect(failure).toMatch(/secret/)
  })

  it("fails a pull_request_target run from a fork (it gets the base repository's secrets: empty is a mistake)", async () => {
    const mark = emulator.log.length
    const result = await runE2E({
      emulator,
      repo,
      sha,
      eventName: 'pull_request_target',
      ref: 'refs/heads/main',
      event: pullRequestEvent({ baseSha: sha, headSha: sha, number: 8, fork: true }),
      inputs: { workspace: 'ws-key', 'postman-api-key': '' }
    })
    expect(result.code).not.toBe(0)
    expect(emulator.log.slice(mark)).toEqual([])
    expect(
      commandsOf(result, 'error')
        .map((e) => e.message)
        .join('\n')
    ).toMatch(/postman-api-key/)
  })

  it('skips the sync with a notice on a Dependabot push', async () => {
    const mark = emulator.log.length
    const result = await runE2E({
      emulator,
      repo,
      sha,
      event: { ref: 'refs/heads/main', before: sha, after: sha, sender: { login: 'dependabot[bot]' }, repository: { default_branch: 'main' } },
      inputs: { workspace: 'ws-key', 'postman-api-key': '' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(emulator.log.slice(mark)).toEqual([])
    expect(result.outputs).toMatchObject({ skipped: 'true' })
    expect(result.outputs['skip-reason']).toMatch(/Dependabot/)
    expect(commandsOf(result, 'notice').some((n) => /skipped/.test(n.message))).toBe(true)
  })

  it('skips the sync on a fork pull request with a notice and the skipped outputs, and still runs', async () => {
    const mark = emulator.log.length
    const sampleMark = sample.log.length
    const result = await runE2E({
      emulator,
      repo,
      sha,
      eventName: 'pull_request',
      ref: 'refs/pull/8/merge',
      event: pullRequestEvent({ baseSha: sha, headSha: sha, number: 8, fork: true }),
      inputs: { workspace: 'ws-key', 'postman-api-key': '', run: 'true' }
    })

    expect(result.code, result.stdout).toBe(0)
    expect(emulator.log.slice(mark)).toEqual([])
    expect(result.outputs.skipped).toBe('true')
    expect(result.outputs['skip-reason']).toMatch(/fork/i)
    expect(commandsOf(result, 'notice').some((n) => /skipped/.test(n.message))).toBe(true)
    expect(commandsOf(result, 'error')).toEqual([])
    // The run still happened, against the sample API.
    expect(requestLines(sample.log.slice(sampleMark) as never)).toEqual(['GET /health'])
    // `tests-passed` is whether every test passed (action.yml's description says a count: reported).
    expect(result.outputs['tests-passed']).toBe('true')
    expect(result.outputs['assertions-failed']).toBe('0')
    const report = JSON.parse(readFileSync(result.outputs.report!, 'utf8')) as { collections: Array<{ assertions: number; failedAssertions: number }> }
    expect(report.collections.map((c) => [c.assertions, c.failedAssertions])).toEqual([[1, 0]])
    expect(result.summary).toMatch(/skipped/)
  })
})
