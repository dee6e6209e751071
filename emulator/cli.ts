/**
 * `npm run emulator -- [flags]`: the Postman API emulator (and optionally the sample API) on
 * 127.0.0.1, for trying the action by hand. Prints the URL and the API key to use; stops on
 * SIGINT/SIGTERM.
 *
 * Flags: --port N (4010) · --rate-limit N/ms (300/60000) · --list-rate-limit N/ms (10/10000) ·
 * --monthly-limit N · --headers modern|legacy · --errors legacy|problem|mixed · --owner ID ·
 * --fault name=n (repeatable; status503Every, resetEvery, resetMidBodyEvery, lostCreateEvery,
 * appliedButErrorEvery, html504Every, stallEvery, delayMs) · --sample-api PORT (also start the
 * sample API, e.g. on 3000 for examples/environments/local.postman_environment.json) ·
 * --real-api (every observed-but-not-universal behaviour of the real API: `updatedAt` that stays
 * on item edits, mixed owner ids in uids; see docs/postman-api.md) · --collection-limit-mb N
 * (collection body limit in MB of 10^6 bytes; default 10) · --collection-limit-answer
 * size-error|html-504 (how an oversize collection body is answered).
 */
import { parseArgs } from 'node:util'
import type { EmulatorOptions, Faults } from './options.js'
import { DEFAULT_API_KEY, startEmulator } from './server.js'
import { startSampleApi } from './sample-api.js'

const FAULT_NAMES = new Set([
  'status503Every',
  'resetEvery',
  'resetMidBodyEvery',
  'lostCreateEvery',
  'appliedButErrorEvery',
  'html504Every',
  'stallEvery',
  'delayMs'
])

function parseLimit(flag: string, value: string | undefined): { limit: number; windowMs: number } | undefined {
  if (value === undefined) return undefined
  const m = /^(\d+)\/(\d+)$/.exec(value)
  if (!m) throw new Error(`${flag} must look like 300/60000 (calls/window ms), got "${value}"`)
  return { limit: Number(m[1]), windowMs: Number(m[2]) }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!allowed.includes(value as T)) throw new Error(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`)
  return value as T
}

function parseMb(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+(\.\d+)?$/.test(value)) throw new Error(`--collection-limit-mb must be a number of MB, got "${value}"`)
  return Number(value)
}

function parseFaults(values: string[] | undefined): Faults {
  const faults: Record<string, number> = {}
  for (const v of values ?? []) {
    const [name = '', n] = v.split('=')
    if (!FAULT_NAMES.has(name) || !/^\d+$/.test(n ?? '')) {
      throw new Error(`--fault must be name=n with name in ${[...FAULT_NAMES].join(', ')}, got "${v}"`)
    }
    faults[name] = Number(n)
  }
  return faults
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      'rate-limit': { type: 'string' },
      'list-rate-limit': { type: 'string' },
      'monthly-limit': { type: 'string' },
      headers: { type: 'string' },
      errors: { type: 'string' },
      owner: { type: 'string' },
      fault: { type: 'string', multiple: true },
      'sample-api': { type: 'string' },
      'real-api': { type: 'boolean' },
      'collection-limit-mb': { type: 'string' },
      'collection-limit-answer': { type: 'string' }
    }
  })
  const options: EmulatorOptions = {
    port: Number(values.port),
    rateLimit: parseLimit('--rate-limit', values['rate-limit']),
    listRateLimit: parseLimit('--list-rate-limit', values['list-rate-limit']),
    monthlyLimit: values['monthly-limit'] === undefined ? undefined : Number(values['monthly-limit']),
    headerDialect: oneOf('--headers', values.headers, ['modern', 'legacy'] as const),
    errorFamily: oneOf('--errors', values.errors, ['legacy', 'problem', 'mixed'] as const),
    ownerId: values.owner,
    faults: parseFaults(values.fault),
    realApi: values['real-api'],
    collectionBodyLimitMb: parseMb(values['collection-limit-mb']),
    collectionBodyLimitAnswer: oneOf('--collection-limit-answer', values['collection-limit-answer'], ['size-error', 'html-504'] as const)
  }
  const emulator = await startEmulator(options)
  const sample = values['sample-api'] === undefined ? undefined : await startSampleApi({ port: Number(values['sample-api']) })

  console.log(`Postman API emulator: ${emulator.url}`)
  // The emulator's own fixed test key, not a secret: printing it is the point.
  console.log(`API key:               ${DEFAULT_API_KEY}`)
  console.log('Workspaces:            ws-main (default for creates), ws-other')
  if (sample) console.log(`Sample API:            ${sample.url}`)
  console.log('Ctrl-C to stop.')

  const stop = async (): Promise<void> => {
    await Promise.all([emulator.close(), sample?.close()])
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
