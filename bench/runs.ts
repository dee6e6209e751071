/**
 * Runs (target in docs/architecture.md#performance-targets): N collections with `parallel` through `runCollections` (newman loaded once,
 * in-process) against `newman run` invoked N times one after another, as a workflow without this
 * action would. Each collection makes one request to an endpoint that answers after 100 ms.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { startSampleApi } from '../emulator/sample-api.js'
import { runCollections } from '../src/newman/runner.js'
import { peakRssMiB, type BenchRow } from './row.js'

const exec = promisify(execFile)
const COLLECTIONS = 12
const PARALLEL = 4
const DELAY_MS = 100
const newmanCli = resolve(import.meta.dirname, '../node_modules/.bin/newman')

function collection(i: number): object {
  return {
    info: { name: `Bench ${i}`, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      {
        name: 'Slow',
        event: [{ listen: 'test', script: { exec: ["pm.test('status is 200', () => pm.response.to.have.status(200));"] } }],
        request: { method: 'GET', url: `{{baseUrl}}/slow?ms=${DELAY_MS}` }
      }
    ]
  }
}

export async function benchRuns(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'postman-sync-runs-'))
  const api = await startSampleApi()
  try {
    const files: string[] = []
    for (let i = 0; i < COLLECTIONS; i++) {
      const file = `c${String(i).padStart(2, '0')}.postman_collection.json`
      await writeFile(join(dir, file), JSON.stringify(collection(i), null, 2))
      files.push(file)
    }
    const silent = { setSecret: () => undefined, group: () => undefined, info: () => undefined }

    const ourStart = performance.now()
    const result = await runCollections(
      {
        root: dir,
        collections: files,
        envVars: { baseUrl: api.url },
        folder: [],
        bail: false,
        insecure: false,
        timeoutRequest: 30_000,
        timeout: 600_000,
        parallel: PARALLEL,
        waitTimeout: 0,
        shard: { index: 1, total: 1 }
      },
      { log: silent }
    )
    const ours = performance.now() - ourStart
    if (!result.testsPassed) throw new Error('bench runs: the collections failed; the figures would mean nothing')
    const peak = peakRssMiB()

    const cliStart = performance.now()
    for (const file of files) {
      await exec(newmanCli, ['run', join(dir, file), '--env-var', `baseUrl=${api.url}`, '--reporters', 'cli', '--timeout-request', '30000'], {
        maxBuffer: 8 * 1024 * 1024
      })
    }
    const cli = performance.now() - cliStart
    const ratio = Math.round((cli / ours) * 10) / 10

    return [
      { figure: `${COLLECTIONS} collections, parallel ${PARALLEL}, in-process`, value: Math.round(ours), unit: 'ms' },
      { figure: `${COLLECTIONS} × newman run, one after another`, value: Math.round(cli), unit: 'ms' },
      { figure: 'runs speed-up over sequential newman CLI', value: ratio, unit: '×', target: '≥ 3×', met: ratio >= 3 },
      { figure: 'runs peak memory (RSS)', value: peak, unit: 'MiB' }
    ]
  } finally {
    await api.close()
    await rm(dir, { recursive: true, force: true })
  }
}
