/**
 * The orchestrator's decisions that do not need an API: a missing key, `sync: off`, and what the
 * step reports. Everything is faked through `RunDeps` (no module mocks); sync and runs themselves are
 * covered against the emulator and through the built bundle.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventInfo } from '../../src/context.js'
import { InputError } from '../../src/errors.js'
import type { PublishInput } from '../../src/report/publish.js'
import { run, type RunDeps } from '../../src/run.js'
import type { Settings } from '../../src/settings.js'
import { DEFAULT_SETTINGS } from '../fixtures/settings.js'

const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, workspace: 'ws', ...overrides })

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const event = (overrides: Partial<EventInfo> = {}): EventInfo => ({
  eventName: 'push',
  sha: 'a'.repeat(40),
  ref: 'refs/heads/main',
  headSha: 'a'.repeat(40),
  defaultBranch: 'main',
  isFork: false,
  isDependabot: false,
  repository: 'o/r',
  workspaceDir: dir,
  ...overrides
})

function fakeDeps() {
  const outputs: Record<string, string> = {}
  const notices: string[] = []
  const failures: string[] = []
  const published: PublishInput[] = []
  const uploads: Array<{ name: string; files: string[] }> = []
  let apiCreated = 0
  const deps: RunDeps = {
    createApi: () => {
      apiCreated++
      throw new Error('no API in this test')
    },
    createGit: () => ({
      readAtCommit: () => Promise.resolve(undefined),
      readTreeAtCommit: () => Promise.resolve(undefined),
      isStale: () => Promise.resolve(false)
    }),
    reporter: { publish: (input) => Promise.resolve(void published.push(input)) },
    artifacts: {
      unavailableReason: () => undefined,
      nameFor: () => 'postman-sync-test',
      upload: (name, files) => {
        uploads.push({ name, files })
        return Promise.resolve({})
      }
    },
    runLog: { setSecret: () => {}, group: () => {}, info: () => {} },
    log: {
      info: () => {},
      notice: (m) => void notices.push(m),
      warning: () => {},
      setOutput: (name, value) => void (outputs[name] = value),
      setFailed: (m) => void failures.push(m)
    },
    outDir: join(dir, 'out')
  }
  return { deps, outputs, notices, failures, published, uploads, apiCalls: () => apiCreated }
}

describe('run: the Postman API key', () => {
  it('an empty key on a push to the default branch fails, naming the input, before any API client exists', async () => {
    const fake = fakeDeps()
    await expect(run(settings(), event(), fake.deps)).rejects.toThrow(InputError)
    await expect(run(settings(), event(), fake.deps)).rejects.toThrow(/postman-api-key/)
    expect(fake.apiCalls()).toBe(0)
  })

  it.each([
    ['a fork pull request', { eventName: 'pull_request', isFork: true, pullRequestNumber: 3 }],
    ['a Dependabot run', { eventName: 'pull_request', isDependabot: true, pullRequestNumber: 4 }]
  ] as Array<[string, Partial<EventInfo>]>)('an empty key on %s skips the sync with a notice and passes', async (_name, overrides) => {
    const fake = fakeDeps()
    const outcome = await run(settings(), event(overrides), fake.deps)
    expect(fake.apiCalls()).toBe(0)
    expect(outcome.sync).toBeUndefined()
    expect(outcome.failed).toBeUndefined()
    expect(fake.outputs).toMatchObject({ skipped: 'true' })
    expect(fake.outputs['skip-reason']).toMatch(/no secrets/)
    expect(fake.notices).toHaveLength(1)
    // The reason reaches the summary and the comment too.
    expect(fake.published[0]!.notes.join('\n')).toMatch(/sync was skipped/)
    // The notice is a workflow annotation: the reporter keeps a slot of the notice level's 10 for it.
    expect(fake.published[0]!.logged).toEqual({ warning: 0, notice: 1 })
  })
})

describe('run: sync off', () => {
  it('makes no API client and publishes an empty report', async () => {
    const fake = fakeDeps()
    const outcome = await run(settings({ sync: 'off', apiKey: 'PMAK-x' }), event(), fake.deps)
    expect(outcome.mode).toBe('off')
    expect(fake.apiCalls()).toBe(0)
    expect(fake.published).toHaveLength(1)
    expect(fake.failures).toEqual([])
  })
})
