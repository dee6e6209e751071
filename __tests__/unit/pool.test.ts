/** The one worker pool (src/util/pool.ts) the runs and the sync's writes share. */
import { describe, expect, it } from 'vitest'
import { forEachInPool, pool } from '../../src/util/pool.js'

/** A task whose completion the test controls, recording how many ran at once. */
function gate() {
  let running = 0
  let peak = 0
  const waiting: Array<() => void> = []
  const task = async (item: number): Promise<number> => {
    running++
    peak = Math.max(peak, running)
    await new Promise<void>((resolve) => waiting.push(resolve))
    running--
    return item * 10
  }
  const releaseAll = async (): Promise<void> => {
    while (waiting.length > 0 || running > 0) {
      waiting.splice(0).forEach((release) => release())
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  return { task, releaseAll, peak: () => peak }
}

describe('pool', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    const g = gate()
    const done = pool([5, 1, 4, 2, 3], 2, g.task)
    await g.releaseAll()
    expect(await done).toEqual([50, 10, 40, 20, 30])
    expect(g.peak()).toBe(2)
  })

  it('runs with one worker for a limit below one, and returns nothing for no items', async () => {
    const g = gate()
    const done = pool([1, 2, 3], 0, g.task)
    await g.releaseAll()
    expect(await done).toEqual([10, 20, 30])
    expect(g.peak()).toBe(1)
    expect(await pool([], 4, g.task)).toEqual([])
  })

  it('starts no further item once stop() says so', async () => {
    const started: number[] = []
    let stop = false
    await forEachInPool(
      [0, 1, 2, 3, 4],
      1,
      (item) => {
        started.push(item)
        if (item === 1) stop = true
        return Promise.resolve()
      },
      () => stop
    )
    expect(started).toEqual([0, 1])
  })
})
