/**
 * Runs only what validated, and every output whatever failed, through the built action:
 * malformed collections (`"item": 5`, `"item": [null]`, non-object items) are not run, fail the
 * step at their file, and the plan, the outputs and the check run are still there; so are they
 * when `wait-for` times out after a successful push.
 */
import { access } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import {
  annotationsOf,
  asFile,
  collection,
  environment,
  lines,
  readPlan,
  run,
  scenario,
  transcript,
  writesOf,
  type RunResult,
  useWorldWithSampleApi
} from './fault-helpers.js'

const servers = useWorldWithSampleApi()

const BAD = 'postman/bad.postman_collection.json'
const GOOD = 'postman/good.postman_collection.json'

/** A collection whose `item` is replaced by `item`, as committed. */
const malformed = (item: unknown): string => asFile({ ...collection('Bad', []), item })

const goodFiles = (): Record<string, string> => ({
  [GOOD]: asFile(
    collection('Good', [['Health', 'GET', '{{baseUrl}}/health']], { tests: { Health: ["pm.test('up', () => pm.response.to.have.status(200));"] } })
  ),
  'postman/local.postman_environment.json': asFile(environment('Local', [['baseUrl', servers.sample.url]]))
})

/** The step failed at the bad file, named no crash, and still reported everything. */
async function expectReportedAtFile(r: RunResult, options: { plan: boolean }): Promise<void> {
  expect(r.code, transcript(r)).not.toBe(0)
  const all = `${r.stdout}\n${r.stderr}\n${r.summary}`
  expect(all).not.toMatch(/is not iterable|Cannot read properties|Maximum call stack/)
  const atFile = annotationsOf(r).filter((a) => a.level === 'error' && a.file === BAD)
  expect(atFile.length, JSON.stringify(annotationsOf(r), null, 1)).toBeGreaterThan(0)
  // Every output is set: the runs' and (when a sync ran) the plan.
  expect(r.outputs['tests-passed']).toBe('false')
  expect(r.outputs.report).toBeDefined()
  await access(r.outputs.report!)
  if (options.plan) expect((await readPlan(r))?.entries.find((e) => e.path === BAD)?.action).toBe('error')
  // The check run was published.
  expect(r.githubCalls.some((c) => c.method === 'POST' && c.path.endsWith('/check-runs'))).toBe(true)
}

describe('a malformed collection is not run, and everything is still reported', () => {
  it.each([
    ['"item": 5', 5],
    ['"item": [null]', [null]],
    ['"item": [1, "x", true]', [1, 'x', true]],
    ['"item": [{"name": "f", "item": 7}]', [{ name: 'f', item: 7 }]]
  ])(
    '%s, in push mode with run: true',
    async (_name, item) => {
      const s = await scenario(servers.world, { ...goodFiles(), [BAD]: malformed(item) })
      const mark = servers.sample.log.length
      const r = await run(s, { inputs: { run: 'true', 'run-environment': 'postman/local.postman_environment.json' } })
      await expectReportedAtFile(r, { plan: true })
      // Nothing was written to Postman (an invalid file blocks every write)…
      expect(writesOf(r.requests), lines(r.requests).join('\n')).toEqual([])
      // …and the valid collection still ran.
      expect(servers.sample.log.slice(mark).some((q) => q.path === '/health')).toBe(true)
      const report = JSON.parse(await (await import('node:fs/promises')).readFile(r.outputs.report!, 'utf8')) as {
        collections: Array<{ file: string; error?: string; requests: number }>
      }
      expect(report.collections.find((c) => c.file === BAD)?.error).toMatch(/not run: the file is invalid/)
      expect(report.collections.find((c) => c.file === GOOD)?.requests).toBe(1)
    },
    60_000
  )

  it('with sync: off, the runner validates the file itself', async () => {
    const s = await scenario(servers.world, { ...goodFiles(), [BAD]: malformed([null]) })
    const r = await run(s, { inputs: { sync: 'off', run: 'true', 'run-environment': 'postman/local.postman_environment.json' } })
    await expectReportedAtFile(r, { plan: false })
    expect(r.requests).toEqual([])
  }, 60_000)
})

describe('wait-for timing out after a successful push', () => {
  it('fails naming wait-for, with the plan, the sync outputs, the run outputs and the check run all there', async () => {
    const s = await scenario(servers.world, goodFiles())
    const r = await run(s, {
      inputs: { run: 'true', 'run-environment': 'postman/local.postman_environment.json', 'wait-for': 'http://127.0.0.1:1/health', 'wait-timeout': '1000' }
    })
    expect(r.code, transcript(r)).toBe(1)
    expect(
      annotationsOf(r)
        .map((a) => a.message)
        .join('\n')
    ).toMatch(/Input 'wait-for'/)
    // The push happened…
    expect(r.outputs.created).toBe('2')
    expect(writesOf(r.requests).length).toBeGreaterThan(0)
    // …and is reported.
    expect((await readPlan(r))?.entries.map((e) => e.action).sort()).toEqual(['create', 'create'])
    expect(r.outputs['tests-passed']).toBe('false')
    expect(r.githubCalls.some((c) => c.method === 'POST' && c.path.endsWith('/check-runs'))).toBe(true)
  }, 60_000)
})
