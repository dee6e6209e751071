/**
 * Deterministic fault injection: every "every n-th" switch counts the calls it applies to, in
 * arrival order, so a test knows exactly which call fails.
 */
import type { Faults } from './options.js'

/** The faults that fire on one call. */
export interface FiredFaults {
  stall: boolean
  reset: boolean
  status503: boolean
  html504: boolean
  resetMidBody: boolean
  lostCreate: boolean
  appliedButError: boolean
}

type Counted = 'stallEvery' | 'resetEvery' | 'status503Every' | 'html504Every' | 'resetMidBodyEvery' | 'lostCreateEvery' | 'appliedButErrorEvery'

export class FaultPlan {
  private counters = new Map<Counted, number>()

  constructor(private faults: Faults) {}

  /** Replaces the switches and restarts the counts, so "every n-th" counts from the switch. */
  set(faults: Faults): void {
    this.faults = faults
    this.reset()
  }

  reset(): void {
    this.counters.clear()
  }

  get delayMs(): number {
    return this.faults.delayMs ?? 0
  }

  get asyncTaskFails(): boolean {
    return this.faults.asyncTaskFails === true
  }

  /** Decides the faults of one call (and advances the counters). */
  decide(call: { method: string; path: string; create: boolean }): FiredFaults {
    const eligible = this.faults.only ? this.faults.only({ method: call.method, path: call.path }) : true
    const tick = (key: Counted, applies: boolean): boolean => {
      const n = this.faults[key]
      if (!eligible || !applies || n === undefined || n <= 0) return false
      const count = (this.counters.get(key) ?? 0) + 1
      this.counters.set(key, count)
      return count % n === 0
    }
    return {
      stall: tick('stallEvery', true),
      reset: tick('resetEvery', true),
      status503: tick('status503Every', true),
      html504: tick('html504Every', true),
      resetMidBody: tick('resetMidBodyEvery', true),
      lostCreate: tick('lostCreateEvery', call.create),
      appliedButError: tick('appliedButErrorEvery', call.method === 'PUT')
    }
  }
}
