/**
 * End to end through `dist/index.js`: `html-report` writes one self-contained HTML page of the
 * runs, from the same results as the summary, with the env-vars value redacted; a path outside
 * the repository and `RUNNER_TEMP` is refused before anything runs.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startSampleApi, type SampleApi } from '../../emulator/sample-api.js'
import { runAction, type ActionRunResult } from '../../scripts/lib/run-action.js'
import { createTempRepo, type TempRepo } from './repo.js'
import { fixtureText, sampleEnvironment } from './run-fixtures.js'

const MANY = 'postman/many.postman_collection.json'
const ENV_SECRET = 'e2e-html-secret-4d2a9c'

let sample: SampleApi
let repo: TempRepo

beforeAll(async () => {
  sample = await startSampleApi()
  repo = await createTempRepo()
  await repo.commit({
    [MANY]: fixtureText('e2e-runs', 'many.postman_collection.json'),
    'postman/e2e.postman_environment.json': sampleEnvironment(sample.url)
  })
})

afterAll(async () => {
  await Promise.all([sample?.close(), repo?.remove()])
})

function run(htmlReport: string): Promise<ActionRunResult> {
  return runAction({
    workspace: repo.dir,
    eventName: 'push',
    sha: repo.git('rev-parse', 'HEAD'),
    event: { repository: { full_name: 'octo-org/octo-repo', default_branch: 'main' } },
    inputs: {
      sync: 'off',
      run: 'true',
      'run-collections': MANY,
      'run-environment': 'postman/e2e.postman_environment.json',
      'env-vars': `token=${ENV_SECRET}`,
      'iteration-count': '2',
      'github-token': '',
      'html-report': htmlReport
    }
  })
}

it('writes the report with every failure at its line, and no secret', async () => {
  const result = await run('reports/runs.html')
  expect(result.code).toBe(1)
  const html = readFileSync(join(repo.dir, 'reports/runs.html'), 'utf8')
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
  expect(html).toContain('E2E many')
  expect(html).toContain('Failures (6)')
  const line =
    readFileSync(join(repo.dir, MANY), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes("pm.test('status is 201'")) + 1
  expect(html).toContain(`<code>${MANY}:${line}</code>`)
  // Method and status as sent and answered; times as measured (two sends: an average and a maximum).
  expect(html).toMatch(
    /<tr><td>Echo<\/td><td>GET<\/td><td>200<\/td><td class="n">avg \d+ ms, max \d+ ms<\/td><td class="n pass">2<\/td><td class="n fail">6<\/td><td class="n">2<\/td><\/tr>/
  )
  expect(html).not.toContain(ENV_SECRET)
})

it('refuses a path outside the repository and RUNNER_TEMP, naming the input, before running', async () => {
  const before = sample.log.length
  const result = await run('../outside.html')
  expect(result.code).toBe(1)
  expect(
    result.commands
      .filter((c) => c.command === 'error')
      .map((c) => c.message)
      .join('\n')
  ).toMatch(/html-report/)
  expect(existsSync(join(repo.dir, '../outside.html'))).toBe(false)
  expect(sample.log.length).toBe(before)
})
