import type { AnnotationProperties } from '@actions/core'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventInfo } from '../../src/context.js'
import type { RunsResult } from '../../src/model/runs.js'
import { createGitHubClient } from '../../src/github/client.js'
import { syncOutputs } from '../../src/report/outputs.js'
import { checkRunTitle, publishReports, type PublishDeps } from '../../src/report/publish.js'
import type { Settings } from '../../src/settings.js'
import type { SyncResult } from '../../src/model/sync-result.js'
import { assertionFindings } from './fixtures.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js'

let gh: GitHubStandIn
let workspace: string
beforeEach(async () => {
  gh = await startGitHubStandIn()
  workspace = await mkdtemp(join(tmpdir(), 'publish-'))
})
afterEach(async () => {
  await gh.close()
  await rm(workspace, { recursive: true, force: true })
})

const settings = (overrides: Partial<Settings> = {}): Settings =>
  ({
    checkName: 'Postman',
    checkRun: 'auto',
    comment: 'auto',
    shard: { index: 1, total: 1 },
    junitReport: 'out/junit.xml',
    githubToken: 't',
    ...overrides
  }) as Settings

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

const runs = (n: number): RunsResult => ({
  runs: [{ file: 'api/users.postman_collection.json', name: 'Users API', requests: n, assertions: n, failedAssertions: n, durationMs: 10, cases: [] }],
  findings: assertionFindings(n),
  testsPassed: n === 0,
  assertionsFailed: n
})

function deps(withGitHub = true) {
  const annotations: Array<{ level: string; message: string; properties?: AnnotationProperties }> = []
  const at = (level: string) => (message: string, properties?: AnnotationProperties) => void annotations.push({ level, message, properties })
  const summaries: string[] = []
  const d: PublishDeps = {
    annotations: { error: at('error'), warning: at('warning'), notice: at('notice') },
    writeSummary: (md) => Promise.resolve(void summaries.push(md)),
    github: withGitHub ? createGitHubClient('t', { GITHUB_API_URL: gh.url }) : undefined,
    env: { GITHUB_SERVER_URL: 'https://github.test', GITHUB_RUN_ID: '42' }
  }
  return { d, annotations, summaries }
}

describe('publishReports', () => {
  it('on a pull request: a check run on the head sha with every annotation, one comment, the summary', async () => {
    const { d, annotations, summaries } = deps()
    const result = runs(60)
    await publishReports({ settings: settings(), event: event(), runs: result, findings: result.findings, notes: [] }, d)
    expect(gh.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([
      'POST /repos/o/r/check-runs',
      'PATCH /repos/o/r/check-runs/1000',
      'GET /repos/o/r/issues/7/comments',
      'POST /repos/o/r/issues/7/comments'
    ])
    expect(gh.calls[0]!.body).toMatchObject({
      head_sha: 'h'.repeat(40),
      name: 'Postman',
      conclusion: 'failure',
      details_url: 'https://github.test/o/r/actions/runs/42'
    })
    expect((gh.calls[0]!.body as { output: { title: string } }).output.title).toBe('60 failed tests')
    expect(annotations).toEqual([])
    expect(gh.comments[0]!.body).toContain('Failures (60)')
    // Findings link to their line at the pull request's head commit.
    expect(gh.comments[0]!.body).toContain(
      `<a href="https://github.test/o/r/blob/${'h'.repeat(40)}/api/users.postman_collection.json#L10">api/users.postman&#95;collection.json:10</a>`
    )
    expect(summaries).toHaveLength(1)
    expect(summaries[0]).toContain('Failures (60)')
  })

  it('falls back to capped workflow annotations and says so in the summary when the token is read-only', async () => {
    gh.failWrites = 403
    const { d, annotations, summaries } = deps()
    const result = runs(12)
    await publishReports({ settings: settings(), event: event(), runs: result, findings: result.findings, notes: [] }, d)
    expect(annotations.filter((a) => a.level === 'error')).toHaveLength(9)
    expect(annotations.filter((a) => a.level === 'notice').map((a) => a.message)).toEqual([
      expect.stringContaining('permissions: checks: write'),
      expect.stringContaining('3 more findings')
    ])
    expect(summaries[0]).toContain('No check run: the token may not write checks (403)')
    expect(summaries[0]).toContain('No pull-request comment: the token may not write pull-request comments')
  })

  it('with check-run false and comment off, only annotations and the summary', async () => {
    const { d, annotations, summaries } = deps()
    const result = runs(3)
    await publishReports(
      { settings: settings({ checkRun: 'false', comment: 'off' }), event: event(), runs: result, findings: result.findings, notes: ['a note'] },
      d
    )
    expect(gh.calls).toEqual([])
    expect(annotations.map((a) => a.level)).toEqual(['error', 'error', 'error'])
    expect(summaries[0]).toContain('- a note')
  })

  it('appends the shard to the check name so shards do not hide each other', async () => {
    const { d } = deps()
    await publishReports({ settings: settings({ shard: { index: 2, total: 4 }, comment: 'off' }), event: event(), runs: runs(0), findings: [], notes: [] }, d)
    expect(gh.calls[0]!.body).toMatchObject({ name: 'Postman (2/4)', conclusion: 'success', output: { title: 'All checks passed' } })
  })
})

describe('outputs and titles', () => {
  const sync: SyncResult = {
    mode: 'push',
    apiCalls: 5,
    findings: [],
    unclaimed: [],
    entries: [
      { kind: 'collection', path: 'a.json', name: 'A', action: 'create', uid: '1-a' },
      { kind: 'collection', path: 'b.json', name: 'B', action: 'conflict', uid: '1-b' },
      { kind: 'environment', path: 'c.json', name: 'C', action: 'unchanged' }
    ]
  }
  it('counts the plan into the sync outputs', () => {
    expect(syncOutputs(sync, '/tmp/plan.json')).toEqual({
      created: '1',
      updated: '0',
      unchanged: '1',
      conflicts: '1',
      failed: '0',
      changed: 'true',
      skipped: 'false',
      'skip-reason': '',
      plan: '/tmp/plan.json',
      uids: '{"a.json":"1-a","b.json":"1-b"}'
    })
  })
  it('says skipped only for a benign skip (a stale run), not for a push that validation, conflicts or the quota stopped', () => {
    const stopped = (by: NonNullable<SyncResult['writesSkippedBy']>) =>
      syncOutputs({ ...sync, writesSkipped: `stopped by ${by}`, writesSkippedBy: by }, '/tmp/plan.json')
    expect(stopped('stale-run')).toMatchObject({ skipped: 'true', 'skip-reason': 'stopped by stale-run', created: '0', changed: 'false' })
    for (const by of ['blocked', 'quota'] as const) {
      expect(stopped(by)).toMatchObject({ skipped: 'false', 'skip-reason': '', created: '0', changed: 'false' })
    }
  })
  it('names what failed in the check-run title', () => {
    expect(checkRunTitle({ sync, runs: runs(1), findings: assertionFindings(1) })).toBe('1 failed test, 1 conflict')
  })
})
