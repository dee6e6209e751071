/**
 * End to end through `dist/index.js` and the GitHub stand-in: the `comment` input. Under `auto`
 * an all-green pull request with no changes gets no comment, a failing run gets one, and the
 * next clean run turns that comment into "all green" instead of leaving the failure standing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSampleApi, type SampleApi } from '../../emulator/sample-api.js'
import { runAction, type ActionRunResult } from '../../scripts/lib/run-action.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js'
import { createTempRepo, type TempRepo } from './repo.js'
import { fixtureText, sampleEnvironment } from './run-fixtures.js'

const REPOSITORY = 'octo-org/octo-repo'
const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const GREEN = 'postman/green.postman_collection.json'
const FAILING = 'postman/many.postman_collection.json'

let sample: SampleApi
let github: GitHubStandIn
let repo: TempRepo

beforeAll(async () => {
  sample = await startSampleApi()
  github = await startGitHubStandIn()
  repo = await createTempRepo()
  await repo.commit({
    [GREEN]: fixtureText('e2e-comment', 'green.postman_collection.json'),
    [FAILING]: fixtureText('e2e-runs', 'many.postman_collection.json'),
    'postman/e2e.postman_environment.json': sampleEnvironment(sample.url)
  })
})

afterAll(async () => {
  await Promise.all([sample?.close(), github?.close(), repo?.remove()])
})

/** A run of pull request `number`: runs only (`sync: off`), the one collection given. */
function pullRequestRun(number: number, collection: string, inputs: Record<string, string> = {}): Promise<ActionRunResult> {
  return runAction({
    workspace: repo.dir,
    eventName: 'pull_request',
    sha: 'ffffeeeeddddccccbbbbaaaa9999888877776666',
    ref: `refs/pull/${number}/merge`,
    repository: REPOSITORY,
    event: {
      number,
      pull_request: {
        number,
        head: { sha: HEAD_SHA, repo: { full_name: REPOSITORY } },
        base: { sha: '0123456789abcdef0123456789abcdef01234567', repo: { full_name: REPOSITORY } }
      },
      repository: { full_name: REPOSITORY, default_branch: 'main' }
    },
    env: { GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.test', GITHUB_RUN_ID: '42' },
    inputs: {
      sync: 'off',
      run: 'true',
      'run-collections': collection,
      'run-environment': 'postman/e2e.postman_environment.json',
      'github-token': 'ghs_e2eCommentModesToken',
      'timeout-request': '5000',
      'fail-on': 'never',
      ...inputs
    }
  })
}

/** The comment calls (list, create, update) made for pull request `number` since `from`. */
function commentCalls(from: number): string[] {
  return github.calls
    .slice(from)
    .filter((c) => c.path.includes('/issues/'))
    .map((c) => `${c.method} ${c.path}`)
}

describe('comment: auto', () => {
  it('posts nothing on a green pull request, comments a failing run, and settles that comment when the next run is clean', async () => {
    let from = github.calls.length
    const green = await pullRequestRun(11, GREEN)
    expect(green.code).toBe(0)
    expect(green.outputs['tests-passed']).toBe('true')
    // It looked for an earlier comment to settle, found none, and created none.
    expect(commentCalls(from)).toEqual([`GET /repos/${REPOSITORY}/issues/11/comments`])
    expect(github.comments.filter((c) => c.issue === 11)).toEqual([])

    from = github.calls.length
    const failing = await pullRequestRun(11, FAILING)
    expect(failing.outputs['tests-passed']).toBe('false')
    expect(commentCalls(from)).toEqual([`GET /repos/${REPOSITORY}/issues/11/comments`, `POST /repos/${REPOSITORY}/issues/11/comments`])
    const [comment] = github.comments.filter((c) => c.issue === 11)
    expect(comment!.body).toContain('3 failed')
    expect(comment!.body).not.toContain('All green')

    from = github.calls.length
    const clean = await pullRequestRun(11, GREEN)
    expect(clean.code).toBe(0)
    expect(commentCalls(from)).toEqual([`GET /repos/${REPOSITORY}/issues/11/comments`, `PATCH /repos/${REPOSITORY}/issues/comments/${comment!.id}`])
    const after = github.comments.filter((c) => c.issue === 11)
    expect(after).toHaveLength(1)
    expect(after[0]!.body).toMatch(/^<!-- postman-sync:comment Postman -->\n/)
    expect(after[0]!.body).toContain('All green')
    expect(after[0]!.body).toContain('https://github.test/octo-org/octo-repo/actions/runs/42')
    expect(after[0]!.body).not.toContain('failed')
  })
})

describe('the other comment modes', () => {
  it('always: a green run still gets a comment with its results', async () => {
    const from = github.calls.length
    await pullRequestRun(12, GREEN, { comment: 'always' })
    expect(commentCalls(from)).toEqual([`GET /repos/${REPOSITORY}/issues/12/comments`, `POST /repos/${REPOSITORY}/issues/12/comments`])
    expect(github.comments.find((c) => c.issue === 12)?.body).toContain('1 assertion, 0 failed')
  })

  it.each([
    ['failures', GREEN, false],
    ['failures', FAILING, true],
    ['changes', FAILING, false],
    ['off', FAILING, false]
  ])('%s with %s: a comment is %s', async (mode, collection, posted) => {
    const number = 20 + ['failures', 'changes', 'off'].indexOf(mode) * 2 + (collection === FAILING ? 1 : 0)
    await pullRequestRun(number, collection, { comment: mode })
    expect(github.comments.filter((c) => c.issue === number)).toHaveLength(posted ? 1 : 0)
    // Neither mode settles an earlier comment: only `auto` looks for one on a run it does not report.
    if (!posted) expect(github.calls.some((c) => c.path === `/repos/${REPOSITORY}/issues/${number}/comments`)).toBe(false)
  })
})
