/**
 * End to end, environments and secrets (issue 4, scenarios 10 and 12): a variable added in Postman
 * survives a push that changes another; a secret's Postman value is kept and the repository's
 * value is never uploaded; and the API key, the GitHub token, an `env-vars` value and the secret
 * values read from Postman appear in no byte the action produces — stdout, stderr, summary,
 * outputs, every file in the runner's temp directory (plan, conflict copies, run report), and
 * every payload the stand-in GitHub API received (check run, pull-request comment).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { startSampleApi, type SampleApi } from '../../emulator/sample-api.js'
import { asFile, createTempRepo, type TempRepo } from './repo.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js'
import {
  actionsOf,
  allBytes,
  collection,
  commandsOf,
  environment,
  pullRequestEvent,
  readPlan,
  requestLines,
  runE2E,
  writesOf,
  type E2EResult
} from './helpers.js'

// Distinctive values, so a grep for them means something.
const API_KEY = 'PMAK-5ec4e7ab5ec4e7ab5ec4e7ab-5ec4e7ab5ec4e7ab5ec4e7ab5ec4e7ab5e'
const GITHUB_TOKEN = 'ghs_E2eTokenNeverShownAnywhere0123456789'
const ENV_VAR_VALUE = 'envvar-value-Vq93Lk'
const REPO_SECRET = 'repo-secret-Zq81xW'
const POSTMAN_SECRET = 'postman-secret-Kd72pQ'
const POSTMAN_ONLY = 'postman-only-value-Hh40'

const ENV = 'postman/local.postman_environment.json'
const COL = 'postman/echo.postman_collection.json'

let emulator: Emulator
let sample: SampleApi
let github: GitHubStandIn
let repo: TempRepo
/** Every run of this file, for the final grep. */
const results: E2EResult[] = []

const inputs = { 'postman-api-key': API_KEY, workspace: 'ws-env', 'github-token': GITHUB_TOKEN }
const env = () => ({ GITHUB_API_URL: github.url })
const localEnv = (baseUrl: string) =>
  asFile(
    environment('Local', [
      ['baseUrl', baseUrl],
      ['apiToken', REPO_SECRET, 'secret']
    ])
  )
const stored = () => emulator.environments('ws-env').find((e) => e.name === 'Local')
const value = (key: string) => stored()?.body.values.find((v: { key: string }) => v.key === key)

/** A collection the runs can execute: it echoes an env-vars value and fails, so the finding carries an excerpt. */
function echoCollection(): Record<string, unknown> {
  const c = collection('Echo', { 'Echo the header': `${sample.url}/echo` })
  const item = (c.item as Array<Record<string, any>>)[0] // eslint-disable-line @typescript-eslint/no-explicit-any
  item!.request.header = [{ key: 'X-Secret', value: '{{E2E_ENV_SECRET}}' }]
  item!.event = [{ listen: 'test', script: { type: 'text/javascript', exec: ["pm.test('echo is empty', () => pm.expect(pm.response.text()).to.eql(''));"] } }]
  return c
}

beforeAll(async () => {
  emulator = await startEmulator({
    apiKeys: [API_KEY],
    workspaces: [{ id: 'ws-env', name: 'Environments', type: 'team' }],
    listRateLimit: { limit: 100, windowMs: 10_000 }
  })
  sample = await startSampleApi()
  github = await startGitHubStandIn()
  repo = await createTempRepo()
})

afterAll(async () => {
  await emulator?.close()
  await sample?.close()
  await github?.close()
  await repo?.remove()
})

describe('environments keep what Postman holds', () => {
  let sha = ''

  it('10a. a committed secret value is not uploaded on create, and is warned about at its file', async () => {
    sha = await repo.commit({ [ENV]: localEnv('https://one.example.test'), [COL]: asFile(echoCollection()) })
    const result = await runE2E({ emulator, repo, sha, inputs, env: env() })
    results.push(result)

    expect(result.code, result.stdout).toBe(0)
    expect(value('apiToken')).toMatchObject({ type: 'secret', value: '' })
    expect(value('baseUrl')).toMatchObject({ value: 'https://one.example.test' })
    const warnings = commandsOf(result, 'warning').filter((w) => w.properties.file === ENV)
    expect(warnings.some((w) => /apiToken/.test(w.message) && /not uploaded/.test(w.message))).toBe(true)
  })

  it('10b. a variable added in Postman survives a push that changes another; the secret keeps its Postman value', async () => {
    emulator.editEnvironment(stored()?.uid as string, (body) => {
      body.values.push({ key: 'addedInPostman', value: POSTMAN_ONLY, type: 'default', enabled: true })
      body.values.find((v: { key: string }) => v.key === 'apiToken').value = POSTMAN_SECRET
    })
    const before = sha
    sha = await repo.commit({ [ENV]: localEnv('https://two.example.test') }, 'move baseUrl')
    const result = await runE2E({ emulator, repo, sha, before, inputs, env: env() })
    results.push(result)

    expect(result.code, result.stdout).toBe(0)
    const state = emulator.environments('ws-env').find((e) => e.name === 'Postman Sync state')
    // One PATCH of the changed variable: the Postman-only variable and the secret are not sent.
    expect(requestLines(writesOf(result.requests))).toEqual([`PATCH /environments/${stored()?.uid}`, `PUT /environments/${state?.uid}`])
    const plan = await readPlan(result)
    expect(actionsOf(plan.entries)).toEqual({ [ENV]: 'update', [COL]: 'unchanged' })
    expect(plan.entries.find((e) => e.path === ENV)?.reason).toMatch(/PATCH, 1 call, of baseUrl;/)
    expect(value('baseUrl')).toMatchObject({ value: 'https://two.example.test' })
    expect(value('addedInPostman')).toMatchObject({ value: POSTMAN_ONLY })
    expect(value('apiToken')).toMatchObject({ type: 'secret', value: POSTMAN_SECRET })
    // The repository's secret value is nowhere in Postman: not in the environment, not in the state.
    const everything = JSON.stringify([emulator.environments('ws-env'), emulator.collections('ws-env')])
    expect(everything).not.toContain(REPO_SECRET)
  })
})

describe('12. no secret in any byte the action produces', () => {
  it('a conflicting environment (remote copy written) and a pull-request plan with a check run, a comment and a failing run', async () => {
    // Postman and the repository both move baseUrl: a conflict, whose remote copy lands in runner temp.
    emulator.editEnvironment(stored()?.uid as string, (body) => {
      body.values.find((v: { key: string }) => v.key === 'baseUrl').value = 'https://three.example.test'
    })
    const base = repo.git('rev-parse', 'HEAD')
    const sha = await repo.commit({ [ENV]: localEnv('https://four.example.test') }, 'move baseUrl again')
    const conflict = await runE2E({
      emulator,
      repo,
      sha,
      before: base,
      inputs: { ...inputs, 'check-run': 'true', 'env-vars': `E2E_ENV_SECRET=${ENV_VAR_VALUE}` },
      env: env()
    })
    results.push(conflict)
    expect(conflict.code).not.toBe(0)
    expect(writesOf(conflict.requests)).toEqual([])
    const copy = (await readPlan(conflict)).entries.find((e) => e.path === ENV)?.remoteCopy
    expect(copy).toBeTruthy()

    const pr = await runE2E({
      emulator,
      repo,
      sha,
      eventName: 'pull_request',
      ref: 'refs/pull/9/merge',
      event: pullRequestEvent({ baseSha: base, headSha: sha, number: 9 }),
      inputs: { ...inputs, 'check-run': 'true', comment: 'auto', run: 'true', 'env-vars': `E2E_ENV_SECRET=${ENV_VAR_VALUE}` },
      env: env()
    })
    results.push(pr)
    // The run happened and sent the env-vars value (so not finding it below means it was redacted).
    expect(sample.log.some((r) => r.path === '/echo' && r.headers['x-secret'] === ENV_VAR_VALUE)).toBe(true)
    expect(pr.outputs['assertions-failed']).toBe('1')
    expect(github.summary()).toEqual(expect.arrayContaining(['POST /repos/octo-org/octo-repo/check-runs', 'POST /repos/octo-org/octo-repo/issues/9/comments']))

    const secrets = { API_KEY, GITHUB_TOKEN, ENV_VAR_VALUE, POSTMAN_SECRET }
    const bytes = [...(await Promise.all(results.map((r) => allBytes(r)))), ...github.calls.map((c) => `${c.path}?${c.query}\n${c.text}`)].join('\n')
    // The grep covers what it should: the remote copy and the comment are in it.
    expect(bytes).toContain('https://three.example.test')
    expect(bytes).toContain('Echo the header')
    for (const [name, secret] of Object.entries(secrets)) {
      expect(bytes.includes(secret), `${name} leaked`).toBe(false)
      // Also as JSON-escaped, URL-encoded and base64 forms, as responses and headers echo them.
      expect(bytes.includes(encodeURIComponent(secret)), `${name} leaked URL-encoded`).toBe(false)
      expect(bytes.includes(Buffer.from(secret).toString('base64')), `${name} leaked base64`).toBe(false)
    }
  })
})

describe('an environment conflict resolved with on-conflict: overwrite', () => {
  it('10c. the repository value wins; the Postman-only variable and the secret value stay', async () => {
    // Test 12 left the conflict: Postman moved baseUrl to three, the repository to four.
    expect(value('baseUrl')).toMatchObject({ value: 'https://three.example.test' })
    const sha = repo.git('rev-parse', 'HEAD')
    const result = await runE2E({ emulator, repo, sha, inputs: { ...inputs, 'on-conflict': 'overwrite' }, env: env() })

    expect(result.code, result.stdout).toBe(0)
    expect(requestLines(writesOf(result.requests))).toContain(`PATCH /environments/${stored()?.uid}`)
    expect(value('baseUrl')).toMatchObject({ value: 'https://four.example.test' })
    expect(value('addedInPostman')).toMatchObject({ value: POSTMAN_ONLY })
    expect(value('apiToken')).toMatchObject({ type: 'secret', value: POSTMAN_SECRET })
    expect((await allBytes(result)).includes(POSTMAN_SECRET)).toBe(false)

    // The written body is not the file (the secret keeps Postman's value), yet the next run needs no GET of it.
    const quiet = await runE2E({ emulator, repo, sha, inputs, env: env() })
    expect(writesOf(quiet.requests)).toEqual([])
    expect(quiet.requests.length).toBeLessThanOrEqual(4)
    expect(quiet.outputs).toMatchObject({ unchanged: '2', conflicts: '0' })
  })
})
