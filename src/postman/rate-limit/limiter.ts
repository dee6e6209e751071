/**
 * Proactive pacing (pace before retrying, so a run alone on its key gets no 429): a token budget per rate window, one for all
 * calls and one for the stricter list endpoints, plus a bound on parallel calls.
 *
 * The model is Postman's: a fixed window opens at the first call and lasts `windowMs`. The limiter
 * never knows exactly when the server opened it, so it keeps an upper bound on the window's end:
 * every call counted in a window arrived after the window opened and before its answer came back,
 * so `answer time + windowMs` bounds the reset from above; a reset header does too. Waiting until the
 * lowest bound is safe (no 429) and, with the first answer of a window, within a round trip of the
 * true reset (full use of the allowed rate).
 *
 * Tokens: a window allows `limit` calls. Used = the larger of the calls sent in it and the count the
 * server last reported (`limit - remaining`) plus the calls still in flight, which it may not have
 * counted yet. Another client on the key shows up in the reported count.
 */
import type { Clock } from '../../util/clock.js'
import type { RateObservation } from './timing.js'

/** Which windows a call counts against: every call the per-minute one, list endpoints also their own (docs/postman-api.md). */
export type RouteClass = 'default' | 'list'

/** The windows the limiter starts from, before any header teaches it better. */
export interface PacingLimits {
  perWindow: number
  windowMs: number
  listPerWindow: number
  listWindowMs: number
}

/** One taken slot; `complete` must be called exactly once, with what the answer said. */
export interface Permit {
  complete(observation?: RateObservation): void
}

interface WindowState {
  sent: number
  inflight: number
  confirmedUsed: number
  /** Calls of the previous window still in flight, counted here too. */
  carried: number
  /** A 429 said: not before this. */
  notBefore?: number
  /** Upper bound of this window's end, once anything bounds it. */
  resetAt?: number
}

/** One rate window: `limit` calls per `windowMs`. Exported for tests. */
export class RateWindow {
  private state: WindowState = { sent: 0, inflight: 0, confirmedUsed: 0, carried: 0 }
  private open = false

  constructor(
    public limit: number,
    public windowMs: number
  ) {}

  /** Starts a new window when the current one has certainly ended. */
  roll(now: number): void {
    if (!this.open || this.state.resetAt === undefined || now < this.state.resetAt) return
    if (this.state.notBefore !== undefined && now < this.state.notBefore) return
    // Calls still in flight may be counted by the server in the new window: count them there too.
    const carried = this.state.inflight
    this.state = { sent: carried, inflight: carried, confirmedUsed: 0, carried }
    this.open = carried > 0
  }

  used(): number {
    return Math.max(this.state.sent, this.state.confirmedUsed + this.state.inflight)
  }

  hasToken(): boolean {
    return this.used() < this.limit
  }

  /** ms until the window certainly resets, or undefined while nothing bounds it yet. */
  waitMs(now: number): number | undefined {
    if (this.state.resetAt === undefined) return undefined
    return Math.max(0, this.state.resetAt - now, (this.state.notBefore ?? 0) - now)
  }

  take(): WindowState {
    this.open = true
    this.state.sent++
    this.state.inflight++
    return this.state
  }

  /** Records the end of a call taken in `taken`, answered at `now`. */
  complete(taken: WindowState, now: number, observation?: RateObservation): void {
    if (taken.inflight > 0) taken.inflight--
    // A call that began in an older window: its answer says nothing certain about this one.
    if (taken !== this.state) {
      if (this.state.carried > 0) {
        this.state.carried--
        this.state.inflight--
        // The server's count shows which window took it: more than we have sent in the new one
        // means the old one did, so it does not use a token of this one.
        const reported = observation?.remaining !== undefined ? this.limit - observation.remaining : undefined
        if (reported !== undefined && reported > this.state.sent && this.state.sent > 0) this.state.sent--
        // If the new window counted it, that window opened before now: bound it, or a window
        // filled only by carried calls would never be known to end.
        this.bound(now + this.windowMs)
      }
      return
    }
    this.learn(observation)
    this.bound(now + this.windowMs)
    if (observation?.remaining !== undefined) {
      this.state.confirmedUsed = Math.max(this.state.confirmedUsed, this.limit - observation.remaining)
    }
    if (observation?.resetInMs !== undefined) {
      // A reset beyond the window contradicts the window; the 429 path handles a server that means it.
      this.bound(now + Math.min(observation.resetInMs, this.windowMs))
    }
  }

  /** The server refused with a wait: nothing more until then. */
  block(until: number): void {
    this.open = true
    this.state.confirmedUsed = this.limit
    this.state.resetAt = until
    this.state.notBefore = until
  }

  private bound(at: number): void {
    this.state.resetAt = this.state.resetAt === undefined ? at : Math.min(this.state.resetAt, at)
  }

  /** Adopts the server's limit and window length when they differ from what we assumed. */
  private learn(observation?: RateObservation): void {
    if (observation?.limit !== undefined && observation.limit >= 1) this.limit = Math.floor(observation.limit)
    const w = observation?.windowMs
    // The policy header gives whole seconds: a 500 ms window shows as w=1. Only a real difference counts.
    if (w !== undefined && Math.ceil(this.windowMs / 1000) * 1000 !== w) this.windowMs = w
  }
}

/** Bounded concurrency plus the two windows. */
export class RateLimiter {
  readonly global: RateWindow
  readonly list: RateWindow
  private active = 0
  private readonly queue: Array<() => void> = []
  private changed!: Promise<void>
  private signal!: () => void

  constructor(
    private readonly clock: Clock,
    limits: PacingLimits,
    private readonly concurrency: number
  ) {
    this.global = new RateWindow(limits.perWindow, limits.windowMs)
    this.list = new RateWindow(limits.listPerWindow, limits.listWindowMs)
    this.renewSignal()
  }

  /** Waits for a concurrency slot and a token in every window the call counts against. */
  async acquire(routeClass: RouteClass): Promise<Permit> {
    await this.slot()
    try {
      const windows = routeClass === 'list' ? [this.global, this.list] : [this.global]
      for (;;) {
        const now = this.clock.now()
        for (const w of windows) w.roll(now)
        const blocked = windows.filter((w) => !w.hasToken())
        if (blocked.length === 0) {
          const taken = windows.map((w) => ({ w, state: w.take() }))
          return this.permit(routeClass, taken)
        }
        const waits = blocked.map((w) => w.waitMs(now))
        const changed = this.changed
        if (waits.every((x): x is number => x !== undefined)) {
          // Not raced with `changed`: a sleep cannot be cancelled, and a pending one would hold the
          // process open after the last call. Later answers only move a bound later, rarely earlier.
          await this.clock.sleep(Math.max(...waits))
        } else {
          // The window is full and no answer has bounded its end yet: wait for one.
          await changed
        }
      }
    } catch (err) {
      this.release()
      throw err
    }
  }

  /** After a 429: nobody calls in the windows of that class until `until`. */
  block(routeClass: RouteClass, until: number): void {
    ;(routeClass === 'list' ? this.list : this.global).block(until)
    this.notify()
  }

  private permit(routeClass: RouteClass, taken: Array<{ w: RateWindow; state: WindowState }>): Permit {
    let done = false
    return {
      complete: (observation) => {
        if (done) return
        done = true
        const now = this.clock.now()
        const target = routeClass === 'list' ? this.windowFor(observation) : this.global
        for (const { w, state } of taken) w.complete(state, now, w === target ? observation : undefined)
        this.release()
        this.notify()
      }
    }
  }

  /**
   * A list call's headers describe one of its two windows; the emulator and Postman show the
   * stricter list window. The limit tells which: whichever known limit it is nearer to.
   */
  private windowFor(observation?: RateObservation): RateWindow {
    const limit = observation?.limit
    if (limit === undefined) return this.list
    const distance = (w: RateWindow): number => Math.abs(Math.log(limit / w.limit))
    return distance(this.global) < distance(this.list) ? this.global : this.list
  }

  private async slot(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++
      return
    }
    await new Promise<void>((resolve) => this.queue.push(resolve))
  }

  private release(): void {
    const next = this.queue.shift()
    if (next) next()
    else this.active--
  }

  private notify(): void {
    const signal = this.signal
    this.renewSignal()
    signal()
  }

  private renewSignal(): void {
    this.changed = new Promise<void>((resolve) => (this.signal = resolve))
  }
}
