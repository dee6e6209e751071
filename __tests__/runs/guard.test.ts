import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCollections } from '../../src/newman/runner.js'
import { guardedLines, safeTitle } from '../../src/newman/run-log.js'
import { runOptions, startLoopbackApi, type Loopback } from './loopback.js'
import { stdoutOf } from '../helpers/stdout.js'

const root = resolve(import.meta.dirname, '../..')
let api: Loopback
beforeAll(async () => {
  api = await startLoopbackApi()
})
afterAll(async () => api.close())

describe('the per-collection log on the runner', () => {
  it('wraps what scripts print in a stop-commands guard so it cannot forge an annotation', async () => {
    const written = await stdoutOf(() =>
      runCollections(runOptions({ root, collections: ['__tests__/fixtures/runs/sneaky.postman_collection.json'], envVars: { baseUrl: api.url } }))
    )
    const lines = written.split(/\r?\n/)
    const forged = lines.findIndex((line) => line.includes('::error file=x.json,line=1::forged annotation'))
    expect(forged).toBeGreaterThan(0)
    // No line *starts* a command except the group, the guard and its closing token.
    const open = lines.findIndex((line) => line.startsWith('::stop-commands::'))
    const token = lines[open]!.slice('::stop-commands::'.length)
    expect(token).toMatch(/^[0-9a-f-]{36}$/)
    const close = lines.indexOf(`::${token}::`)
    expect(open).toBeLessThan(forged)
    expect(close).toBeGreaterThan(forged)
    const second = lines.findIndex((line) => line.includes('::warning::second forgery'))
    expect(second).toBeGreaterThan(open)
    expect(second).toBeLessThan(close)
    expect(lines[open - 1]).toMatch(/^::group::/)
    expect(lines[close + 1]).toBe('::endgroup::')
  })

  it('uses a fresh token per block and keeps a group title on one line', () => {
    const a = guardedLines(['x'])
    const b = guardedLines(['x'])
    expect(a[0]).not.toBe(b[0])
    expect(a).toEqual([a[0], 'x', `::${a[0]!.slice('::stop-commands::'.length)}::`])
    expect(safeTitle('name\n::error::forged')).toBe('name\\n:\u200b:error:\u200b:forged')
    expect(safeTitle('::error::x')).not.toMatch(/::/)
  })
})
