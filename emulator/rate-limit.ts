/**
 * Fixed-window rate limits per API key, the monthly counter and the response headers that
 * describe them, in both dialects the API has sent (docs/postman-api.md). Rejected calls are not counted, so a
 * client that waits as told always recovers.
 */

/** A limit: `limit` calls per `windowMs`. */
export interface Limit {
  limit: number
  windowMs: number
}

/** The state of one bucket after a check. */
export interface WindowState {
  limit: number
  windowMs: number
  remaining: number
  /** Epoch ms at which the current window ends. */
  resetAt: number
}

/** One fixed window per key. */
export class FixedWindow {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    readonly spec: Limit,
    private readonly now: () => number
  ) {}

  private current(key: string): { start: number; count: number } {
    const now = this.now()
    let w = this.windows.get(key)
    if (!w || now >= w.start + this.spec.windowMs) {
      w = { start: now, count: 0 }
      this.windows.set(key, w)
    }
    return w
  }

  /** Whether one more call fits, without taking it. */
  peek(key: string): WindowState & { allowed: boolean } {
    const w = this.current(key)
    return { ...this.describe(w), allowed: w.count < this.spec.limit }
  }

  /** Counts one call (only for calls that were let through). */
  take(key: string): WindowState {
    const w = this.current(key)
    w.count++
    return this.describe(w)
  }

  private describe(w: { start: number; count: number }): WindowState {
    return {
      limit: this.spec.limit,
      windowMs: this.spec.windowMs,
      remaining: Math.max(0, this.spec.limit - w.count),
      resetAt: w.start + this.spec.windowMs
    }
  }

  reset(): void {
    this.windows.clear()
  }
}

/** Seconds until `resetAt`, rounded up, at least 1 while the window is still open. */
export function secondsUntil(resetAt: number, now: number): number {
  return Math.max(0, Math.ceil((resetAt - now) / 1000))
}

/**
 * The rate headers of one answer.
 * - modern: every header [RL] 2024-10-17 lists. `RateLimit-Reset` and the `reset=` field are
 *   deltas in seconds; `X-RateLimit-Reset` is epoch seconds, as the old docs define it. The client
 *   has to cope with both readings, and does so by magnitude (docs/postman-api.md).
 * - legacy: only `X-RateLimit-Limit/Remaining/Reset`, reset in epoch seconds ([G]).
 */
export function rateHeaders(dialect: 'modern' | 'legacy', w: WindowState, month: { limit: number; remaining: number }, now: number): Record<string, string> {
  const delta = secondsUntil(w.resetAt, now)
  const epochSeconds = String(Math.ceil(w.resetAt / 1000))
  if (dialect === 'legacy') {
    return {
      'X-RateLimit-Limit': String(w.limit),
      'X-RateLimit-Remaining': String(w.remaining),
      'X-RateLimit-Reset': epochSeconds
    }
  }
  const windowSeconds = Math.max(1, Math.ceil(w.windowMs / 1000))
  return {
    RateLimit: `limit=${w.limit}, remaining=${w.remaining}, reset=${delta}`,
    'RateLimit-Policy': `${w.limit};w=${windowSeconds}`,
    'RateLimit-Limit': String(w.limit),
    'RateLimit-Remaining': String(w.remaining),
    'RateLimit-Reset': String(delta),
    'X-RateLimit-Limit': String(w.limit),
    'X-RateLimit-Remaining': String(w.remaining),
    'X-RateLimit-Reset': epochSeconds,
    'RateLimit-Limit-Month': String(month.limit),
    'RateLimit-Remaining-Month': String(month.remaining),
    'X-RateLimit-Limit-Month': String(month.limit),
    'X-RateLimit-Remaining-Month': String(month.remaining)
  }
}

/** Headers a 429 adds: both names [S] and [RL] give, in seconds rounded up (at least 1). */
export function retryHeaders(retryAfterSeconds: number): Record<string, string> {
  const s = String(Math.max(1, retryAfterSeconds))
  return { 'Retry-After': s, 'X-RateLimit-RetryAfter': s, RetryAfter: s }
}
