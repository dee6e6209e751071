import * as core from '@actions/core'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCollections } from '../../src/newman/runner.js'
import { emitAnnotations } from '../../src/report/annotations.js'
import { toCheckAnnotations } from '../../src/report/check-run.js'
import { buildComment } from '../../src/report/comment.js'
import { buildJUnit } from '../../src/report/junit.js'
import { writeRunOutputs } from '../../src/report/outputs.js'
import { buildSummary } from '../../src/report/summary.js'
import { recordingLog, runOptions, startLoopbackApi, type Loopback } from './loopback.js'
import { stdoutOf } from '../helpers/stdout.js'

const root = resolve(import.meta.dirname, '../..')
const SECRET = 'tok-7f3a9c1e-never-shown'

let api: Loopback
let dir: string
beforeAll(async () => {
  api = await startLoopbackApi()
  dir = await mkdtemp(join(tmpdir(), 'runs-'))
})
afterAll(async () => {
  await api.close()
  await rm(dir, { recursive: true, force: true })
})

describe('an env-vars secret', () => {
  it('reaches the API under test and appears in nothing the action produces', async () => {
    const log = recordingLog()
    const result = await runCollections(
      runOptions({
        root,
        collections: ['__tests__/fixtures/runs/failing.postman_collection.json'],
        envVars: { baseUrl: api.url, token: SECRET, deadUrl: 'http://127.0.0.1:1' }
      }),
      { log }
    )
    expect(api.log.some((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true)
    expect(result.findings.length).toBeGreaterThan(0)

    const outputs: Record<string, string> = {}
    const written = await writeRunOutputs(
      result,
      { dir, root: dir, tempDir: dir, junitPath: 'reports/junit.xml' },
      { setOutput: (name, value) => void (outputs[name] = value) }
    )
    expect(outputs).toEqual({ 'tests-passed': 'false', 'assertions-failed': '2', report: written.report, 'junit-report': join(dir, 'reports/junit.xml') })

    const stdout = await stdoutOf(() => emitAnnotations(result.findings, core))
    const produced = [
      log.text(),
      JSON.stringify(result),
      buildSummary({ runs: result, findings: result.findings, notes: [] }),
      buildComment({ name: 'Postman', runs: result, findings: result.findings, notes: [] }),
      buildJUnit(result),
      JSON.stringify(toCheckAnnotations(result.findings)),
      stdout,
      await readFile(written.report, 'utf8'),
      await readFile(written.junit!, 'utf8')
    ]
    expect(produced.every((text) => text.length > 0)).toBe(true)
    for (const text of produced) expect(text).not.toContain(SECRET)
    expect(JSON.parse(await readFile(written.report, 'utf8'))).toMatchObject({ testsPassed: false, assertionsFailed: 2 })
  })
})
