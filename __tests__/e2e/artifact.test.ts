/**
 * End to end through `dist/index.js`, the emulator, a loopback stand-in of the artifact service
 * and the GitHub stand-in: the step's workflow artifact (`upload-artifact`). A conflicting push
 * uploads one artifact holding the plan and the Postman copy of the conflicting collection, its
 * credentials blanked; the summary and the pull-request comment name it; where the service is
 * unavailable the step is unchanged but for one notice, and a refused upload is one warning.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { startSampleApi } from '../../emulator/sample-api.js'
import { readZip } from '../helpers/zip.js'
import { startArtifactStandIn, runtimeToken, UPLOAD_SIGNATURE, type ArtifactStandIn } from './artifact-stand-in.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js'
import { asFile, type TempRepo } from './repo.js'
import { fixtureText, sampleEnvironment } from './run-fixtures.js'
import { allBytes, alpha, beta, commandsOf, pullRequestEvent, readPlan, repoPool, runE2E, startWorkspacesEmulator, type E2EResult } from './helpers.js'

const A = 'postman/alpha.postman_collection.json'
const B = 'postman/beta.postman_collection.json'
/** A credential someone added in Postman: the copy must not carry it into the artifact. */
const POSTMAN_SIDE_SECRET = 'Bearer postman-side-credential-5e4d3c2b1a'
const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/'

let emulator: Emulator
let service: ArtifactStandIn
let github: GitHubStandIn
let repo: TempRepo
let sha = ''
const { newRepo, removeAll } = repoPool()
const inputs = { workspace: 'ws-artifact' }

/** The runner's variables for the artifact service, with a runtime token for job run `jobRun`. */
function serviceEnv(jobRun: string): Record<string, string> {
  return {
    ACTIONS_RUNTIME_TOKEN: runtimeToken(jobRun),
    ACTIONS_RESULTS_URL: `${service.url}/`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ATTEMPT: '1'
  }
}

// The upload's own notices and warnings: not the annotations on files (a conflict's names the artifact too).
const artifactNotices = (result: E2EResult) => commandsOf(result, 'notice').filter((c) => /artifact/i.test(c.message) && c.properties?.file === undefined)
const artifactWarnings = (result: E2EResult) => commandsOf(result, 'warning').filter((c) => /artifact/i.test(c.message) && c.properties?.file === undefined)

beforeAll(async () => {
  emulator = await startWorkspacesEmulator([{ id: 'ws-artifact', name: 'Artifacts' }])
  service = await startArtifactStandIn()
  github = await startGitHubStandIn()
  repo = await newRepo()
  const first = await repo.commit({ [A]: asFile(alpha()), [B]: asFile(beta()) })
  const pushed = await runE2E({ emulator, repo, sha: first, inputs: { ...inputs, 'upload-artifact': 'false' } })
  expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0)
  // In Postman, someone renames Alpha's request and gives it a credential; the repository changes Alpha too.
  const alphaUid = emulator.collections('ws-artifact').find((c) => c.name === 'Alpha')?.uid as string
  emulator.editCollection(alphaUid, (body) => {
    body.item[0].name = 'List all things'
    body.item[0].request.header = [{ key: 'Authorization', value: POSTMAN_SIDE_SECRET }]
  })
  sha = await repo.commit({ [A]: asFile(alpha({ 'Delete thing': 'https://api.example.test/things/1' })) })
})

afterAll(async () => {
  await Promise.all([emulator?.close(), service?.close(), github?.close()])
  await removeAll()
})

describe('a conflicting push', () => {
  let result: E2EResult
  const token = runtimeToken('job-run-push')

  beforeAll(async () => {
    result = await runE2E({ emulator, repo, sha, inputs, env: serviceEnv('job-run-push') })
  })

  it('uploads one artifact holding the plan and the redacted Postman copy of the conflicting collection', async () => {
    expect(result.code).toBe(1)
    const plan = await readPlan(result)
    const copyPath = plan.entries.find((e) => e.path === A)?.remoteCopy as string
    expect(plan.entries.find((e) => e.path === A)?.action).toBe('conflict')

    const twirp = service.calls.filter((c) => c.path.startsWith(TWIRP))
    expect(twirp.map((c) => c.path.slice(TWIRP.length))).toEqual(['CreateArtifact', 'FinalizeArtifact'])
    const name = String(twirp[0]!.body!.name)
    expect(name).toMatch(/^postman-sync-postman-[0-9a-f]{8}$/)
    expect(twirp[0]!.body).toMatchObject({ workflow_run_backend_id: 'run-backend-1', workflow_job_run_backend_id: 'job-run-push', version: 7 })
    expect(twirp.every((c) => c.authorization === `Bearer ${token}`)).toBe(true)

    const zip = service.uploads.get(name)
    expect(zip, `no zip uploaded for ${name}`).toBeDefined()
    expect(service.finalized.get(name)).toEqual({ size: String(zip!.length), hash: `sha256:${createHash('sha256').update(zip!).digest('hex')}` })
    const entries = readZip(zip!)
    expect([...entries.keys()].sort()).toEqual(['alpha.postman_collection.remote.json', 'plan.json'])
    expect(entries.get('plan.json')!.toString('utf8')).toBe(readFileSync(result.outputs.plan!, 'utf8'))
    const copy = entries.get('alpha.postman_collection.remote.json')!.toString('utf8')
    expect(copy).toBe(readFileSync(copyPath, 'utf8'))
    expect(copy).toContain('List all things')
    expect(copy).toContain('"key": "Authorization"')
    expect(copy).not.toContain('postman-side-credential')
  })

  it('names the artifact, with its download link, in the summary; no notice, no warning', () => {
    const name = String(service.calls.find((c) => c.path.endsWith('/CreateArtifact'))?.body?.name)
    expect(result.summary).toContain(`📦 **Artifact:** <a href="https://github.com/octo-org/octo-repo/actions/runs/1/artifacts/4242"><code>${name}</code></a>`)
    expect(result.summary).toMatch(/Postman copy: alpha\.postman(&#95;|_)collection\.remote\.json in the artifact/)
    expect(artifactNotices(result)).toEqual([])
    expect(artifactWarnings(result)).toEqual([])
  })

  it("the conflict's annotation names the copy by the name it has in the artifact", () => {
    const conflict = [...commandsOf(result, 'error'), ...commandsOf(result, 'warning')].find((c) => c.properties?.title?.startsWith('Conflict'))
    expect(conflict?.message).toMatch(/Postman's version is saved as alpha\.postman_collection\.remote\.json in the step's artifact/)
  })

  it('never shows the runtime token or the Postman-side credential, and masks the upload signature before the client logs it', async () => {
    const bytes = await allBytes(result)
    expect(bytes).not.toContain(token)
    expect(bytes).not.toContain(token.split('.')[2]!)
    expect(bytes).not.toContain('postman-side-credential')
    // The client prints the signed URL on its debug lines, after telling the runner to mask the signature.
    const lines = result.stdout.split('\n')
    const firstShown = lines.findIndex((line) => line.includes(UPLOAD_SIGNATURE) && !line.startsWith('::add-mask::'))
    const masked = lines.indexOf(`::add-mask::${UPLOAD_SIGNATURE}`)
    expect(masked).toBeGreaterThanOrEqual(0)
    if (firstShown >= 0) expect(masked).toBeLessThan(firstShown)
  })
})

describe('on a pull request', () => {
  it('the comment names the artifact that holds the Postman copy', async () => {
    const result = await runE2E({
      emulator,
      repo,
      sha,
      eventName: 'pull_request',
      ref: 'refs/pull/5/merge',
      event: pullRequestEvent({ baseSha: sha, headSha: sha, number: 5 }),
      inputs: { ...inputs, 'github-token': 'ghs_e2eArtifactCommentToken', comment: 'always' },
      env: { ...serviceEnv('job-run-pr'), GITHUB_API_URL: github.url }
    })
    expect(result.outputs.conflicts, result.stdout).toBe('1')
    const created = service.calls.filter((c) => c.path.endsWith('/CreateArtifact')).at(-1)
    expect(created?.body?.workflow_job_run_backend_id).toBe('job-run-pr')
    const name = String(created?.body?.name)
    // Another job run, another name: matrix legs and re-runs do not collide.
    expect(name).not.toBe(String(service.calls.find((c) => c.path.endsWith('/CreateArtifact'))?.body?.name))
    const comment = github.comments.find((c) => c.issue === 5)
    expect(comment?.body).toContain(`<code>${name}</code>`)
    expect(comment?.body).toContain('https://github.com/octo-org/octo-repo/actions/runs/1/artifacts/4242')
  })
})

describe('runs with reports', () => {
  it('uploads the JUnit and HTML reports after the runs (the runner variables are back once the scripts are done)', async () => {
    const sample = await startSampleApi()
    try {
      const runs = await newRepo()
      const head = await runs.commit({
        'postman/green.postman_collection.json': fixtureText('e2e-comment', 'green.postman_collection.json'),
        'postman/e2e.postman_environment.json': sampleEnvironment(sample.url)
      })
      const result = await runE2E({
        emulator,
        repo: runs,
        sha: head,
        inputs: {
          sync: 'off',
          run: 'true',
          'run-environment': 'postman/e2e.postman_environment.json',
          'junit-report': 'reports/junit.xml',
          'html-report': 'reports/runs.html'
        },
        env: serviceEnv('job-run-reports')
      })
      expect(result.code, result.stdout).toBe(0)
      const name = String(service.calls.filter((c) => c.path.endsWith('/CreateArtifact')).at(-1)?.body?.name)
      const entries = readZip(service.uploads.get(name)!)
      expect([...entries.keys()].sort()).toEqual(['junit.xml', 'runs.html'])
      expect(entries.get('junit.xml')!.toString('utf8')).toBe(readFileSync(resolve(runs.dir, 'reports/junit.xml'), 'utf8'))
      expect(entries.get('runs.html')!.toString('utf8')).toContain('<!DOCTYPE html>')
      expect(result.summary).toContain(`<code>${name}</code>`)
    } finally {
      await sample.close()
    }
  })
})

describe('where the artifact service is not there, or refuses', () => {
  /** A plan that passes (the conflict is a warning under `skip`) and still has files to upload. */
  const passingPlan = { sync: 'plan', 'on-conflict': 'skip' }

  it('without the runner variables the step passes with one notice and nothing uploaded', async () => {
    const calls = service.calls.length
    const result = await runE2E({ emulator, repo, sha, inputs: { ...inputs, ...passingPlan } })
    expect(result.code, result.stdout).toBe(0)
    expect(service.calls.length).toBe(calls)
    expect(artifactNotices(result).map((c) => c.message)).toEqual([expect.stringMatching(/^No workflow artifact: .*ACTIONS_RUNTIME_TOKEN/)])
    expect(artifactWarnings(result)).toEqual([])
    expect(result.summary).not.toContain('Artifact:')
  })

  it('on GitHub Enterprise Server the step passes with one notice and never calls the service', async () => {
    const calls = service.calls.length
    const result = await runE2E({
      emulator,
      repo,
      sha,
      inputs: { ...inputs, ...passingPlan },
      env: { ...serviceEnv('job-run-ghes'), GITHUB_SERVER_URL: 'https://github.example.com' }
    })
    expect(result.code, result.stdout).toBe(0)
    expect(service.calls.length).toBe(calls)
    expect(artifactNotices(result).map((c) => c.message)).toEqual([expect.stringMatching(/Enterprise Server/)])
  })

  it('upload-artifact: false uploads nothing and says nothing about it, with the service there', async () => {
    const calls = service.calls.length
    const result = await runE2E({ emulator, repo, sha, inputs: { ...inputs, ...passingPlan, 'upload-artifact': 'false' }, env: serviceEnv('job-run-off') })
    expect(result.code, result.stdout).toBe(0)
    expect(service.calls.length).toBe(calls)
    expect(artifactNotices(result)).toEqual([])
    expect(result.summary).not.toContain('Artifact:')
  })

  it('a refused upload is one warning, and the step passes as it would have', async () => {
    service.refuseCreate(true)
    try {
      const result = await runE2E({ emulator, repo, sha, inputs: { ...inputs, ...passingPlan }, env: serviceEnv('job-run-refused') })
      expect(result.code, result.stdout).toBe(0)
      expect(artifactWarnings(result).map((c) => c.message)).toEqual([expect.stringMatching(/could not be uploaded .*409/)])
      expect(artifactNotices(result)).toEqual([])
      expect(result.summary).not.toContain('Artifact:')
      expect(await allBytes(result)).not.toContain(runtimeToken('job-run-refused'))
    } finally {
      service.refuseCreate(false)
    }
  })
})
