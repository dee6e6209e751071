/**
 * Client benchmark: 300 mixed calls against the emulator with the rate limits scaled by 10 in time
 * (60 calls per 6 s for all calls, 10 per 1 s for the list endpoints), the client alone on its key.
 * Figures: calls made, 429s (target 0), elapsed over the minimum the limits allow (target ≤ 1.10),
 * peak RSS. Real clock: this measures the pacing as it runs in the action.
 *
 *   node --import tsx bench/client.ts
 */
import { pathToFileURL } from 'node:url'
import { DEFAULT_API_KEY, startEmulator } from '../emulator/server.js'
import { createPostmanClient } from '../src/postman/client.js'
import type { CollectionBody } from '../src/postman/api.js'
import { peakRssMiB, type BenchRow } from './row.js'

const GLOBAL = { limit: 60, windowMs: 6000 }
const LIST = { limit: 10, windowMs: 1000 }
const CALLS = 300

const collection = (name: string, items: number): CollectionBody => ({
  info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  item: Array.from({ length: items }, (_, i) => ({ name: `r${i}`, request: { method: 'GET', url: `https://example.com/${i}` } }))
})

/** Fewest ms a fixed window of `limit` per `windowMs` allows for `n` calls: the last window's start. */
const minimumMs = (n: number, w: { limit: number; windowMs: number }): number => Math.max(0, Math.ceil(n / w.limit) - 1) * w.windowMs

/** Runs the benchmark and returns its rows. */
export async function benchClient(): Promise<BenchRow[]> {
  const em = await startEmulator({ rateLimit: GLOBAL, listRateLimit: LIST })
  const client = createPostmanClient({
    apiKey: DEFAULT_API_KEY,
    baseUrl: em.url,
    env: {},
    limits: { perWindow: GLOBAL.limit, windowMs: GLOBAL.windowMs, listPerWindow: LIST.limit, listWindowMs: LIST.windowMs }
  })
  try {
    const seeded = Array.from({ length: 10 }, (_, i) => em.seedCollection('ws-main', collection(`Seed ${i}`, 20)))
    const env = em.seedEnvironment('ws-main', { name: 'Env', values: [{ key: 'a', value: '1' }] })
    // The mix a sync of a mid-size repository makes: workspace lookups, lists, reads, updates.
    const work: Array<() => Promise<unknown>> = []
    for (let i = 0; i < CALLS; i++) {
      const c = seeded[i % seeded.length]!
      switch (i % 10) {
        case 0:
          work.push(() => (i % 20 === 0 ? client.getWorkspace('ws-main') : client.listCollections('ws-main')))
          break
        case 1:
        case 2:
        case 3:
          work.push(() => client.tryGetCollection(c.uid))
          break
        case 4:
        case 5:
          work.push(() => client.updateCollection(c.uid, collection(`Seed ${i % seeded.length}`, 20)))
          break
        case 6:
          work.push(() => client.tryGetEnvironment(env.id))
          break
        case 7:
          work.push(() => client.updateEnvironment(env.id, { name: 'Env', values: [{ key: 'a', value: String(i) }] }))
          break
        case 8:
          work.push(() => client.listEnvironments('ws-main'))
          break
        default:
          work.push(() => client.me())
      }
    }
    const started = performance.now()
    await Promise.all(work.map((w) => w()))
    const elapsed = performance.now() - started
    const counted = em.log.filter((l) => l.status !== 429)
    const lists = counted.filter((l) => l.method === 'GET' && /^\/(collections|workspaces(\/[^/]+)?)$/.test(l.path)).length
    const minimum = Math.max(minimumMs(counted.length, GLOBAL), minimumMs(lists, LIST))
    const ratio = Math.round((elapsed / minimum) * 1000) / 1000
    const refused = em.log.filter((l) => l.status === 429).length
    return [
      { figure: 'client: calls made (300 mixed, 60 per 6 s, lists 10 per 1 s)', value: client.stats().calls, unit: 'calls' },
      { figure: 'client: 429 answers alone on the key', value: refused, unit: '', target: '0', met: refused === 0 },
      { figure: 'client: elapsed', value: Math.round(elapsed), unit: 'ms' },
      { figure: 'client: elapsed / minimum the limits allow', value: ratio, unit: '×', target: '≤ 1.10', met: ratio <= 1.1 },
      { figure: 'client: peak RSS', value: peakRssMiB(), unit: 'MiB' }
    ]
  } finally {
    client.close()
    await em.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchClient()) {
    console.log(`${row.figure}: ${row.value} ${row.unit}${row.target ? ` (target ${row.target}: ${row.met ? 'met' : 'NOT met'})` : ''}`)
  }
}
