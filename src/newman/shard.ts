/**
 * Shards (`shard: i/n`): deterministic slices of the collections, balanced by request count, so
 * a job matrix of n jobs runs every collection exactly once and the jobs take similar time.
 */
import type { Shard } from '../settings.js'

/** A collection with its weight. */
export interface ShardCandidate {
  path: string
  requests: number
}

/**
 * The repository-relative paths of slice `shard.index` (1-based) of `shard.total`.
 *
 * Greedy longest-first: collections sorted by request count (descending, then path), each one
 * put in the lightest slice so far (lowest index on ties). The result depends only on the paths
 * and counts, never on discovery order, so every job of a matrix computes the same partition.
 * The returned paths are sorted.
 */
export function selectShard(files: ShardCandidate[], shard: Shard): string[] {
  if (shard.total <= 1) return files.map((file) => file.path).sort(compareText)
  const sorted = [...files].sort((a, b) => b.requests - a.requests || compareText(a.path, b.path))
  const loads = new Array<number>(shard.total).fill(0)
  const slices: string[][] = Array.from({ length: shard.total }, () => [])
  for (const file of sorted) {
    // The first of the lowest loads: lowest index on ties. It indexes loads and slices, both
    // shard.total long.
    const lightest = loads.indexOf(Math.min(...loads))
    // A collection with no requests still costs a newman start; count it as one.
    loads[lightest]! += Math.max(1, file.requests)
    slices[lightest]!.push(file.path)
  }
  return (slices[shard.index - 1] ?? []).sort(compareText)
}

/** Code-unit order, the same on every machine (localeCompare depends on the runner's locale). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
