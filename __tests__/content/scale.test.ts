/**
 * Correctness at the size the scale target names (10,000 requests, ≈ 50 MB; docs/architecture.md#performance-targets). Time is measured by the
 * benchmark, never asserted here; these check that indexing by path gives the right answer at scale.
 */
import { describe, expect, it } from 'vitest'
import { generateCollection } from '../fixtures/generate-large-collection.js'
import type { CollectionBody } from '../../src/postman/api.js'
import { diffCollections, isEmptyDiff } from '../../src/content/diff.js'
import { mapItemIds } from '../../src/content/id-map.js'
import { collectionsEqual } from '../../src/content/normalize.js'
import { col, req } from './helpers.js'

type Rec = Record<string, unknown>

/** The generated collection as the server would return it: an id on every folder and request. */
function withServerIds(c: CollectionBody): CollectionBody {
  const copy = structuredClone(c)
  let n = 0
  const walk = (list: unknown[]): void => {
    for (const el of list as Rec[]) {
      el.id = `srv-${n++}`
      if (Array.isArray(el.item)) walk(el.item)
    }
  }
  walk(copy.item)
  return copy
}

describe('10,000 requests', () => {
  const local = generateCollection(10_000) as CollectionBody
  const remote = withServerIds(local)

  it('compares equal to its stored form, diffs empty, and maps every id', () => {
    expect(collectionsEqual(local, remote)).toBe(true)
    expect(isEmptyDiff(diffCollections(remote, local))).toBe(true)
    const mapped = mapItemIds(local, remote, 'target')
    const last = (mapped.item.at(-1) as Rec).item as Rec[]
    expect(last.at(-1)?.id).toBe('srv-10199') // 200 folders + 10,000 requests, depth first
  })

  it('finds the one changed request among 10,000', () => {
    const edited = structuredClone(local)
    const target = ((edited.item[150] as Rec).item as Rec[])[42]
    ;(target!.request as Rec).method = 'DELETE'
    expect(diffCollections(remote, edited)).toEqual({
      added: [],
      removed: [],
      changed: [{ path: 'Folder 150/Request 7542', aspects: ['method'] }],
      collection: []
    })
  })
})

describe('thousands of requests with one name', () => {
  it('pairs them by method, then order', () => {
    const many = (n: number): Rec[] => Array.from({ length: n }, (_, i) => req('Same', i % 2 === 0 ? 'GET' : 'POST', { url: `https://x.test/${i}` }))
    const remote = col(many(4000).map((r, i) => ({ ...r, id: `r${i}` })))
    const local = col(many(4001))
    const ids = mapItemIds(local, remote, 'x').item.map((i) => (i as Rec).id)
    expect(ids.slice(0, 4)).toEqual(['r0', 'r1', 'r2', 'r3'])
    expect(ids[3999]).toBe('r3999')
    expect(ids[4000]).toBeUndefined()
    expect(diffCollections(remote, local).added).toEqual(['Same [GET #2001]'])
  })
})
