/**
 * Reading Postman's rate headers (docs/postman-api.md). Pure: headers and "now" in, numbers out.
 * The header set varies by endpoint and era, so every reader copes with any subset, with
 * contradictory values and with nonsense (negative, absurd, non-numeric), which it ignores.
 */
import { scalarText } from '../../util/scalar-text.js'

/** Response headers as axios and Node give them: lower-case names, string or string[] values. */
export type Headers = Record<string, unknown>

/** What one response says about a rate window. Absent fields were absent or unusable. */
export interface RateObservation {
  limit?: number
  remaining?: number
  /** Milliseconds from the response until the window resets. */
  resetInMs?: number
  /** Window length from `RateLimit-Policy: 300;w=60`. */
  windowMs?: number
}

/** The monthly quota from `*-Limit-Month` / `*-Remaining-Month` (docs/postman-api.md). */
export interface MonthObservation {
  limit?: number
  remaining?: number
}

/** Longest wait or window any header may claim before we call it absurd: one day. */
const MAX_PLAUSIBLE_MS = 24 * 60 * 60 * 1000

/** The first value of a header, trimmed, or undefined. Names are matched case-insensitively. */
export function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted) continue
    const first: unknown = Array.isArray(v) ? v[0] : v
    if (first === undefined || first === null) return undefined
    const s = scalarText(first).trim()
    return s === '' ? undefined : s
  }
  return undefined
}

/** A non-negative finite number, or undefined. `"12abc"`, `"-1"`, `"NaN"` are all undefined. */
export function nonNegative(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw)) return undefined
  const n = Number(raw)
  return Number.isFinite(n) ? n : undefined
}

/**
 * A reset value as milliseconds from `now`: above 1e12 it is epoch ms, above 1e9 epoch seconds,
 * otherwise a delta in seconds (Postman's docs leave the unit ambiguous; docs/postman-api.md). A reset in the past gives 0; an absurd
 * one (beyond a day) gives undefined, so a caller falls back to what it knows.
 */
export function resetToDelayMs(value: number, now: number): number | undefined {
  let ms: number
  if (value > 1e12) ms = value - now
  else if (value > 1e9) ms = value * 1000 - now
  else ms = value * 1000
  if (ms > MAX_PLAUSIBLE_MS) return undefined
  return Math.max(0, Math.ceil(ms))
}

/** `Retry-After` as delta seconds or an HTTP date, in ms from `now`. */
export function parseRetryAfterValue(raw: string | undefined, now: number): number | undefined {
  if (raw === undefined) return undefined
  // Unlike the reset headers, Retry-After means one thing, so a wait longer than any plausible
  // one is still what the server asks: the policy gives up at once on it. (Ignored, it used to
  // fall back to backoff, and the call was retried some 20 times over minutes.)
  const seconds = nonNegative(raw)
  if (seconds !== undefined) return Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(seconds * 1000))
  // Only a real HTTP date: Date.parse accepts too much (e.g. "1") on its own.
  if (!/[a-z]{3},? .*\d{2}:\d{2}/i.test(raw)) return undefined
  const at = Date.parse(raw)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

/** Fields of a structured `RateLimit: limit=300, remaining=12, reset=30` header. */
export function parseRateLimitField(raw: string | undefined, field: 'limit' | 'remaining' | 'reset'): number | undefined {
  if (raw === undefined) return undefined
  const match = new RegExp(`(?:^|[,;\\s])${field}\\s*=\\s*"?([^,;"\\s]+)`, 'i').exec(raw)
  return nonNegative(match?.[1])
}

/** `RateLimit-Policy: 300;w=60` → `{ limit: 300, windowMs: 60000 }`. */
export function parsePolicy(raw: string | undefined): { limit?: number; windowMs?: number } {
  if (raw === undefined) return {}
  // Several policies may be listed; the first is the one that applies to this call.
  const first = raw.split(',')[0] ?? ''
  const limit = nonNegative(first.split(';')[0]?.trim())
  const w = nonNegative(/;\s*w\s*=\s*(\d+(?:\.\d+)?)/i.exec(first)?.[1])
  const windowMs = w !== undefined && w > 0 && w * 1000 <= MAX_PLAUSIBLE_MS ? w * 1000 : undefined
  return { limit: limit !== undefined && limit > 0 ? limit : undefined, windowMs }
}

/**
 * The server-given wait on a 429, in ms from `now`: the first of `Retry-After`,
 * `X-RateLimit-RetryAfter`, `RetryAfter`, `RateLimit` `reset=`, `RateLimit-Reset`,
 * `X-RateLimit-Reset` that is usable (docs/postman-api.md). With `includeResets: false` only
 * the retry-after family counts: on a 503 the window's reset says nothing about the outage.
 */
export function serverRetryDelayMs(headers: Headers, now: number, options: { includeResets?: boolean } = {}): number | undefined {
  const retryAfter = parseRetryAfterValue(header(headers, 'retry-after'), now)
  if (retryAfter !== undefined) return retryAfter
  for (const name of ['x-ratelimit-retryafter', 'retryafter']) {
    const raw = header(headers, name)
    const seconds = nonNegative(raw)
    if (seconds !== undefined) {
      // Some servers put an epoch here; the magnitude rule tells.
      const ms = resetToDelayMs(seconds, now)
      if (ms !== undefined) return ms
    }
  }
  if (options.includeResets === false) return undefined
  const resets = [
    parseRateLimitField(header(headers, 'ratelimit'), 'reset'),
    nonNegative(header(headers, 'ratelimit-reset')),
    nonNegative(header(headers, 'x-ratelimit-reset'))
  ]
  for (const value of resets) {
    if (value === undefined) continue
    const ms = resetToDelayMs(value, now)
    if (ms !== undefined) return ms
  }
  return undefined
}

/**
 * What a response says about its rate window. Structured `RateLimit` wins over `RateLimit-*`,
 * which wins over `X-RateLimit-*`; a remaining above the limit is clamped (contradictory headers).
 * Delta resets are preferred over epoch ones: an epoch depends on both clocks agreeing.
 */
export function parseRateHeaders(headers: Headers, now: number): RateObservation {
  const structured = header(headers, 'ratelimit')
  const policy = parsePolicy(header(headers, 'ratelimit-policy'))
  const positive = (n: number | undefined): number | undefined => (n !== undefined && n > 0 ? n : undefined)
  const limit =
    positive(parseRateLimitField(structured, 'limit')) ??
    positive(nonNegative(header(headers, 'ratelimit-limit'))) ??
    positive(nonNegative(header(headers, 'x-ratelimit-limit'))) ??
    policy.limit
  let remaining =
    parseRateLimitField(structured, 'remaining') ?? nonNegative(header(headers, 'ratelimit-remaining')) ?? nonNegative(header(headers, 'x-ratelimit-remaining'))
  if (remaining !== undefined) remaining = Math.floor(remaining)
  if (remaining !== undefined && limit !== undefined && remaining > limit) remaining = limit
  const resetCandidates = [
    parseRateLimitField(structured, 'reset'),
    nonNegative(header(headers, 'ratelimit-reset')),
    nonNegative(header(headers, 'x-ratelimit-reset'))
  ]
  let resetInMs: number | undefined
  for (const value of resetCandidates) {
    if (value === undefined) continue
    const ms = resetToDelayMs(value, now)
    if (ms !== undefined) {
      resetInMs = ms
      break
    }
  }
  return { limit, remaining, resetInMs, windowMs: policy.windowMs }
}

/** The monthly quota headers, `RateLimit-*-Month` or `X-RateLimit-*-Month`. */
export function parseMonthHeaders(headers: Headers): MonthObservation {
  return {
    limit: nonNegative(header(headers, 'ratelimit-limit-month')) ?? nonNegative(header(headers, 'x-ratelimit-limit-month')),
    remaining: nonNegative(header(headers, 'ratelimit-remaining-month')) ?? nonNegative(header(headers, 'x-ratelimit-remaining-month'))
  }
}
