/**
 * An error inside one collection's run is that run's error, at its file: the other collections
 * still run. The runner is called directly here with files the sync would have refused, so the
 * runner's own robustness is what is tested (through the action, such files are never run:
 * __tests__/e2e/malformed-runs.test.ts).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCollections } from '../../src/newman/runner.js'
import { recordingLog, runOptions, startLoopbackApi, type Loopback } from './loopback.js'

let api: Loopback
let root: string
beforeAll(async () => {
  api = await startLoopbackApi()
  root = await mkdtemp(join(tmpdir(), 'run-errors-'))
  await mkdir(join(root, 'c'))
})
afterAll(async () => {
  await api.close()
  await rm(root, { recursive: true, force: true })
})

const info = { name: 'X', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }

describe('one run failing does not take the others with it', () => {
  it.each([
    ['"item": 5', { info, item: 5 }],
    ['"item": [null]', { info, item: [null] }],
    ['non-object items', { info, item: [1, 'two', [3]] }],
    ['a folder whose item is a number', { info, item: [{ name: 'f', item: 7 }] }],
    ['not JSON at all', '{ nope'],
    ['a JSON array', [1, 2]]
  ])('%s', async (_name, content) => {
    await writeFile(join(root, 'c/bad.json'), typeof content === 'string' ? content : JSON.stringify(content))
    await writeFile(
      join(root, 'c/good.json'),
      JSON.stringify({ info: { ...info, name: 'Good' }, item: [{ name: 'r', request: { method: 'GET', url: `${api.url}/ok` } }] })
    )
    const result = await runCollections(runOptions({ root, collections: ['c/bad.json', 'c/good.json'] }), { log: recordingLog() })
    const bad = result.runs.find((r) => r.file === 'c/bad.json')
    const good = result.runs.find((r) => r.file === 'c/good.json')
    expect(good?.requests).toBe(1)
    expect(good?.error).toBeUndefined()
    // The call did not reject (it used to: `items is not iterable`). newman either makes
    // something of the file or fails it; a failure is that run's error, with a finding at its file.
    expect(bad).toBeDefined()
    if (bad?.error !== undefined) {
      expect(result.testsPassed).toBe(false)
      expect(result.findings.some((f) => f.file === 'c/bad.json' && f.kind === 'run-error' && f.level === 'error')).toBe(true)
    }
  })
})
