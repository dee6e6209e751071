/**
 * A timer a collection script leaves running (`setInterval`) must not keep the run alive until
 * the whole-run timeout: the script's asynchronous work is bounded like a request, and the run
 * ends with the timer reported as that script's error. Nothing here measures time: the outcome
 * says which bound ended the run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCollections } from '../../src/newman/runner.js'
import { recordingLog, runOptions, startLoopbackApi, type Loopback } from './loopback.js'

let api: Loopback
let root: string
beforeAll(async () => {
  api = await startLoopbackApi()
  root = await mkdtemp(join(tmpdir(), 'stray-timer-'))
})
afterAll(async () => {
  await api.close()
  await rm(root, { recursive: true, force: true })
})

describe('a stray setInterval in a test script', () => {
  it('ends the run at the script bound (timeout-request), not the whole-run timeout, with the second request still run', async () => {
    const item = (name: string, exec: string[]) => ({
      name,
      event: [{ listen: 'test', script: { exec } }],
      request: { method: 'GET', url: `${api.url}/${name}` }
    })
    const collection = {
      info: { name: 'Timer', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [item('first', ['setInterval(() => {}, 50);', "pm.test('first ok', () => {});"]), item('second', ["pm.test('second ok', () => {});"])]
    }
    await writeFile(join(root, 'timer.json'), JSON.stringify(collection))
    const result = await runCollections(runOptions({ root, collections: ['timer.json'], timeoutRequest: 1000, timeout: 600_000 }), { log: recordingLog() })
    const run = result.runs[0]
    // Not the whole-run budget: that error names the 'timeout' input.
    expect(run!.error ?? '').not.toMatch(/Input 'timeout'/)
    // The script's timer is reported on the script, and the next request ran.
    expect(result.findings.some((f) => f.kind === 'script-error' && /script execution timeout/.test(f.message))).toBe(true)
    expect(api.log.some((r) => r.url === '/second')).toBe(true)
    expect(run!.requests).toBe(2)
  })
})
