/**
 * Sync API calls (docs/architecture.md#performance-targets): N = 50 collection files pushed to the emulator, then re-synced with
 * k = 0, 1 and 50 files changed. Targets: a no-op sync costs at most 4 calls whatever N; k changed
 * files at most 5 + 3k. Counted from the emulator's request log (what reached the server), with
 * limits generous enough that pacing never waits.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_API_KEY, startEmulator } from '../emulator/server.js'
import { createPostmanClient } from '../src/postman/client.js'
import { createGitSource } from '../src/sync/git-base.js'
import { sync } from '../src/sync/sync.js'
import { GENEROUS, GENEROUS_CLIENT_LIMITS, pushOptions } from '../__tests__/sync/harness.js'
import type { BenchRow } from './row.js'

const N = 50
const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'

/** A small collection with a folder, three requests and a test script, as exports look. */
function collection(i: number, version: number): object {
  const request = (name: string, method: string, p: string): object => ({
    name,
    event: [{ listen: 'test', script: { type: 'text/javascript', exec: ['pm.test("ok", () => pm.response.to.have.status(200))'] } }],
    request: {
      method,
      header: [{ key: 'Accept', value: 'application/json' }],
      url: { raw: `{{baseUrl}}/${p}?v=${version}`, host: ['{{baseUrl}}'], path: [p], query: [{ key: 'v', value: String(version) }] }
    }
  })
  return {
    info: { _postman_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Service ${i}`, schema: SCHEMA },
    item: [{ name: 'Users', item: [request('List users', 'GET', 'users'), request('Create user', 'POST', 'users')] }, request('Health', 'GET', 'health')]
  }
}

export async function benchSync(): Promise<BenchRow[]> {
  const emulator = await startEmulator(GENEROUS)
  const root = mkdtempSync(path.join(os.tmpdir(), 'postman-sync-bench-'))
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'postman-sync-bench-out-'))
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: 'pipe' }).trim()
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com'
  }
  const commit = (): void => {
    execFileSync('git', ['add', '-A'], { cwd: root, env, stdio: 'pipe' })
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'bench'], { cwd: root, env, stdio: 'pipe' })
  }
  const writeFiles = (versions: (i: number) => number): void => {
    mkdirSync(path.join(root, 'postman'), { recursive: true })
    for (let i = 0; i < N; i++)
      writeFileSync(path.join(root, 'postman', `service-${i}.postman_collection.json`), JSON.stringify(collection(i, versions(i)), null, 2))
  }

  const runOnce = async (): Promise<{ calls: number; writes: number; changed: number }> => {
    emulator.resetCounters()
    const api = createPostmanClient({ apiKey: DEFAULT_API_KEY, baseUrl: emulator.url, limits: GENEROUS_CLIENT_LIMITS })
    try {
      const result = await sync(pushOptions(root, outDir), { api, git: createGitSource({ root }), log: { info: () => {}, warning: () => {} } })
      const failed = result.entries.filter((e) => e.action === 'error' || e.action === 'conflict')
      const [first] = failed
      if (first !== undefined) throw new Error(`bench sync: unexpected ${first.action} for ${first.path}: ${first.reason}`)
      return {
        calls: emulator.log.length,
        writes: emulator.log.filter((r) => r.method !== 'GET').length,
        changed: result.entries.filter((e) => e.action !== 'unchanged').length
      }
    } finally {
      api.close()
    }
  }

  try {
    git('init', '-q', '-b', 'main')
    writeFiles(() => 1)
    commit()
    const first = await runOnce()
    const k0 = await runOnce()
    writeFiles((i) => (i === 0 ? 2 : 1))
    commit()
    const k1 = await runOnce()
    writeFiles(() => 3)
    commit()
    const k50 = await runOnce()
    if (k1.changed !== 1 || k50.changed !== N || k0.changed !== 0) throw new Error('bench sync: the runs did not change what they should')
    // An environment update: one variable changed in the repository, one added in Postman, one
    // secret; the update is the PATCH calls (the secret and the Postman-only variable not sent).
    const envFile = path.join(root, 'postman', 'dev.postman_environment.json')
    const writeEnv = (baseUrl: string): void =>
      writeFileSync(
        envFile,
        JSON.stringify(
          {
            name: 'Dev',
            values: [
              { key: 'baseUrl', value: baseUrl, enabled: true },
              { key: 'user', value: 'bench', enabled: true },
              { key: 'token', value: '', type: 'secret', enabled: true }
            ]
          },
          null,
          2
        )
      )
    writeEnv('https://one.test')
    commit()
    await runOnce()
    const dev = emulator.environments('ws-main').find((e) => e.name === 'Dev')
    if (!dev) throw new Error('bench sync: the environment was not created')
    emulator.editEnvironment(
      dev.uid,
      (body: { values: unknown[] }) => void body.values.push({ key: 'onlyInPostman', value: 'x', type: 'default', enabled: true })
    )
    writeEnv('https://two.test')
    commit()
    const envUpdate = await runOnce()
    const envWrites = emulator.log.filter((r) => r.method !== 'GET' && r.path === `/environments/${dev.uid}`)
    const row = (figure: string, value: number, target?: number): BenchRow =>
      target === undefined ? { figure, value, unit: 'calls' } : { figure, value, unit: 'calls', target: `≤ ${target}`, met: value <= target }
    return [
      row(`first push, N=${N} new collections (${first.writes} writes)`, first.calls),
      row(`no-op sync, N=${N}, k=0`, k0.calls, 4),
      row(`sync, N=${N}, k=1 changed`, k1.calls, 5 + 3),
      row(`sync, N=${N}, k=${N} changed`, k50.calls, 5 + 3 * N),
      row(`environment update, 1 of 3 variables changed (${envWrites.map((r) => r.method).join(', ')}): calls of the update`, envWrites.length, 1),
      row(`sync with that environment update, N=${N} unchanged (${envUpdate.writes} writes)`, envUpdate.calls)
    ]
  } finally {
    await emulator.close()
    rmSync(root, { recursive: true, force: true })
    rmSync(outDir, { recursive: true, force: true })
  }
}
