/**
 * The event as the runner presents it: a payload file in `GITHUB_EVENT_PATH` and `GITHUB_*`
 * variables, read through `@actions/github`'s `Context`. `context` itself is hydrated once when
 * the package loads, so each case hydrates a fresh `Context` after setting the environment.
 */
import * as github from '@actions/github'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { apiKeyMissingIsExpected, readEventInfo, resolveSyncMode, type EventInfo } from '../../src/context.js'
import type { SyncInput } from '../../src/settings.js'
import { snapshotEnv } from './helpers.js'

const HEAD = 'a'.repeat(40)
const MERGE = 'b'.repeat(40)
const BASE = 'c'.repeat(40)
const ZERO = '0'.repeat(40)
const REPO = { full_name: 'octo-org/api', default_branch: 'main' }

type ContextClass = new () => typeof github.context
const Context = github.context.constructor as ContextClass

let dir: string
let restoreEnv: () => void

beforeEach(() => {
  restoreEnv = snapshotEnv()
  dir = mkdtempSync(join(tmpdir(), 'postman-sync-event-'))
})
afterEach(() => {
  restoreEnv()
  rmSync(dir, { recursive: true, force: true })
})

interface EventSetup {
  eventName: string
  ref: string
  sha?: string
  actor?: string
  payload: Record<string, unknown>
}

/** Writes the payload file, sets the variables the runner sets, and reads the event. */
function eventFor({ eventName, ref, sha = MERGE, actor = 'octocat', payload }: EventSetup): EventInfo {
  const path = join(dir, 'event.json')
  writeFileSync(path, JSON.stringify(payload))
  Object.assign(process.env, {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: path,
    GITHUB_SHA: sha,
    GITHUB_REF: ref,
    GITHUB_ACTOR: actor,
    GITHUB_REPOSITORY: 'octo-org/api',
    GITHUB_WORKSPACE: dir
  })
  return readEventInfo(new Context())
}

function pullRequest(headRepo: { full_name: string } | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    number: 42,
    head: { sha: HEAD, ref: 'feature', repo: headRepo },
    base: { sha: BASE, ref: 'main', repo: REPO },
    ...extra
  }
}

const events = {
  pullRequest: { eventName: 'pull_request', ref: 'refs/pull/42/merge', payload: { pull_request: pullRequest(REPO), repository: REPO } },
  pullRequestTarget: { eventName: 'pull_request_target', ref: 'refs/heads/main', sha: BASE, payload: { pull_request: pullRequest(REPO), repository: REPO } },
  mergeGroup: {
    eventName: 'merge_group',
    ref: 'refs/heads/gh-readonly-queue/main/pr-42-' + BASE,
    payload: {
      merge_group: { head_sha: MERGE, head_ref: 'refs/heads/gh-readonly-queue/main/pr-42', base_sha: BASE, base_ref: 'refs/heads/main' },
      repository: REPO
    }
  },
  pushDefault: { eventName: 'push', ref: 'refs/heads/main', payload: { before: BASE, after: MERGE, ref: 'refs/heads/main', repository: REPO } },
  pushFeature: { eventName: 'push', ref: 'refs/heads/feature', payload: { before: BASE, after: MERGE, ref: 'refs/heads/feature', repository: REPO } },
  pushBranchNamedLikeDefault: { eventName: 'push', ref: 'refs/heads/feature/main', payload: { before: BASE, repository: REPO } },
  pushNewBranch: { eventName: 'push', ref: 'refs/heads/main', payload: { before: ZERO, after: MERGE, created: true, repository: REPO } },
  pushTag: { eventName: 'push', ref: 'refs/tags/v1.2.0', payload: { before: ZERO, after: MERGE, ref: 'refs/tags/v1.2.0', repository: REPO } },
  pushWithoutRepository: { eventName: 'push', ref: 'refs/heads/main', payload: { before: BASE } },
  release: { eventName: 'release', ref: 'refs/tags/v1.2.0', payload: { action: 'published', release: { tag_name: 'v1.2.0' }, repository: REPO } },
  dispatchFeature: { eventName: 'workflow_dispatch', ref: 'refs/heads/feature', payload: { ref: 'refs/heads/feature', repository: REPO } },
  dispatchDefault: { eventName: 'workflow_dispatch', ref: 'refs/heads/main', payload: { ref: 'refs/heads/main', repository: REPO } },
  schedule: { eventName: 'schedule', ref: 'refs/heads/main', payload: { schedule: '0 3 * * *' } },
  tagCreated: { eventName: 'create', ref: 'refs/tags/v1.2.0', payload: { ref: 'v1.2.0', ref_type: 'tag', repository: REPO } }
} satisfies Record<string, EventSetup>

describe('readEventInfo', () => {
  it('reads a pull request: head sha, base sha, number, not a fork', () => {
    expect(eventFor(events.pullRequest)).toStrictEqual({
      eventName: 'pull_request',
      sha: MERGE,
      ref: 'refs/pull/42/merge',
      headSha: HEAD,
      defaultBranch: 'main',
      baseSha: BASE,
      isFork: false,
      isDependabot: false,
      pullRequestNumber: 42,
      repository: 'octo-org/api',
      workspaceDir: dir
    } satisfies EventInfo)
  })

  it('reads a push: sha as head, before as base, no pull request', () => {
    expect(eventFor(events.pushDefault)).toStrictEqual({
      eventName: 'push',
      sha: MERGE,
      ref: 'refs/heads/main',
      headSha: MERGE,
      defaultBranch: 'main',
      baseSha: BASE,
      isFork: false,
      isDependabot: false,
      pullRequestNumber: undefined,
      repository: 'octo-org/api',
      workspaceDir: dir
    } satisfies EventInfo)
  })

  it.each([
    ['pull_request', events.pullRequest, BASE],
    ['pull_request_target', events.pullRequestTarget, BASE],
    ['merge_group', events.mergeGroup, BASE],
    ['push', events.pushDefault, BASE],
    ['push of a new branch (zero before)', events.pushNewBranch, undefined],
    ['push of a tag (zero before)', events.pushTag, undefined],
    ['release', events.release, undefined],
    ['schedule', events.schedule, undefined]
  ])('base sha of %s', (_name, setup, baseSha) => {
    expect(eventFor(setup).baseSha).toBe(baseSha)
  })

  it.each([
    ['pull_request', events.pullRequest, HEAD],
    ['pull_request_target', events.pullRequestTarget, HEAD],
    ['merge_group', events.mergeGroup, MERGE],
    ['push', events.pushDefault, MERGE]
  ])('head sha of %s', (_name, setup, headSha) => {
    expect(eventFor(setup).headSha).toBe(headSha)
  })

  it.each([
    ['same repository', REPO, false],
    ['same repository, other case', { full_name: 'Octo-Org/API' }, false],
    ['a fork', { full_name: 'someone/api' }, true],
    ['a deleted fork', null, true]
  ])('a pull request from %s: isFork = %s', (_name, headRepo, isFork) => {
    expect(eventFor({ ...events.pullRequest, payload: { pull_request: pullRequest(headRepo), repository: REPO } }).isFork).toBe(isFork)
  })

  it('is never a fork outside pull requests', () => {
    expect(
      eventFor({ ...events.pushFeature, payload: { ...events.pushFeature.payload, pull_request: pullRequest({ full_name: 'someone/api' }) } }).isFork
    ).toBe(false)
  })

  it.each([
    ['the actor', { actor: 'dependabot[bot]' }, true],
    ['the sender', { payload: { ...events.pullRequest.payload, sender: { login: 'dependabot[bot]' } } }, true],
    ['neither', { actor: 'octocat' }, false]
  ])('Dependabot from %s: %s', (_name, override, isDependabot) => {
    expect(eventFor({ ...events.pullRequest, ...override }).isDependabot).toBe(isDependabot)
  })

  it('survives a missing payload file and variables (a local run)', () => {
    for (const key of ['GITHUB_EVENT_NAME', 'GITHUB_SHA', 'GITHUB_REF', 'GITHUB_REPOSITORY', 'GITHUB_WORKSPACE', 'GITHUB_ACTOR']) delete process.env[key]
    process.env.GITHUB_EVENT_PATH = join(dir, 'missing.json')
    const info = readEventInfo(new Context(), process.env)
    expect(info).toMatchObject({
      eventName: '',
      sha: '',
      ref: '',
      headSha: '',
      repository: '',
      isFork: false,
      isDependabot: false,
      workspaceDir: process.cwd()
    })
    expect(info.baseSha).toBeUndefined()
    expect(info.defaultBranch).toBeUndefined()
  })
})

describe('resolveSyncMode', () => {
  it.each([
    ['pull_request', events.pullRequest, 'plan'],
    ['pull_request_target', events.pullRequestTarget, 'plan'],
    ['merge_group', events.mergeGroup, 'plan'],
    ['push to the default branch', events.pushDefault, 'push'],
    ['push creating the default branch', events.pushNewBranch, 'push'],
    ['push to a feature branch', events.pushFeature, 'plan'],
    ['push to a branch whose name ends in the default', events.pushBranchNamedLikeDefault, 'plan'],
    ['push without a default branch in the payload', events.pushWithoutRepository, 'plan'],
    ['push of a tag', events.pushTag, 'push'],
    ['release', events.release, 'push'],
    ['workflow_dispatch on a feature branch', events.dispatchFeature, 'plan'],
    ['workflow_dispatch on the default branch', events.dispatchDefault, 'plan'],
    ['schedule', events.schedule, 'plan'],
    ['create of a tag', events.tagCreated, 'plan']
  ])('auto on %s → %s', (_name, setup, mode) => {
    expect(resolveSyncMode('auto', eventFor(setup))).toBe(mode)
  })

  it.each<SyncInput>(['push', 'plan', 'pull', 'off'])('%s is forced whatever the event', (mode) => {
    for (const setup of Object.values(events)) expect(resolveSyncMode(mode, eventFor(setup))).toBe(mode)
  })
})

describe('apiKeyMissingIsExpected', () => {
  const fork = { full_name: 'someone/api' }
  it.each([
    ['a pull request from a fork', { ...events.pullRequest, payload: { pull_request: pullRequest(fork), repository: REPO } }, true],
    [
      'a review on a fork pull request',
      { ...events.pullRequest, eventName: 'pull_request_review', payload: { pull_request: pullRequest(fork), repository: REPO } },
      true
    ],
    ['a pull request from the same repository', events.pullRequest, false],
    [
      'pull_request_target from a fork (it has the secrets)',
      { ...events.pullRequestTarget, payload: { pull_request: pullRequest(fork), repository: REPO } },
      false
    ],
    ['a Dependabot pull request', { ...events.pullRequest, actor: 'dependabot[bot]' }, true],
    ['a Dependabot push', { ...events.pushFeature, actor: 'dependabot[bot]' }, true],
    ['a push to the default branch', events.pushDefault, false],
    ['a schedule', events.schedule, false]
  ])('%s: %s', (_name, setup, expected) => {
    expect(apiKeyMissingIsExpected(eventFor(setup))).toBe(expected)
  })
})
