import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { publishCheckRun, checkRunName } from '../../src/report/check-run.js'
import { buildComment, commentMarker, upsertPullRequestComment } from '../../src/report/comment.js'
import { createGitHubClient } from '../../src/github/client.js'
import type { AnnotationProperties } from '@actions/core'
import { assertionFindings } from './fixtures.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js'

let gh: GitHubStandIn
beforeEach(async () => {
  gh = await startGitHubStandIn()
})
afterEach(async () => gh.close())

const client = () => createGitHubClient('test-token', { GITHUB_API_URL: gh.url })

function recordingSink() {
  const calls: Array<{ level: string; message: string; properties?: AnnotationProperties }> = []
  const at = (level: string) => (message: string, properties?: AnnotationProperties) => void calls.push({ level, message, properties })
  return { calls, error: at('error'), warning: at('warning'), notice: at('notice') }
}

describe('publishCheckRun against a GitHub stand-in', () => {
  it('sends all 120 annotations: 50 with the create, then two updates of 50 and 20', async () => {
    const findings = assertionFindings(120)
    const result = await publishCheckRun({
      octokit: client(),
      owner: 'o',
      repo: 'r',
      name: checkRunName('Postman', { index: 2, total: 3 }),
      headSha: 'a'.repeat(40),
      findings,
      title: '120 failed tests',
      summary: 'x'.repeat(70_000),
      conclusion: 'failure'
    })
    expect(result).toEqual({ published: true, id: 1000, requests: 3, htmlUrl: 'https://github.test/o/r/runs/1' })
    expect(gh.calls.map((c) => [c.method, c.path])).toEqual([
      ['POST', '/repos/o/r/check-runs'],
      ['PATCH', '/repos/o/r/check-runs/1000'],
      ['PATCH', '/repos/o/r/check-runs/1000']
    ])
    expect(gh.calls.every((c) => c.authorization === 'token test-token')).toBe(true)
    const [create, first, second] = gh.calls.map(
      (c) =>
        c.body as { output: { annotations: Array<{ start_line: number; path: string; annotation_level: string }>; summary: string } } & Record<string, unknown>
    )
    expect(create).toMatchObject({ name: 'Postman (2/3)', head_sha: 'a'.repeat(40), status: 'completed', conclusion: 'failure' })
    expect([create, first, second].map((b) => b!.output.annotations.length)).toEqual([50, 50, 20])
    const lines = [create, first, second].flatMap((b) => b!.output.annotations.map((a) => a.start_line))
    expect(lines).toEqual(findings.map((f) => f.line))
    expect(create!.output.annotations[0]).toMatchObject({ path: 'api/users.postman_collection.json', annotation_level: 'failure', end_line: 10 })
    expect(create!.output.summary.length).toBeLessThanOrEqual(65_535)
    expect(create!.output.summary).toMatch(/cut: the check-run summary is limited/)
  })

  it('falls back to 10 workflow annotations and notices when the token may not write checks', async () => {
    gh.failWrites = 403
    const sink = recordingSink()
    const result = await publishCheckRun(
      {
        octokit: client(),
        owner: 'o',
        repo: 'r',
        name: 'Postman',
        headSha: 'b'.repeat(40),
        findings: assertionFindings(120),
        title: 't',
        summary: 's',
        conclusion: 'failure'
      },
      sink
    )
    expect(result).toMatchObject({ published: false, status: 403 })
    expect(gh.calls).toHaveLength(1)
    expect(sink.calls.filter((c) => c.level === 'error')).toHaveLength(9)
    expect(sink.calls.filter((c) => c.level === 'notice').map((c) => c.message)).toEqual([
      expect.stringContaining('permissions: checks: write'),
      expect.stringContaining('111 more findings')
    ])
    expect(sink.calls.find((c) => c.level === 'error')?.properties).toEqual({
      title: 'Users › Request 0: status is 200',
      file: 'api/users.postman_collection.json',
      startLine: 10
    })
  })
})

describe('upsertPullRequestComment against a GitHub stand-in', () => {
  it('creates one comment, then updates that same comment in place', async () => {
    const marker = commentMarker('Postman')
    gh.comments.push({ id: 1, body: `${marker}\nI pasted the marker, do not edit me`, user: { login: 'someone', type: 'User' } })
    const body = (n: number) => buildComment({ name: 'Postman', findings: assertionFindings(n), notes: [] })
    const first = await upsertPullRequestComment({ octokit: client(), owner: 'o', repo: 'r', issueNumber: 7, body: body(1), marker })
    const second = await upsertPullRequestComment({ octokit: client(), owner: 'o', repo: 'r', issueNumber: 7, body: body(2), marker })
    expect(first).toEqual({ action: 'created', id: 1000 })
    expect(second).toEqual({ action: 'updated', id: 1000 })
    expect(gh.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([
      'GET /repos/o/r/issues/7/comments',
      'POST /repos/o/r/issues/7/comments',
      'GET /repos/o/r/issues/7/comments',
      'PATCH /repos/o/r/issues/comments/1000'
    ])
    expect(gh.comments).toHaveLength(2)
    expect(gh.comments[0]!.body).toContain('do not edit me')
    expect(gh.comments[1]!.body.startsWith(marker)).toBe(true)
    expect(gh.comments[1]!.body).toContain('Failures (2)')
  })

  it('returns the failure instead of throwing when the token is read-only', async () => {
    gh.failWrites = 403
    const result = await upsertPullRequestComment({ octokit: client(), owner: 'o', repo: 'r', issueNumber: 7, body: 'b', marker: commentMarker('Postman') })
    expect(result).toMatchObject({ action: 'failed', status: 403 })
  })
})
