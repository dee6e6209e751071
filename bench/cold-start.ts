/**
 * Cold start: from spawning `node dist/index.js` (as the runner does) to the first request the
 * Postman API emulator receives. The bundle holds newman, so this is mostly module evaluation.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { startEmulator, DEFAULT_API_KEY } from '../emulator/server.js'
import { runAction } from '../scripts/lib/run-action.js'
import { createTempRepo } from '../__tests__/e2e/repo.js'
import type { BenchRow } from './row.js'

export async function benchColdStart(): Promise<BenchRow[]> {
  const emulator = await startEmulator()
  const repo = await createTempRepo()
  try {
    const example = await readFile(resolve(import.meta.dirname, '../examples/collections/users.postman_collection.json'), 'utf8')
    const sha = await repo.commit({ 'users.postman_collection.json': example })
    const samples: number[] = []
    for (let i = 0; i < 5; i++) {
      emulator.resetCounters()
      const started = Date.now()
      await runAction({
        workspace: repo.dir,
        eventName: 'pull_request',
        sha,
        event: { pull_request: { number: 1, head: { sha, repo: { fork: false } }, base: { sha } } },
        inputs: { 'postman-api-key': DEFAULT_API_KEY, 'api-url': emulator.url, workspace: 'ws-main', 'check-run': 'false', comment: 'off' }
      })
      const first = emulator.log[0]
      if (first) samples.push(first.at - started)
    }
    samples.sort((a, b) => a - b)
    const median = samples[Math.floor(samples.length / 2)] ?? Number.NaN
    return [{ figure: 'cold start: spawn to first API request (median of 5)', value: median, unit: 'ms', target: '< 1000 ms', met: median < 1000 }]
  } finally {
    await repo.remove()
    await emulator.close()
  }
}
