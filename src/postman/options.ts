/**
 * The client's options and their defaults, filled in one place so no other module re-defaults.
 */
import type { Clock } from '../util/clock.js'
import { systemClock } from '../util/clock.js'
import type { PacingLimits } from './rate-limit/limiter.js'

/** Options of `createPostmanClient`; every optional field has the default its JSDoc gives. */
export interface ClientOptions {
  apiKey: string
  /** `https://api.postman.com`, `https://api.eu.postman.com`, or a loopback emulator. */
  baseUrl: string
  /** Default: the system clock. */
  clock?: Clock
  /** Per-request inactivity timeout; default 60000. */
  requestTimeoutMs?: number
  /** Cap on one server-given wait; past it a clear error. Default 120000. */
  maxRetryWaitMs?: number
  /** Retries of 5xx/network failures per call; default 5. */
  maxRetries?: number
  /** Total time budget for the retries of one call; default 300000. */
  maxRetryTimeMs?: number
  /** Parallel calls; default 4. */
  concurrency?: number
  /** PUT collection with `Prefer: respond-async` above this many bytes; default 10 MB. */
  asyncUpdateAboveBytes?: number
  /** Pacing before any header is seen; default 300 per 60000 ms, lists 10 per 10000 ms: Postman's documented limits (docs/postman-api.md). */
  limits?: PacingLimits
  logger?: { debug(msg: string): void; info(msg: string): void; warning(msg: string): void }
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number
  /** First step of computed backoff; default 1000 ms (steps double up to `maxBackoffMs`). */
  retryBaseDelayMs?: number
  /** Largest computed backoff step; default 30000 ms. */
  maxBackoffMs?: number
  /** Where `HTTPS_PROXY`/`NO_PROXY` are read; default `process.env`. */
  env?: Record<string, string | undefined>
  /** Extra trusted CA certificates (PEM); default none. */
  ca?: string | Buffer
}

export type Resolved = Required<Omit<ClientOptions, 'ca' | 'clock' | 'logger' | 'random' | 'env'>> & {
  clock: Clock
  logger: NonNullable<ClientOptions['logger']>
  random: () => number
  env: Record<string, string | undefined>
  ca?: string | Buffer
}

const silent = { debug: () => {}, info: () => {}, warning: () => {} }

/** Fills every default in one place, so no `?? default` is scattered through the client. */
export function resolveOptions(options: ClientOptions): Resolved {
  const positive = (n: number | undefined, fallback: number): number => (n !== undefined && Number.isFinite(n) && n >= 0 ? n : fallback)
  return {
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    clock: options.clock ?? systemClock,
    requestTimeoutMs: positive(options.requestTimeoutMs, 60_000),
    maxRetryWaitMs: positive(options.maxRetryWaitMs, 120_000),
    maxRetries: positive(options.maxRetries, 5),
    maxRetryTimeMs: positive(options.maxRetryTimeMs, 300_000),
    concurrency: Math.max(1, Math.floor(positive(options.concurrency, 4))),
    asyncUpdateAboveBytes: positive(options.asyncUpdateAboveBytes, 10 * 1024 * 1024),
    limits: options.limits ?? { perWindow: 300, windowMs: 60_000, listPerWindow: 10, listWindowMs: 10_000 },
    logger: options.logger ?? silent,
    random: options.random ?? Math.random,
    retryBaseDelayMs: positive(options.retryBaseDelayMs, 1000),
    maxBackoffMs: positive(options.maxBackoffMs, 30_000),
    env: options.env ?? process.env,
    ca: options.ca
  }
}
