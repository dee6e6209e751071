import { describe, expect, it } from 'vitest'
import { RateLimiter, RateWindow, type Permit } from '../../src/postman/rate-limit/limiter.js'
import { VirtualClock } from './helpers/virtual-clock.js'

const limits = { perWindow: 3, windowMs: 1000, listPerWindow: 2, listWindowMs: 500 }

/** Starts `acquire` and reports whether it resolved after the pending callbacks ran. */
async function settled<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  let done = false
  let value: T | undefined
  void p.then((v) => {
    done = true
    value = v
  })
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r))
  return { done, value }
}

describe('RateWindow', () => {
  it('gives limit tokens, then bounds the reset by the first answer plus the window', () => {
    const w = new RateWindow(2, 1000)
    const a = w.take()
    const b = w.take()
    expect(w.hasToken()).toBe(false)
    expect(w.waitMs(0)).toBeUndefined() // nothing answered yet: no bound
    w.complete(a, 100)
    expect(w.waitMs(100)).toBe(1000)
    w.complete(b, 300)
    expect(w.waitMs(300)).toBe(800) // the earlier answer gives the lower bound
    w.roll(1099)
    expect(w.hasToken()).toBe(false)
    w.roll(1100)
    expect(w.hasToken()).toBe(true)
    expect(w.used()).toBe(0)
  })

  it('counts what the server reports, so another client on the key is seen', () => {
    const w = new RateWindow(10, 1000)
    const a = w.take()
    w.complete(a, 0, { limit: 10, remaining: 2 })
    expect(w.used()).toBe(8)
    w.take()
    w.take()
    expect(w.hasToken()).toBe(false)
  })

  it('counts calls in flight on top of the last reported count', () => {
    const w = new RateWindow(5, 1000)
    const a = w.take()
    w.take()
    w.take()
    w.complete(a, 0, { remaining: 2 }) // the server counted 3; two of ours are still in flight
    expect(w.used()).toBe(5)
  })

  it('adopts the limit and a different window from the headers', () => {
    const w = new RateWindow(300, 60_000)
    w.complete(w.take(), 0, { limit: 60, remaining: 59, windowMs: 10_000 })
    expect([w.limit, w.windowMs]).toEqual([60, 10_000])
    const scaled = new RateWindow(20, 500)
    scaled.complete(scaled.take(), 0, { limit: 20, remaining: 19, windowMs: 1000 }) // w=1 is 500 ms rounded up
    expect(scaled.windowMs).toBe(500)
  })

  it('takes the reset header when it is earlier, and clamps an absurd one to the window', () => {
    const w = new RateWindow(2, 1000)
    w.complete(w.take(), 0, { remaining: 0, resetInMs: 200 })
    expect(w.waitMs(0)).toBe(200)
    const v = new RateWindow(2, 1000)
    v.complete(v.take(), 0, { remaining: 0, resetInMs: 50_000 })
    expect(v.waitMs(0)).toBe(1000)
  })

  it('a 429 block holds until the server says, even if answers bound the window earlier', () => {
    const w = new RateWindow(5, 1000)
    const a = w.take()
    w.block(3000)
    w.complete(a, 10)
    w.roll(1500)
    expect(w.hasToken()).toBe(false)
    expect(w.waitMs(1500)).toBe(1500)
    w.roll(3000)
    expect(w.hasToken()).toBe(true)
  })

  it('carries calls still in flight into the next window', () => {
    const w = new RateWindow(2, 1000)
    const a = w.take()
    const b = w.take()
    w.complete(a, 0)
    w.roll(1000)
    expect(w.used()).toBe(1) // b may land in the new window
    w.complete(b, 1001)
    expect(w.used()).toBe(1) // no headers: it may have been counted here
    expect(w.hasToken()).toBe(true)
  })

  it('a window filled only by carried calls still ends (no hang)', () => {
    const w = new RateWindow(3, 1000)
    const calls = [w.take(), w.take(), w.take()]
    w.block(500) // a 429 elsewhere, while all three are in flight
    w.roll(500)
    expect(w.hasToken()).toBe(false) // all three carried: they may land in the new window
    expect(w.waitMs(500)).toBeUndefined()
    for (const c of calls) w.complete(c, 510) // no headers: cannot tell which window took them
    expect(w.hasToken()).toBe(false)
    expect(w.waitMs(510)).toBe(1000) // but the window is bounded, so the limiter wakes
    w.roll(1510)
    expect(w.hasToken()).toBe(true)
  })

  it('gives a carried call back when its answer shows the old window counted it', () => {
    const w = new RateWindow(3, 1000)
    const a = w.take()
    w.take()
    const c = w.take()
    w.complete(a, 0, { remaining: 2 })
    w.roll(1000)
    expect(w.used()).toBe(2)
    w.complete(c, 1001, { remaining: 0 }) // 3 counted: more than the 2 we sent here, so the old window
    expect(w.used()).toBe(1)
  })
})

describe('RateLimiter', () => {
  it('sleeps until the bounded reset when the window is used up, and never earlier', async () => {
    const clock = new VirtualClock(0)
    const limiter = new RateLimiter(clock, limits, 10)
    const permits: Permit[] = []
    for (let i = 0; i < 3; i++) permits.push(await limiter.acquire('default'))
    const fourth = limiter.acquire('default')
    expect((await settled(fourth)).done).toBe(false) // full, and no answer yet bounds the window
    clock.t = 40
    permits[0]!.complete()
    const p = await fourth
    expect(clock.now()).toBe(1040) // first answer at 40 + window 1000
    expect(clock.sleeps).toEqual([1000])
    p.complete()
  })

  it('wakes when the server says the window is empty (remaining 0, reset soon)', async () => {
    const clock = new VirtualClock(0)
    const limiter = new RateLimiter(clock, limits, 10)
    const first = await limiter.acquire('default')
    first.complete({ limit: 3, remaining: 0, resetInMs: 250 })
    await limiter.acquire('default')
    expect(clock.now()).toBe(250)
  })

  it('bounds concurrency', async () => {
    const clock = new VirtualClock(0)
    const limiter = new RateLimiter(clock, { ...limits, perWindow: 100 }, 2)
    const a = await limiter.acquire('default')
    await limiter.acquire('default')
    const third = limiter.acquire('default')
    expect((await settled(third)).done).toBe(false)
    a.complete()
    expect((await settled(third)).done).toBe(true)
  })

  it('list calls use both windows; their headers teach the list window', async () => {
    const clock = new VirtualClock(0)
    const limiter = new RateLimiter(clock, limits, 10)
    const a = await limiter.acquire('list')
    a.complete({ limit: 2, remaining: 1 })
    const b = await limiter.acquire('list')
    b.complete({ limit: 2, remaining: 0 })
    expect(limiter.global.used()).toBe(2)
    expect(limiter.list.used()).toBe(2)
    // A default call still fits (global 2 of 3); a third list call waits for the list window.
    ;(await limiter.acquire('default')).complete()
    await limiter.acquire('list')
    expect(clock.now()).toBe(1000) // the global window is full too by then: 3 of 3 until 1000
    expect(limiter.list.limit).toBe(2)
  })

  it('a list answer carrying the global limit is applied to the global window', async () => {
    const clock = new VirtualClock(0)
    const limiter = new RateLimiter(clock, { perWindow: 300, windowMs: 60_000, listPerWindow: 10, listWindowMs: 10_000 }, 4)
    ;(await limiter.acquire('list')).complete({ limit: 300, remaining: 100 })
    expect(limiter.global.used()).toBe(200)
    expect(limiter.list.used()).toBe(1)
  })

  it('block() after a 429 makes every caller wait', async () => {
    const clock = new VirtualClock(0)
    const limiter = new RateLimiter(clock, { ...limits, perWindow: 100 }, 10)
    const a = await limiter.acquire('default')
    limiter.block('default', 5000)
    a.complete()
    await limiter.acquire('default')
    expect(clock.now()).toBe(5000)
  })
})
