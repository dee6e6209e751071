import type { Clock } from '../../../src/util/clock.js'

/**
 * Time that moves only when someone sleeps: a sleep of `ms` moves "now" to at least its start plus
 * `ms`, after letting pending I/O callbacks run. Tests read `sleeps` to assert scheduled delays.
 * Parallel sleepers end at the latest of their targets, never earlier than their own.
 */
export class VirtualClock implements Clock {
  t: number
  readonly sleeps: number[] = []

  constructor(start = 1_700_000_000_000) {
    this.t = start
  }

  now(): number {
    return this.t
  }

  async sleep(ms: number): Promise<void> {
    const target = this.t + Math.max(0, ms)
    this.sleeps.push(ms)
    await new Promise((resolve) => setImmediate(resolve))
    this.t = Math.max(this.t, target)
  }
}
