/**
 * Scale (target in docs/architecture.md#performance-targets): a 50 MB collection (10,000 requests) validates, diffs and runs; a 20 MB one
 * pushes. Each step runs in its own child process so its peak memory is its own, not the sum of
 * everything this process did before.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { generateCollection } from '../__tests__/fixtures/generate-large-collection.js'
import type { BenchRow } from './row.js'

const run = promisify(execFile)
const stepScript = resolve(import.meta.dirname, 'scale-step.ts')

interface StepResult {
  ms: number
  peakMiB: number
  detail: string
}

async function step(name: string, file: string): Promise<StepResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', stepScript, name, file], {
    // tsx resolves from the project, wherever the bench was started.
    cwd: resolve(import.meta.dirname, '..'),
    maxBuffer: 16 * 1024 * 1024,
    timeout: 15 * 60_000
  })
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as StepResult
}

/** Requests needed for about `megabytes` (10^6 bytes, as the scale target counts them) of pretty-printed collection, from a small sample. */
function requestsFor(megabytes: number): number {
  const sample = JSON.stringify(generateCollection(200), null, 2).length
  return Math.round(((megabytes * 1e6) / sample) * 200)
}

/** A file's size in MB (10^6 bytes), to one decimal. */
const sizeMB = async (file: string): Promise<number> => Math.round((await stat(file)).size / 1e5) / 10

export async function benchScale(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'postman-sync-scale-'))
  try {
    const big = join(dir, 'big.postman_collection.json')
    const pushable = join(dir, 'push.postman_collection.json')
    await writeFile(big, JSON.stringify(generateCollection(10_000), null, 2))
    await writeFile(pushable, JSON.stringify(generateCollection(requestsFor(20)), null, 2))
    const bigMB = await sizeMB(big)
    const pushMB = await sizeMB(pushable)

    const rows: BenchRow[] = []
    for (const [name, file, size] of [
      ['validate', big, bigMB],
      ['diff', big, bigMB],
      ['run', big, bigMB],
      ['push', pushable, pushMB]
    ] as const) {
      const result = await step(name, file)
      rows.push({ figure: `${size} MB collection: ${name} time (${result.detail})`, value: result.ms, unit: 'ms' })
      rows.push({ figure: `${size} MB collection: ${name} peak memory`, value: result.peakMiB, unit: 'MiB' })
    }
    return rows
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
