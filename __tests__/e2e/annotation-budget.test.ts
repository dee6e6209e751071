/**
 * End to end through `dist/index.js` and the GitHub stand-in: when the token may not write checks
 * (403), findings fall back to workflow annotations, and GitHub shows at most 10 error annotations
 * per step. The step's own failure message is one of them, so it must not be the 11th.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startSampleApi, type SampleApi } from '../../emulator/sample-api.js'
import { runAction } from '../../scripts/lib/run-action.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js'
import { createTempRepo, type TempRepo } from './repo.js'
import { fixtureText, sampleEnvironment } from './run-fixtures.js'

const REPOSITORY = 'octo-org/octo-repo'
const MANY = 'postman/many.postman_collection.json'

let sample: SampleApi
let github: GitHubStandIn
let repo: TempRepo

beforeAll(async () => {
  sample = await startSampleApi()
  github = await startGitHubStandIn()
  repo = await createTempRepo()
  await repo.commit({
    [MANY]: fixtureText('e2e-runs', 'many.postman_collection.json'),
    'postman/e2e.postman_environment.json': sampleEnvironment(sample.url)
  })
})

afterAll(async () => {
  await Promise.all([sample?.close(), github?.close(), repo?.remove()])
})

it('the 403 fallback shows at most 10 error annotations, the failure message among them', async () => {
  github.refuse({ checks: true })
  const number = 31
  const result = await runAction({
    workspace: repo.dir,
    eventName: 'pull_request',
    sha: 'ffffeeeeddddccccbbbbaaaa9999888877776666',
    ref: `refs/pull/${number}/merge`,
    repository: REPOSITORY,
    event: {
      number,
      pull_request: {
        number,
        head: { sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', repo: { full_name: REPOSITORY } },
        base: { sha: '0123456789abcdef0123456789abcdef01234567', repo: { full_name: REPOSITORY } }
      },
      repository: { full_name: REPOSITORY, default_branch: 'main' }
    },
    env: { GITHUB_API_URL: github.url },
    // Three failing tests × 5 iterations: 15 failures, more than fit.
    inputs: {
      sync: 'off',
      run: 'true',
      'run-collections': MANY,
      'run-environment': 'postman/e2e.postman_environment.json',
      'iteration-count': '5',
      'github-token': 'ghs_budget',
      comment: 'off'
    }
  }).finally(() => github.refuse({}))

  expect(result.code).toBe(1)
  const errors = result.commands.filter((c) => c.command === 'error')
  expect(errors.length).toBeLessThanOrEqual(10)
  // The failure message is there, and is the last one: GitHub keeps the first 10.
  expect(errors.at(-1)?.message).toBe('Postman Sync failed: 15 failed tests. See the job summary.')
  expect(errors.filter((c) => c.properties.file === MANY)).toHaveLength(9)
  const notices = result.commands.filter((c) => c.command === 'notice')
  expect(notices.length).toBeLessThanOrEqual(10)
  expect(notices.filter((c) => /^6 more findings than GitHub shows/.test(c.message))).toHaveLength(1)
})
