/**
 * End to end: the built `dist/index.js`, spawned as the runner spawns it, with `sync: off` and
 * `run: true`, against the sample API and a GitHub REST API stand-in. These prove the wiring —
 * finding lines reach annotations, the check run lands on the PR head in batches, the comment is
 * updated in place, the fallbacks, files and outputs, secrets kept out of everything — while the
 * unit cases (every finding kind, every limit) live in `__tests__/runs/` and `__tests__/report/`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSampleApi, type SampleApi } from '../../emulator/sample-api.js'
import { parseWorkflowCommands, runAction, type ActionRunRequest, type ActionRunResult } from '../../scripts/lib/run-action.js'
import { selectShard } from '../../src/newman/shard.js'
import { checkWellFormed } from '../report/xml-check.js'
import { startGitHubStandIn, type GitHubCall, type GitHubStandIn } from './github-stand-in.js'
import { createTempRepo, type TempRepo } from './repo.js'
import { fixtureText, sampleEnvironment } from './run-fixtures.js'

const BASIC = fixtureText('e2e-runs', 'basic.postman_collection.json')
const MANY = fixtureText('e2e-runs', 'many.postman_collection.json')
/** The tests of MANY that fail in every iteration. */
const MANY_FAILING = ['the token is rejected', 'status is 201', 'method is POST']

// Distinctive values, so a grep for them means something.
const API_KEY = 'PMAK-e2eruns0000000000000000-c0ffee5ecre7a91e0000000000000000000'
const GITHUB_TOKEN = 'ghs_e2eRunsTokenDoNotLeak7Q2W9E4R1T6Y'
const ENV_SECRET = 'e2e-envvar-secret-5b7c9d1f'
const SECRETS = [API_KEY, GITHUB_TOKEN, ENV_SECRET]

const REPOSITORY = 'octo-org/octo-repo'
const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const MERGE_SHA = 'ffffeeeeddddccccbbbbaaaa9999888877776666'
const SHARDS = ['shards/a.postman_collection.json', 'shards/b.postman_collection.json', 'shards/c.postman_collection.json']

/** The 1-based line of the first line of `text` containing `needle`; fails loudly when absent. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle))
  if (index < 0) throw new Error(`fixture has no line containing ${needle}`)
  return index + 1
}

let sample: SampleApi
let github: GitHubStandIn
let repo: TempRepo
let silent: { url: string; close(): Promise<void> }

beforeAll(async () => {
  sample = await startSampleApi()
  github = await startGitHubStandIn()
  silent = await startSilentServer()
  repo = await createTempRepo()
  const environment = sampleEnvironment(sample.url)
  await repo.commit({
    'postman/basic.postman_collection.json': BASIC,
    'postman/many.postman_collection.json': MANY,
    'postman/e2e.postman_environment.json': environment,
    ...Object.fromEntries(SHARDS.map((path) => [path, MANY]))
  })
})

afterAll(async () => {
  await Promise.all([sample?.close(), github?.close(), silent?.close(), repo?.remove()])
})

/** Inputs every run shares: runs only, against the sample API, with the secrets set. */
function baseInputs(overrides: Record<string, string>): Record<string, string> {
  return {
    sync: 'off',
    run: 'true',
    'postman-api-key': API_KEY,
    'run-environment': 'postman/e2e.postman_environment.json',
    'env-vars': `token=${ENV_SECRET}`,
    'timeout-request': '5000',
    ...overrides
  }
}

function pullRequestRun(inputs: Record<string, string>): Promise<ActionRunResult> {
  return runAction({
    workspace: repo.dir,
    eventName: 'pull_request',
    sha: MERGE_SHA,
    ref: 'refs/pull/7/merge',
    repository: REPOSITORY,
    event: {
      number: 7,
      pull_request: {
        number: 7,
        head: { sha: HEAD_SHA, repo: { full_name: REPOSITORY } },
        base: { sha: '0123456789abcdef0123456789abcdef01234567', repo: { full_name: REPOSITORY } }
      },
      repository: { full_name: REPOSITORY, default_branch: 'main' }
    },
    env: { GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.test' },
    inputs: baseInputs({ 'github-token': GITHUB_TOKEN, ...inputs })
  })
}

function pushRun(inputs: Record<string, string>, extra: Partial<ActionRunRequest> = {}): Promise<ActionRunResult> {
  return runAction({
    workspace: repo.dir,
    eventName: 'push',
    sha: repo.git('rev-parse', 'HEAD'),
    repository: REPOSITORY,
    event: { repository: { full_name: REPOSITORY, default_branch: 'main' } },
    env: { GITHUB_API_URL: github.url },
    inputs: baseInputs({ 'github-token': '', ...inputs }),
    ...extra
  })
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name)
    if (entry.isFile()) out.push(path)
  }
  return out
}

/**
 * stdout as the job log shows it: the `::add-mask::` commands the runner obeys carry the secret to
 * the runner and are never displayed. One inside a stop-commands block is not obeyed, so it stays.
 */
function displayedStdout(stdout: string): string {
  let stopToken: string | undefined
  const shown: string[] = []
  for (const line of stdout.split(/\r?\n/)) {
    const command = /^::([^\s:]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (stopToken !== undefined) {
      if (command?.[1] === stopToken) stopToken = undefined
    } else if (command?.[1] === 'stop-commands') {
      stopToken = command[2]
    } else if (command?.[1] === 'add-mask') {
      continue
    }
    shown.push(line)
  }
  return shown.join('\n')
}

/** Every byte a run produced: the job log, summary, outputs, files under RUNNER_TEMP, `extraFiles`, API payloads. */
function everythingProduced(result: ActionRunResult, extraFiles: string[] = [], calls: GitHubCall[] = []): string {
  const files = [...filesUnder(result.runnerTemp), ...extraFiles].map((path) => readFileSync(path, 'utf8'))
  return [displayedStdout(result.stdout), result.stderr, result.summary, JSON.stringify(result.outputs), ...files, ...calls.map((c) => c.text)].join('\n')
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) {
    expect(text.includes(secret), `a secret (${secret.slice(0, 8)}…) appears in what the action produced`).toBe(false)
    // A response may echo a secret base64-encoded (basic auth); these secrets need no URL-encoding,
    // so their URL-encoded form is the plain one checked above.
    expect(text.includes(Buffer.from(secret).toString('base64'))).toBe(false)
  }
}

const errorsWithFile = (result: ActionRunResult) => result.commands.filter((c) => c.command === 'error' && c.properties.file !== undefined)

describe('the harness reads workflow commands as the runner does', () => {
  it('ends a stop-commands block at its closing token, a UUID with digits', () => {
    const token = 'ee8b6903-5dc1-4e56-8a80-458950911338'
    const stdout = ['::add-mask::x', `::stop-commands::${token}`, '::error::forged', `::${token}::`, '::error file=a.json,line=3::real'].join('\n')
    expect(parseWorkflowCommands(stdout).map((c) => `${c.command} ${c.properties.line ?? ''} ${c.message}`)).toEqual(['add-mask  x', 'error 3 real'])
    expect(displayedStdout(stdout)).not.toContain('::add-mask::')
    expect(displayedStdout(stdout)).toContain('::error::forged')
  })
})

describe('runs through the built action', () => {
  it('puts each failure on the line of its pm.test, writes JUnit, the report and the outputs, and forges nothing', async () => {
    const before = sample.log.length
    const result = await pushRun({ 'run-collections': 'postman/basic.postman_collection.json', 'junit-report': 'reports/junit.xml' })

    expect(result.code).toBe(1)
    const file = 'postman/basic.postman_collection.json'
    expect(
      errorsWithFile(result)
        .map((c) => ({ file: c.properties.file, line: Number(c.properties.line), title: c.properties.title }))
        .sort((a, b) => a.line - b.line)
    ).toEqual([
      { file, line: lineOf(BASIC, "pm.test('name is Grace Hopper'"), title: 'Users › Get user 1: name is Grace Hopper' },
      { file, line: lineOf(BASIC, "pm.test('missing user answers 200'"), title: 'Users › Get a missing user: missing user answers 200' },
      { file, line: lineOf(BASIC, "pm.test('the token is not echoed'"), title: 'Echo the token: the token is not echoed' },
      // A script error has no pm.test: it sits on its request's name.
      { file, line: lineOf(BASIC, '"name": "Broken script"'), title: 'Broken script' }
    ])
    // The forged commands were printed, but inside the stop-commands guard the runner ignores.
    expect(result.stdout).toContain('::error file=forged.js,line=1::forged by a script')
    expect(result.commands.filter((c) => c.properties.file === 'forged.js' || c.message.includes('forged'))).toEqual([])
    // No token, so no check run: a notice says where the findings went.
    expect(result.commands.some((c) => c.command === 'notice' && /no GitHub token/i.test(c.message))).toBe(true)
    // The step fails on failed tests (fail-on: error), with a message of its own.
    expect(
      result.commands
        .filter((c) => c.command === 'error' && c.properties.file === undefined)
        .map((c) => c.message)
        .join('\n')
    ).toMatch(/fail/i)

    expect(result.outputs['tests-passed']).toBe('false')
    expect(result.outputs['assertions-failed']).toBe('3')
    const report = JSON.parse(readFileSync(result.outputs.report!, 'utf8')) as { findings: unknown[]; assertionsFailed: number }
    expect(report.assertionsFailed).toBe(3)
    expect(report.findings).toHaveLength(4)

    const junitPath = join(repo.dir, 'reports/junit.xml')
    expect(resolve(repo.dir, result.outputs['junit-report']!)).toBe(junitPath)
    const junit = readFileSync(junitPath, 'utf8')
    expect(checkWellFormed(junit)).toEqual([])
    expect(junit).toMatch(/<testsuites name="Postman Sync" tests="5" failures="3" errors="1"/)
    expect(junit.match(/<testcase /g)).toHaveLength(5)

    // The runs reached the sample API with the env-vars value, which then appears nowhere.
    const echoed = sample.log.slice(before).find((r) => r.path === '/echo')
    expect(echoed?.headers['x-token']).toBe(ENV_SECRET)
    expectNoSecret(everythingProduced(result, [junitPath]))
  })

  it('on a pull request: one check run on the head sha with all 120 annotations, and one comment updated in place', async () => {
    const first = github.calls.length
    // Three failing tests × 40 iterations: 120 findings.
    const result = await pullRequestRun({ 'run-collections': 'postman/many.postman_collection.json', 'iteration-count': '40' })
    const calls = github.calls.slice(first)

    expect(result.code).toBe(1)
    expect(result.outputs['assertions-failed']).toBe('120')
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/check-runs`,
      expect.stringMatching(new RegExp(`^PATCH /repos/${REPOSITORY}/check-runs/\\d+$`)),
      expect.stringMatching(new RegExp(`^PATCH /repos/${REPOSITORY}/check-runs/\\d+$`)),
      `GET /repos/${REPOSITORY}/issues/7/comments`,
      `POST /repos/${REPOSITORY}/issues/7/comments`
    ])
    const [create, ...updates] = calls.slice(0, 3).map(
      (c) =>
        c.body as {
          name?: string
          head_sha?: string
          conclusion?: string
          output: { annotations?: Array<{ path: string; start_line: number; annotation_level: string; message: string }> }
        }
    )
    expect(create).toMatchObject({ name: 'Postman', head_sha: HEAD_SHA, status: 'completed', conclusion: 'failure' })
    expect([create, ...updates].map((b) => b!.output.annotations?.length)).toEqual([50, 50, 20])
    const annotations = [create, ...updates].flatMap((b) => b!.output.annotations ?? [])
    expect(new Set(annotations.map((a) => `${a.path}:${a.start_line}:${a.annotation_level}`))).toEqual(
      new Set(MANY_FAILING.map((test) => `postman/many.postman_collection.json:${lineOf(MANY, `pm.test('${test}'`)}:failure`))
    )
    // One annotation per test and iteration, none lost or repeated across the batches.
    expect(new Set(annotations.map((a) => `${a.start_line}#${/iteration (\d+)/.exec(String(a.message))?.[1]}`)).size).toBe(120)
    // All annotations went to the check run: none as workflow annotations.
    expect(errorsWithFile(result)).toEqual([])
    // The token authorised every call, and was masked before anything could print it.
    expect(calls.every((c) => c.authorization === `token ${GITHUB_TOKEN}`)).toBe(true)
    expect(result.commands.filter((c) => c.command === 'add-mask').map((c) => c.message)).toEqual(expect.arrayContaining([GITHUB_TOKEN, ENV_SECRET, API_KEY]))

    expect(github.comments).toHaveLength(1)
    const comment = github.comments[0]
    expect(comment!.body).toMatch(/^<!-- postman-sync:comment Postman -->/)
    expect(comment!.body).toContain('160 assertions, 120 failed')
    expectNoSecret(everythingProduced(result, [], calls))

    // A second run of the same pull request updates that comment; fail-on: sync-error passes it.
    const second = github.calls.length
    const again = await pullRequestRun({ 'run-collections': 'postman/many.postman_collection.json', 'iteration-count': '1', 'fail-on': 'sync-error' })
    const againCalls = github.calls.slice(second)
    expect(again.code).toBe(0)
    expect(again.outputs['tests-passed']).toBe('false')
    expect(againCalls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST /repos/${REPOSITORY}/check-runs`,
      `GET /repos/${REPOSITORY}/issues/7/comments`,
      `PATCH /repos/${REPOSITORY}/issues/comments/${comment!.id}`
    ])
    expect(github.comments).toHaveLength(1)
    expect(github.comments[0]!.body).toContain('4 assertions, 3 failed')
    expectNoSecret(everythingProduced(again, [], againCalls))
  })

  it('with shard 2/3 and a token that may not write checks: the shard in the name, then capped workflow annotations', async () => {
    github.refuse({ checks: true })
    const first = github.calls.length
    let result: ActionRunResult
    try {
      result = await pullRequestRun({
        'run-collections': 'shards/*.postman_collection.json',
        shard: '2/3',
        'iteration-count': '5',
        comment: 'off',
        'fail-on': 'never'
      })
    } finally {
      github.refuse({})
    }
    const calls = github.calls.slice(first)

    expect(result.code).toBe(0)
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`POST /repos/${REPOSITORY}/check-runs`])
    expect(calls[0]!.body).toMatchObject({ name: 'Postman (2/3)', head_sha: HEAD_SHA })

    const [mine] = selectShard(
      SHARDS.map((path) => ({ path, requests: 1 })),
      { index: 2, total: 3 }
    )
    const errors = errorsWithFile(result)
    // 9: the 10th error annotation of a step is kept for its failure message.
    expect(errors).toHaveLength(9)
    expect(new Set(errors.map((c) => c.properties.file))).toEqual(new Set([mine]))
    expect(new Set(errors.map((c) => Number(c.properties.line)))).toEqual(new Set(MANY_FAILING.map((test) => lineOf(MANY, `pm.test('${test}'`))))
    const notices = result.commands.filter((c) => c.command === 'notice')
    expect(notices.length).toBeLessThanOrEqual(10)
    expect(notices.filter((c) => c.message.includes('403'))).toHaveLength(1)
    expect(notices.filter((c) => /^6 more findings/.test(c.message))).toHaveLength(1)
    expect(result.commands.filter((c) => c.command === 'warning')).toEqual([])
    expectNoSecret(everythingProduced(result, [], calls))
  })

  it('fail-on never passes a step whose tests failed', async () => {
    const result = await pushRun({ 'run-collections': 'postman/basic.postman_collection.json', 'fail-on': 'never' })
    expect(result.outputs['tests-passed']).toBe('false')
    expect(errorsWithFile(result)).toHaveLength(4)
    expect(result.code).toBe(0)
  })

  it('fails clearly, naming the input, on a folder no collection has, before running anything', async () => {
    const before = sample.log.length
    const result = await pushRun({ 'run-collections': 'postman/basic.postman_collection.json', folder: 'No such folder' })
    expect(result.code).toBe(1)
    const errors = result.commands.filter((c) => c.command === 'error').map((c) => c.message)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/Input 'folder': 'No such folder' is not a folder or request/)
    expect(sample.log.length).toBe(before)
    expectNoSecret(everythingProduced(result))
  })

  it('fails clearly, naming wait-for, when the service never answers within wait-timeout', async () => {
    const before = sample.log.length
    const result = await pushRun({ 'run-collections': 'postman/basic.postman_collection.json', 'wait-for': `${silent.url}/health`, 'wait-timeout': '1500' })
    expect(result.code).toBe(1)
    const errors = result.commands.filter((c) => c.command === 'error').map((c) => c.message)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/Input 'wait-for': http:\/\/127\.0\.0\.1:\d+\/health did not answer within 1500 ms/)
    expect(sample.log.length).toBe(before)
  })
})

/** A loopback server that accepts connections and never answers (a service still starting up). */
async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    }
  }
}
