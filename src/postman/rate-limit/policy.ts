/**
 * The retry policy (the reactive layer under the limiter's pacing): given what one attempt produced, retry (and after how long) or
 * fail (and how). Pure and table-tested; the client only executes the decision.
 *
 * Who owns what: the limiter (`limiter.ts`) paces calls so that none should get a 429; this module
 * reacts when one does anyway (another client on the key), and owns 5xx, timeouts and resets.
 */
import { parseMonthHeaders, serverRetryDelayMs, type Headers } from './timing.js'

/** What one attempt produced. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Headers; postmanName?: string; postmanMessage?: string }
  /** No usable answer: `code` is e.g. ETIMEDOUT, ECONNRESET, ECONNREFUSED, TRUNCATED. */
  | { kind: 'network'; code: string; fatal?: boolean }

/** Bounds on retrying one call; all normalized by the client. */
export interface RetryLimits {
  /** Attempts after the first for 5xx and network failures. */
  maxRetries: number
  /** Total time for one call, retries and waits included. */
  maxRetryTimeMs: number
  /** Cap on one server-given wait; past it the call fails with a clear error. */
  maxRetryWaitMs: number
  /** First computed backoff step. */
  baseDelayMs: number
  /** Largest computed backoff step. */
  maxDelayMs: number
  /** 429s honoured for one call before giving up (a shared key that never frees up). */
  maxRateLimitedRetries: number
}

/** Where one call is in its retries. */
export interface RetryState {
  method: string
  /** Transient (5xx, network) retries made so far. */
  retries: number
  /** 429 retries made so far. */
  rateLimitedRetries: number
  /** ms since the call's first attempt. */
  elapsedMs: number
  now: number
}

export type FailureKind = 'quota' | 'rateLimitWaitTooLong' | 'rateLimitBudget' | 'server' | 'network' | 'notFound' | 'auth' | 'client'

export type Decision =
  | { action: 'retry'; delayMs: number; reason: string; serverGiven: boolean; rateLimited: boolean }
  /** A POST failed in a way that may have applied it: the client looks the name up before posting again. */
  | { action: 'reconcile'; delayMs: number; reason: string }
  | { action: 'fail'; kind: FailureKind; reason: string; retryAfterMs?: number }

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])

/** Whether a method can be sent twice with the effect of once (RFC 9110 §9.2.2). */
export const isIdempotent = (method: string): boolean => IDEMPOTENT.has(method.toUpperCase())

/** Full-jitter exponential backoff (AWS "Exponential Backoff and Jitter"): uniform in [0, cap]. */
export function backoffMs(retry: number, limits: Pick<RetryLimits, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const cap = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** Math.max(0, retry))
  const r = Math.min(1, Math.max(0, random()))
  return Math.round(cap * r)
}

/** Whether a 429 is the monthly quota rather than the per-minute limit (`serviceLimitExhausted`, docs/postman-api.md). */
export function isQuotaExhausted(outcome: AttemptOutcome): boolean {
  if (outcome.kind !== 'response' || outcome.status !== 429) return false
  if (outcome.postmanName?.toLowerCase() === 'servicelimitexhausted') return true
  return parseMonthHeaders(outcome.headers).remaining === 0
}

/** Whether the outcome is "not found": 404, or 400 `instanceNotFoundError`, which the API also sends for a GET (docs/postman-api.md). */
export function isNotFound(outcome: AttemptOutcome): boolean {
  if (outcome.kind !== 'response') return false
  if (outcome.status === 404) return true
  return outcome.status === 400 && /notfound/i.test(outcome.postmanName ?? '')
}

/** The decision for one failed attempt. 2xx never reaches here. */
export function decide(outcome: AttemptOutcome, state: RetryState, limits: RetryLimits, random: () => number): Decision {
  const budgetLeft = limits.maxRetryTimeMs - state.elapsedMs
  const method = state.method.toUpperCase()

  if (outcome.kind === 'response' && outcome.status === 429) {
    if (isQuotaExhausted(outcome)) return { action: 'fail', kind: 'quota', reason: 'monthly quota exhausted' }
    const given = serverRetryDelayMs(outcome.headers, state.now)
    // A 429 without timing: back off as for a 5xx, but at least a second, so the window can move.
    const delayMs = given ?? Math.max(1000, backoffMs(state.rateLimitedRetries, limits, random))
    if (delayMs > limits.maxRetryWaitMs) {
      return { action: 'fail', kind: 'rateLimitWaitTooLong', reason: `server asked to wait ${delayMs} ms`, retryAfterMs: delayMs }
    }
    if (given !== undefined && delayMs > budgetLeft) {
      return {
        action: 'fail',
        kind: 'rateLimitWaitTooLong',
        reason: `server asked to wait ${delayMs} ms, more than the ${Math.max(0, budgetLeft)} ms left`,
        retryAfterMs: delayMs
      }
    }
    if (state.rateLimitedRetries >= limits.maxRateLimitedRetries || delayMs > budgetLeft) {
      return { action: 'fail', kind: 'rateLimitBudget', reason: 'rate limited too long', retryAfterMs: delayMs }
    }
    // Any method: a 429 was refused before it was applied (docs/postman-api.md), so a POST is safe too.
    return { action: 'retry', delayMs, reason: 'rate limited', serverGiven: given !== undefined, rateLimited: true }
  }

  const transient = isTransient(outcome, method)
  if (!transient) {
    if (outcome.kind === 'response') {
      if (isNotFound(outcome)) return { action: 'fail', kind: 'notFound', reason: `HTTP ${outcome.status}` }
      if (outcome.status === 401 || outcome.status === 403) return { action: 'fail', kind: 'auth', reason: `HTTP ${outcome.status}` }
      return { action: 'fail', kind: 'client', reason: `HTTP ${outcome.status}` }
    }
    return { action: 'fail', kind: 'network', reason: outcome.code }
  }

  const kind: FailureKind = outcome.kind === 'network' ? 'network' : 'server'
  const reason = outcome.kind === 'network' ? outcome.code : `HTTP ${outcome.status}`
  if (state.retries >= limits.maxRetries) return { action: 'fail', kind, reason }
  // A 503 may say when to come back; that wins over computed backoff, without jitter.
  const given = outcome.kind === 'response' ? serverRetryDelayMs(outcome.headers, state.now, { includeResets: false }) : undefined
  // A server that says it is down for longer than this call may wait: give up now, not after
  // retries that cannot succeed.
  if (given !== undefined && (given > limits.maxRetryWaitMs || given > budgetLeft))
    return { action: 'fail', kind, reason: `${reason}, Retry-After ${Math.ceil(given / 1000)} s is longer than this step waits` }
  const usable = given
  const delayMs = usable ?? backoffMs(state.retries, limits, random)
  if (delayMs > budgetLeft) return { action: 'fail', kind, reason }
  if (!isIdempotent(method)) return { action: 'reconcile', delayMs, reason }
  return { action: 'retry', delayMs, reason, serverGiven: usable !== undefined, rateLimited: false }
}

/**
 * 5xx, 408, network failures and truncated bodies may pass; so does 409 "already in progress" on a
 * PUT (an async collection update still running, docs/postman-api.md). Everything else will not.
 */
function isTransient(outcome: AttemptOutcome, method: string): boolean {
  // Fatal: a bad certificate, a bad URL, a refused proxy: the same call would fail the same way.
  if (outcome.kind === 'network') return outcome.fatal !== true
  if (outcome.status >= 500 || outcome.status === 408) return true
  if (outcome.status === 409 && method === 'PUT') return /in progress/i.test(outcome.postmanMessage ?? '')
  return false
}
