/**
 * Time as a dependency, so tests assert scheduled delays instead of measuring wall-clock time
 * (octokit's `retryAfterBaseValue`, checkout's `RetryHelper(3, 0, 0)`).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms` milliseconds (never negative). */
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}
