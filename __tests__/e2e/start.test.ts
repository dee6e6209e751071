/**
 * `npm start`, the README's first command: the demo against the emulator. A newcomer may have
 * POSTMAN_API_KEY exported for the Postman CLI; the demo must still not touch the real API.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

function start(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ code, out }))
  })
}

describe('npm start', () => {
  it('runs the demo against the emulator even with POSTMAN_API_KEY exported', async () => {
    const { code, out } = await start([], { POSTMAN_API_KEY: 'PMAK-exported-for-the-cli', POSTMAN_WORKSPACE: 'real-workspace' })
    expect(code).toBe(0)
    expect(out).toMatch(/Postman API emulator: http:\/\/127\.0\.0\.1:\d+/)
    expect(out).not.toContain('REAL Postman API')
    expect(out).toContain('created: 3')
    expect(out).toContain('assertions-failed: 1')
  })

  it('--v3 runs the Native Git sample end to end: the failure on purpose annotated on its YAML line', async () => {
    const { code, out } = await start(['--v3'], {})
    expect(code).toBe(0)
    expect(out).toContain('assertions-failed: 1')
    // Pushed as well as run: the two collection directories and the YAML environment.
    expect(out).toContain('created: 3')
    const file = 'postman/collections/Orders/Customers/Create customer.request.yaml'
    const lines = readFileSync(resolve(ROOT, 'examples/native-git', file), 'utf8').split('\n')
    const line = lines.findIndex((l) => l.includes("pm.test('status is 201 (fails on purpose")) + 1
    expect(line).toBeGreaterThan(0)
    expect(out).toContain(`file=${file},line=${line}::Test "status is 201 (fails on purpose: the sample API answers 200)" failed`)
    expect(out).toMatch(/\*\*Runs:\*\* ❌ failed, 2 collections, 6 requests, 13 assertions, 1 failed/)
  })

  it('--pr runs the pull-request path (a plan, the runs) and writes the comment the action posted to a file it names', async () => {
    const { code, out } = await start(['--pr'], { POSTMAN_API_KEY: 'PMAK-exported-for-the-cli', POSTMAN_WORKSPACE: 'real-workspace' })
    expect(code, out).toBe(0)
    expect(out).toMatch(/Postman API emulator: http:\/\/127\.0\.0\.1:\d+/)
    expect(out).toMatch(/GitHub API stand-in \(the pull-request comment is posted there\): http:\/\/127\.0\.0\.1:\d+/)
    // A plan: nothing is created, the counts say what would be.
    expect(out).toContain('created: 3')
    expect(out).toContain('changed: true')
    const path = /written to:\n(\S+comment\.md)\n/.exec(out)?.[1]
    expect(path, out).toBeDefined()
    const comment = await readFile(path!, 'utf8')
    expect(comment).toMatch(/^<!-- postman-sync:comment Postman -->\n## Postman\n/)
    expect(comment).toContain('**Plan:** 3 to create, 0 to update')
    expect(comment).toContain('### Sync plan (nothing written)')
    expect(comment).toContain('status is 201 (fails on purpose')
    // The comment leaves the monthly quota out (the summary has it).
    expect(comment).not.toMatch(/left this month/)
    expect(comment).not.toContain('PMAK-')
  })

  it('--real-api without a workspace refuses before anything starts, naming what is missing', async () => {
    const { code, out } = await start(['--real-api'], { POSTMAN_API_KEY: 'PMAK-exported-for-the-cli', POSTMAN_WORKSPACE: '' })
    expect(code).toBe(2)
    expect(out).toContain('--real-api needs POSTMAN_API_KEY and POSTMAN_WORKSPACE')
  })
})
