import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventInfo } from '../../src/context.js'
import type { RunsResult } from '../../src/model/runs.js'
import { commentDecision, COMMENT_MODES, quotaNote, type CommentFacts } from '../../src/report/comment-policy.js'
import { createGitHubClient } from '../../src/github/client.js'
import { publishReports, type PublishDeps } from '../../src/report/publish.js'
import type { Settings } from '../../src/settings.js'
import type { PlanAction, SyncResult } from '../../src/model/sync-result.js'
import { assertionFindings } from './fixtures.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js'

const sync = (...actions: PlanAction[]): SyncResult => ({
  mode: 'plan',
  entries: actions.map((action, i) => ({ kind: 'collection', path: `c${i}.json`, name: `C${i}`, action })),
  unclaimed: [],
  apiCalls: 3,
  quotaRemaining: 987_654,
  findings: []
})
const runs = (failed: number): RunsResult => ({
  runs: [{ file: 'api/users.postman_collection.json', name: 'Users API', requests: 2, assertions: 2, failedAssertions: failed, durationMs: 10, cases: [] }],
  findings: assertionFindings(failed),
  testsPassed: failed === 0,
  assertionsFailed: failed
})

describe('commentDecision', () => {
  const cases: Array<[string, CommentFacts, Record<string, string>]> = [
    ['clean', { sync: sync('unchanged'), runs: runs(0), findings: [] }, { auto: 'settle', always: 'post', changes: 'none', failures: 'none', off: 'none' }],
    ['a change', { sync: sync('update'), runs: runs(0), findings: [] }, { auto: 'post', always: 'post', changes: 'post', failures: 'none', off: 'none' }],
    ['a failed test', { runs: runs(1), findings: assertionFindings(1) }, { auto: 'post', always: 'post', changes: 'none', failures: 'post', off: 'none' }],
    ['a sync error', { sync: sync('error'), findings: [] }, { auto: 'post', always: 'post', changes: 'none', failures: 'post', off: 'none' }],
    ['a conflict', { sync: sync('conflict'), findings: [] }, { auto: 'post', always: 'post', changes: 'none', failures: 'post', off: 'none' }]
  ]
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(Object.fromEntries(COMMENT_MODES.map((mode) => [mode, commentDecision(mode, facts)]))).toEqual(expected)
  })
})

describe('the comment as published', () => {
  let gh: GitHubStandIn
  let workspace: string
  beforeEach(async () => {
    gh = await startGitHubStandIn()
    workspace = await mkdtemp(join(tmpdir(), 'comment-policy-'))
  })
  afterEach(async () => {
    await gh.close()
    await rm(workspace, { recursive: true, force: true })
  })

  const event = (): EventInfo => ({
    eventName: 'pull_request',
    sha: 'm'.repeat(40),
    ref: 'refs/pull/7/merge',
    headSha: 'h'.repeat(40),
    isFork: false,
    isDependabot: false,
    pullRequestNumber: 7,
    repository: 'o/r',
    workspaceDir: workspace
  })
  const deps = (summaries: string[]): PublishDeps => ({
    annotations: { error: () => undefined, warning: () => undefined, notice: () => undefined },
    writeSummary: (md) => Promise.resolve(void summaries.push(md)),
    github: createGitHubClient('t', { GITHUB_API_URL: gh.url }),
    env: {}
  })
  const settings = { checkName: 'Postman', checkRun: 'false', comment: 'auto', shard: { index: 1, total: 1 }, githubToken: 't' } as Settings

  it('never shows the monthly quota, which the job summary still shows', async () => {
    const summaries: string[] = []
    const result = sync('create')
    await publishReports({ settings, event: event(), sync: result, findings: [], notes: [quotaNote(987_654)] }, deps(summaries))
    const comment = gh.calls.find((c) => c.method === 'POST' && c.path.endsWith('/comments'))
    expect(comment?.body).toBeDefined()
    const body = String((comment?.body as { body: string }).body)
    expect(body).toContain('c0.json')
    expect(body).not.toMatch(/987[,.]?654/)
    expect(body).not.toContain('this month')
    expect(summaries.join('')).toContain('987654')
  })
})
