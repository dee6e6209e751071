/**
 * The sync wired to real parts on loopback: the emulator, the axios client, and a temporary git
 * repository holding fixture files. Each `run` uses a fresh client (as each workflow run does)
 * and starts from a cleared emulator log, so `calls()` and `writes()` describe that run alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_API_KEY, startEmulator, type Emulator, type EmulatorOptions, type LoggedRequest } from '../../emulator/server.js'
import { createPostmanClient } from '../../src/postman/client.js'
import { createGitSource } from '../../src/sync/git-base.js'
import type { SyncResult } from '../../src/model/sync-result.js'
import { sync, type SyncOptions } from '../../src/sync/sync.js'
import { initRepo, type TempRepo } from './git-repo.js'

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')

/** The short names the sync tests use, each mapped to the one copy of that fixture. */
const FIXTURE_PATHS: Record<string, string> = {
  'nested.postman_collection.json': 'files/corpus/collections/collection-v2.1.0-nestedEntities.json',
  'petstore.postman_collection.json':
    'files/corpus/collections/kminina__Postman-API-Testing-Petstore-Playground__Petstore_Playground_Test.postman_collection.json',
  'uploader.postman_collection.json': 'files/corpus/collections/DEFRA__cdp-platform-postman__CDP_Uploader.postman_collection.json',
  'conduit.postman_environment.json': 'files/corpus/environments/gothinkster__realworld__Conduit.postman_environment.json',
  'legacy-v2.0.postman_collection.json': 'sync/legacy-v2.0.postman_collection.json'
}

/** A fixture's text. */
export function fixture(name: string): string {
  const relative = FIXTURE_PATHS[name]
  if (relative === undefined) throw new Error(`No sync fixture named ${name}`)
  return readFileSync(path.join(FIXTURES, relative), 'utf8')
}

/** A fixture parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit arbitrary fields
export function fixtureJson(name: string): any {
  return JSON.parse(fixture(name))
}

/** The default repository: three collections and one environment. */
export const DEFAULT_FILES: Record<string, string> = {
  'postman/nested.postman_collection.json': fixture('nested.postman_collection.json'),
  'postman/petstore.postman_collection.json': fixture('petstore.postman_collection.json'),
  'postman/uploader.postman_collection.json': fixture('uploader.postman_collection.json'),
  'postman/conduit.postman_environment.json': fixture('conduit.postman_environment.json')
}

export interface Harness {
  emulator: Emulator
  repo: TempRepo
  outDir: string
  logs: { info: string[]; warning: string[]; notice: string[] }
  /** Runs one sync (push to ws-main by default) against the emulator. */
  run(over?: Partial<SyncOptions>): Promise<SyncResult>
  /** The last run's requests. */
  calls(): LoggedRequest[]
  /** The last run's writes (POST/PUT/PATCH/DELETE). */
  writes(): LoggedRequest[]
  close(): Promise<void>
}

/** Limits high enough that pacing never waits: these tests count calls, not time. */
export const GENEROUS: EmulatorOptions = { rateLimit: { limit: 1_000_000, windowMs: 60_000 }, listRateLimit: { limit: 1_000_000, windowMs: 10_000 } }

/** The client's side of `GENEROUS`. */
export const GENEROUS_CLIENT_LIMITS = { perWindow: 1_000_000, windowMs: 60_000, listPerWindow: 1_000_000, listWindowMs: 10_000 }

/** A push of every collection and environment file under `root` to ws-main, creating what is missing. */
export function pushOptions(root: string, outDir: string): SyncOptions {
  return {
    root,
    mode: 'push',
    workspace: 'ws-main',
    collections: ['**/*.postman_collection.json'],
    environments: ['**/*.postman_environment.json'],
    createMissing: true,
    onConflict: 'fail',
    state: 'workspace',
    baseSha: undefined,
    outDir
  }
}

export async function startHarness(files: Record<string, string> = DEFAULT_FILES, emulatorOptions: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ ...GENEROUS, ...emulatorOptions })
  const repo = initRepo()
  repo.commit(files, 'initial')
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'postman-sync-out-'))
  const logs = { info: [] as string[], warning: [] as string[], notice: [] as string[] }
  const log = { info: (m: string) => logs.info.push(m), warning: (m: string) => logs.warning.push(m), notice: (m: string) => logs.notice.push(m) }
  return {
    emulator,
    repo,
    outDir,
    logs,
    async run(over = {}) {
      emulator.resetCounters()
      const api = createPostmanClient({
        apiKey: DEFAULT_API_KEY,
        baseUrl: emulator.url,
        limits: GENEROUS_CLIENT_LIMITS,
        // Fault tests retry; short computed backoff keeps them quick (nothing here measures time).
        retryBaseDelayMs: 5,
        maxBackoffMs: 50
      })
      try {
        return await sync({ ...pushOptions(repo.dir, outDir), ...over }, { api, git: createGitSource({ root: repo.dir }), log })
      } finally {
        api.close()
      }
    },
    calls: () => [...emulator.log],
    writes: () => emulator.log.filter((r) => r.method !== 'GET'),
    async close() {
      await emulator.close()
      repo.remove()
      rmSync(outDir, { recursive: true, force: true })
    }
  }
}

/** `action path` per entry, for compact assertions. */
export function actions(result: SyncResult): Record<string, string> {
  return Object.fromEntries(result.entries.map((e) => [path.posix.basename(e.path), e.action]))
}
