/**
 * The artifact module on its own: its name (unique per job run and step, in the characters the
 * service accepts), what goes in (only the step's own files, each from where it must be), and the
 * upload's outcomes (nothing to upload, the service away, the upload refused) — through a fake
 * service; the real client against a stand-in of the service is the e2e test's.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { artifactFiles, stageFiles, type ArtifactSources } from '../../src/artifact/contents.js'
import { artifactName, jobRunId } from '../../src/artifact/name.js'
import { artifactUrl, unavailableReason, type ArtifactService } from '../../src/artifact/service.js'
import { uploadStepArtifact, type ArtifactRequest } from '../../src/artifact/upload.js'
import { createRedactor } from '../../src/util/redact.js'

const token = (jobRun: string) =>
  ['{"alg":"RS256"}', JSON.stringify({ scp: `Actions.GenericRead:x Actions.Results:run-1:${jobRun}` }), 'sig']
    .map((p, i) => (i < 2 ? Buffer.from(p).toString('base64url') : p))
    .join('.')
const check = { checkName: 'Postman', shard: { index: 1, total: 1 } }

describe('artifactName', () => {
  const env = { GITHUB_JOB: 'api-tests', GITHUB_ACTION: '__octo_postman-sync', ACTIONS_RUNTIME_TOKEN: token('job-a') }

  it('reads the job run from the token and is stable for the same job run and step', () => {
    expect(jobRunId(token('job-a'))).toBe('job-a')
    expect(jobRunId('not-a-jwt')).toBeUndefined()
    expect(artifactName(env, check)).toMatch(/^postman-sync-api-tests-[0-9a-f]{8}$/)
    expect(artifactName(env, check)).toBe(artifactName({ ...env }, check))
  })

  it('differs between matrix legs (job runs), between steps of one job, and names a custom check and a shard', () => {
    const names = new Set([
      artifactName(env, check),
      artifactName({ ...env, ACTIONS_RUNTIME_TOKEN: token('job-b') }, check),
      artifactName({ ...env, GITHUB_ACTION: '__octo_postman-sync_2' }, check)
    ])
    expect(names.size).toBe(3)
    expect(artifactName(env, { checkName: 'API tests (EU)', shard: { index: 2, total: 3 } })).toMatch(
      /^postman-sync-api-tests-API-tests-EU-shard-2-of-3-[0-9a-f]{8}$/
    )
  })

  it('keeps to the characters the service accepts, whatever the job and check are called', () => {
    const name = artifactName({ ...env, GITHUB_JOB: 'a/b:c"d<e>|*?\\\n' }, { checkName: 'x/y', shard: check.shard })
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/)
  })
})

describe('the service boundary', () => {
  it('is unavailable without either runner variable, and on GitHub Enterprise Server', () => {
    const both = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results.example/' }
    expect(unavailableReason(both)).toBeUndefined()
    expect(unavailableReason({ ...both, GITHUB_SERVER_URL: 'https://github.com' })).toBeUndefined()
    expect(unavailableReason({ ...both, GITHUB_SERVER_URL: 'https://octo.ghe.com' })).toBeUndefined()
    expect(unavailableReason({ ACTIONS_RESULTS_URL: 'x' })).toMatch(/no ACTIONS_RUNTIME_TOKEN/)
    expect(unavailableReason({})).toMatch(/no ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL/)
    expect(unavailableReason({ ...both, GITHUB_SERVER_URL: 'https://git.corp.example' })).toMatch(/Enterprise Server/)
  })

  it('links to the artifact on the run page when the run is known', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com/', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '99' }
    expect(artifactUrl(env, 7)).toBe('https://github.com/o/r/actions/runs/99/artifacts/7')
    expect(artifactUrl(env, undefined)).toBeUndefined()
    expect(artifactUrl({ GITHUB_REPOSITORY: 'o/r' }, 7)).toBeUndefined()
  })
})

describe('what goes into the artifact', () => {
  let root: string
  let outDir: string
  let repo: string
  let sources: ArtifactSources
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'artifact-'))
    outDir = join(root, 'temp', 'postman-sync')
    repo = join(root, 'repo')
    await mkdir(outDir, { recursive: true })
    await mkdir(join(repo, 'reports'), { recursive: true })
    await writeFile(join(outDir, 'plan.json'), '{"entries":[]}\n')
    await writeFile(join(outDir, 'a.remote.json'), '{"info":{"name":"A"}}\n')
    await writeFile(join(repo, 'reports', 'plan.json'), '<testsuites/>\n')
    await writeFile(join(root, 'elsewhere.json'), 'not the step’s\n')
    sources = {
      outDir,
      plan: join(outDir, 'plan.json'),
      remoteCopies: [join(outDir, 'a.remote.json')],
      reports: [join(repo, 'reports', 'plan.json')],
      reportRoots: [repo, join(root, 'temp')]
    }
  })
  afterEach(() => rm(root, { recursive: true, force: true }))

  it('takes the plan, the copies and the reports, each under a unique flat name', () => {
    expect(artifactFiles(sources).map((f) => f.entry)).toEqual(['plan.json', 'a.remote.json', 'plan.2.json'])
    expect(artifactFiles({ ...sources, plan: undefined, remoteCopies: [], reports: [] })).toEqual([])
  })

  it('leaves out a copy outside the output directory, a report outside its roots, a missing file and a symlink leading out', async () => {
    await symlink(join(root, 'elsewhere.json'), join(outDir, 'b.remote.json'))
    const files = artifactFiles({
      ...sources,
      remoteCopies: [join(root, 'elsewhere.json'), join(outDir, 'gone.remote.json'), join(outDir, 'b.remote.json')],
      reports: [join(root, 'elsewhere.json')]
    })
    expect(files.map((f) => f.entry)).toEqual(['plan.json'])
  })

  it('stages redacted copies into the staging directory, and refuses a file that became a symlink', async () => {
    await writeFile(join(outDir, 'a.remote.json'), '{"header":"PMAK-secret-value-123"}\n')
    const staging = await mkdtemp(join(outDir, 'artifact-'))
    const staged = await stageFiles(artifactFiles(sources), staging, createRedactor(['PMAK-secret-value-123']))
    expect(staged.map((p) => p.slice(staging.length + 1))).toEqual(['plan.json', 'a.remote.json', 'plan.2.json'])
    expect(await readFile(join(staging, 'a.remote.json'), 'utf8')).toBe('{"header":"[redacted]"}\n')

    const files = artifactFiles(sources)
    await rm(join(outDir, 'a.remote.json'))
    await symlink(join(outDir, 'plan.json'), join(outDir, 'a.remote.json'))
    await expect(stageFiles(files, await mkdtemp(join(outDir, 'artifact-')), (t) => t)).rejects.toThrow()
  })
})

describe('uploadStepArtifact', () => {
  let outDir: string
  beforeEach(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'artifact-out-'))
    await writeFile(join(outDir, 'plan.json'), '{"entries":[]}\n')
  })
  afterEach(() => rm(outDir, { recursive: true, force: true }))

  function harness(service: Partial<ArtifactService> = {}) {
    const log = { info: [] as string[], notice: [] as string[], warning: [] as string[] }
    const uploads: Array<{ name: string; files: string[]; texts: string[] }> = []
    const deps = {
      service: {
        unavailableReason: () => undefined,
        nameFor: () => 'postman-sync-job-0123abcd',
        upload: async (name: string, files: string[]) => {
          uploads.push({ name, files, texts: await Promise.all(files.map((f) => readFile(f, 'utf8'))) })
          return { url: 'https://github.com/o/r/actions/runs/1/artifacts/5' }
        },
        ...service
      },
      log: { info: (m: string) => void log.info.push(m), notice: (m: string) => void log.notice.push(m), warning: (m: string) => void log.warning.push(m) }
    }
    return { deps, log, uploads }
  }
  const request = (overrides: Partial<ArtifactRequest> = {}): ArtifactRequest => ({
    enabled: true,
    check,
    sources: { outDir, plan: join(outDir, 'plan.json'), remoteCopies: [], reports: [], reportRoots: [] },
    redact: (text) => text,
    ...overrides
  })

  it('uploads the staged files and returns what the reports show; the staging directory is gone afterwards', async () => {
    const { deps, uploads, log } = harness()
    const uploaded = await uploadStepArtifact(request(), deps)
    expect(uploaded).toEqual({
      name: 'postman-sync-job-0123abcd',
      files: [{ source: join(outDir, 'plan.json'), entry: 'plan.json' }],
      url: 'https://github.com/o/r/actions/runs/1/artifacts/5'
    })
    expect(uploads[0]!.texts).toEqual(['{"entries":[]}\n'])
    expect(uploads[0]!.files[0]).not.toBe(join(outDir, 'plan.json'))
    expect(await readdir(outDir)).toEqual(['plan.json'])
    expect([...log.notice, ...log.warning]).toEqual([])
  })

  it('does nothing, silently, when turned off or when there is nothing to upload', async () => {
    const off = harness()
    expect(await uploadStepArtifact(request({ enabled: false }), off.deps)).toBeUndefined()
    const empty = harness({ unavailableReason: () => 'no service' })
    expect(await uploadStepArtifact(request({ sources: { outDir, remoteCopies: [], reports: [], reportRoots: [] } }), empty.deps)).toBeUndefined()
    expect([...off.uploads, ...empty.uploads]).toEqual([])
    expect([...off.log.notice, ...empty.log.notice]).toEqual([])
  })

  it('says once, as a notice, that the service is unavailable', async () => {
    const { deps, log, uploads } = harness({ unavailableReason: () => 'the artifact service is not available here' })
    expect(await uploadStepArtifact(request(), deps)).toBeUndefined()
    expect(log.notice).toEqual([expect.stringMatching(/^No workflow artifact: the artifact service is not available here\. .*upload-artifact: false/)])
    expect([uploads, log.warning]).toEqual([[], []])
  })

  it('turns a failed upload into one redacted warning, and leaves no staging directory', async () => {
    const { deps, log } = harness({ upload: () => Promise.reject(new Error('409 for token ghs_abcdef123456')) })
    expect(await uploadStepArtifact(request({ redact: createRedactor(['ghs_abcdef123456']) }), deps)).toBeUndefined()
    expect(log.warning).toEqual([
      "The workflow artifact 'postman-sync-job-0123abcd' could not be uploaded (409 for token [redacted]); its files stay on the runner until the job ends."
    ])
    expect(await readdir(outDir)).toEqual(['plan.json'])
  })
})
