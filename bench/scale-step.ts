/**
 * One step of the scale benchmark (`bench/scale.ts`), alone in its own process so its peak memory
 * is its own: `node --import tsx bench/scale-step.ts <validate|diff|run|push> <collection file>`.
 * Prints one JSON line, `{ms, peakMiB, detail}`: the time of the step itself (reading the file
 * and preparing inputs are not timed) and the process's peak resident set size.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { DEFAULT_API_KEY } from '../emulator/options.js'
import { startSampleApi } from '../emulator/sample-api.js'
import { runCollections } from '../src/newman/runner.js'
import type { RunLog } from '../src/newman/run-log.js'
import type { CollectionBody } from '../src/postman/api.js'
import { createPostmanClient } from '../src/postman/client.js'
import { diffCollections } from '../src/content/diff.js'
import { mapItemIds } from '../src/content/id-map.js'
import { normalizeCollection } from '../src/content/normalize.js'
import { validateCollectionText } from '../src/discovery/validate.js'
import { peakRssMiB } from './row.js'

/** What a step reports besides its time. */
interface Measured {
  ms: number
  detail: string
}

type Rec = Record<string, unknown>

async function time<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await work()
  return { ms: Math.round(performance.now() - started), value }
}

async function validateStep(file: string): Promise<Measured> {
  const text = await readFile(file, 'utf8')
  const { ms, value } = await time(() => validateCollectionText(basename(file), text))
  const errors = value.findings.filter((f) => f.level === 'error').length
  return { ms, detail: `${value.file ? 'valid' : 'invalid'}, ${value.findings.length} findings, ${errors} errors` }
}

/** Changes `count` requests spread over the collection: a URL, a header, a test script. */
function editSome(collection: CollectionBody, count: number): string[] {
  const requests: Array<{ path: string; item: Rec }> = []
  const walk = (items: unknown[], prefix: string): void => {
    for (const item of items as Rec[]) {
      if (Array.isArray(item.item)) walk(item.item, `${prefix}${String(item.name)}/`)
      else requests.push({ path: `${prefix}${String(item.name)}`, item })
    }
  }
  walk(collection.item, '')
  const step = Math.max(1, Math.floor(requests.length / count))
  const edited: string[] = []
  for (let i = 0; i < requests.length && edited.length < count; i += step) {
    const { path, item } = requests[i]!
    const request = item.request as Rec
    const url = request.url as Rec
    url.raw = `${String(url.raw)}&edited=1`
    url.query = [...((url.query as unknown[]) ?? []), { key: 'edited', value: '1' }]
    request.header = [...((request.header as unknown[]) ?? []), { key: 'X-Edited', value: 'yes' }]
    edited.push(path)
  }
  return edited
}

async function diffStep(file: string): Promise<Measured> {
  const local = JSON.parse(await readFile(file, 'utf8')) as CollectionBody
  const remote = structuredClone(local)
  const edited = editSome(remote, 5)
  const normalized = await time(() => normalizeCollection(local))
  const diffed = await time(() => diffCollections(remote, local))
  const d = diffed.value
  const changedRight = d.changed.length === edited.length && d.added.length === 0 && d.removed.length === 0
  return {
    ms: diffed.ms,
    detail:
      `normalize one side ${normalized.ms} ms; diff ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed ` +
      `(${changedRight ? `the ${edited.length} edited` : `expected ${edited.length}`})`
  }
}

/** Newman's log, counted but not printed (a 10,000-request run would flood the bench output). */
const quietLog: RunLog = { setSecret: () => undefined, group: () => undefined, info: () => undefined }

async function runStep(file: string): Promise<Measured> {
  const api = await startSampleApi()
  // The generated requests go to `{{baseUrl}}/resources/<id>?page=n` and expect 200 with that id,
  // which the sample API answers. An environment value overrides the collection's `baseUrl`
  // (environment scope wins over collection scope), so the 50 MB file is run as committed.
  const root = dirname(resolve(file))
  const environment = join(root, 'scale-run.postman_environment.json')
  await writeFile(environment, JSON.stringify({ name: 'scale', values: [{ key: 'baseUrl', value: api.url, enabled: true }] }))
  try {
    const { ms, value } = await time(() =>
      runCollections(
        {
          root,
          collections: [basename(file)],
          environment: basename(environment),
          envVars: {},
          folder: [],
          bail: false,
          insecure: false,
          timeoutRequest: 30_000,
          timeout: 15 * 60_000,
          parallel: 1,
          waitTimeout: 60_000,
          shard: { index: 1, total: 1 }
        },
        { log: quietLog }
      )
    )
    const run = value.runs[0]
    const answered = api.log.filter((r) => r.path.startsWith('/resources/')).length
    return {
      ms,
      detail:
        `${run?.requests ?? 0} requests (${answered} reached the sample API), ${run?.assertions ?? 0} assertions, ${value.assertionsFailed} failed, ` +
        `${value.findings.length} findings${run?.error ? `, error: ${run.error}` : ''}`
    }
  } finally {
    await rm(environment, { force: true })
    await api.close()
  }
}

/**
 * The emulator in a child process, so the step's peak memory is the client's alone and not the
 * stored copies of a 20 MB collection on the server side. Its collection body limit is raised to
 * 100 MB (the emulator's default is 10 MB, where real PUTs start failing): this step measures the
 * client on the largest corpus collection, not the server's refusal.
 */
async function startEmulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const cli = resolve(import.meta.dirname, '../emulator/cli.ts')
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--port', '0', '--rate-limit', '1000000/60000', '--list-rate-limit', '1000000/10000', '--collection-limit-mb', '100'],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const lines = createInterface({ input: child.stdout })
  for await (const line of lines) {
    const match = /^Postman API emulator: (\S+)/.exec(line)
    if (match) return { url: match[1]!, child }
  }
  throw new Error('the emulator process ended before printing its URL')
}

async function pushStep(file: string): Promise<Measured> {
  const { url, child } = await startEmulatorProcess()
  const client = createPostmanClient({
    apiKey: DEFAULT_API_KEY,
    baseUrl: url,
    limits: { perWindow: 1_000_000, windowMs: 60_000, listPerWindow: 1_000_000, listWindowMs: 10_000 }
  })
  try {
    const local = JSON.parse(await readFile(file, 'utf8')) as CollectionBody
    const bytes = Buffer.byteLength(JSON.stringify(local))
    const created = await time(() => client.createCollection('ws-main', mapItemIds(local, undefined, undefined)))
    // A second push of the same content, as sync does it: read the remote, map its item ids, PUT.
    const read = await time(() => client.tryGetCollection(created.value.uid))
    if (read.value === undefined) throw new Error('the created collection cannot be read back')
    const remote = read.value
    const updated = await time(() => client.updateCollection(created.value.uid, mapItemIds(local, remote, created.value.id)))
    const stats = client.stats()
    return {
      ms: created.ms + updated.ms,
      detail:
        `${(bytes / 1e6).toFixed(1)} MB body (compact JSON); create ${created.ms} ms, GET ${read.ms} ms, update ${updated.ms} ms; ` +
        `${stats.calls} calls, ${stats.retries} retries, ${stats.rateLimited} rate-limited`
    }
  } finally {
    client.close()
    child.kill('SIGTERM')
  }
}

const steps: Record<string, (file: string) => Promise<Measured>> = { validate: validateStep, diff: diffStep, run: runStep, push: pushStep }

const [name, file] = process.argv.slice(2)
const step = steps[name ?? '']
if (step === undefined || file === undefined) {
  console.error(`usage: scale-step.ts <${Object.keys(steps).join('|')}> <collection file>`)
  process.exit(2)
}
const result = await step(file)
console.log(JSON.stringify({ ms: result.ms, peakMiB: peakRssMiB(), detail: result.detail }))
// newman and keep-alive sockets may hold the event loop open; the measurement is done.
process.exit(0)
