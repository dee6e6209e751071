/**
 * The one worker pool: at most `limit` tasks at a time, in input order. Small on purpose, and not
 * `p-limit`: the sync must stop starting writes once the monthly quota is gone and report the rest
 * as not started, and p-limit's way to drop queued tasks (`clearQueue`) leaves their promises
 * pending forever; a pool that simply stops taking items needs no dependency in the bundle.
 */

/** Calls `task` for each item, at most `limit` at once; once `stop()` is true no further item starts. */
export async function forEachInPool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  stop: () => boolean = () => false
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (!stop() && next < items.length) {
      const index = next++
      await task(items[index] as T, index)
    }
  }
  const workers = Math.max(1, Math.min(Math.floor(limit), items.length))
  await Promise.all(Array.from({ length: workers }, worker))
}

/** `task` over `items`, at most `limit` at once; the results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  await forEachInPool(items, limit, async (item, index) => {
    results[index] = await task(item)
  })
  return results
}
