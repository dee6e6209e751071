/**
 * Hand-written storage forms (`__tests__/fixtures/content/storage/README.md`): what a GET returns after a push must compare equal
 * to the committed file, and a real change on either side must still show.
 */
import { describe, expect, it } from 'vitest'
import { diffCollections, isEmptyDiff } from '../../src/content/diff.js'
import { mapItemIds } from '../../src/content/id-map.js'
import { collectionsEqual } from '../../src/content/normalize.js'
import { clone, loadJson } from './helpers.js'

const PAIRS = ['pets', 'flat-url']

describe.each(PAIRS)('storage form %s', (name) => {
  const local = loadJson(`content/storage/${name}.local.json`)
  const stored = loadJson(`content/storage/${name}.stored.json`)

  it('compares equal to the committed file, with an empty diff both ways', () => {
    expect(collectionsEqual(local, stored)).toBe(true)
    expect(isEmptyDiff(diffCollections(stored, local))).toBe(true)
    expect(isEmptyDiff(diffCollections(local, stored))).toBe(true)
  })

  it('still sees an edit made in Postman', () => {
    const edited = clone(stored)
    const first = (edited.item as Array<Record<string, unknown>>)[0]
    first!.name = `${String(first!.name)} (edited)`
    expect(collectionsEqual(local, edited)).toBe(false)
    expect(isEmptyDiff(diffCollections(edited, local))).toBe(false)
  })

  it('maps every stored id back onto the local items', () => {
    const body = mapItemIds(local, stored, String(stored.info._postman_id))
    const ids = (list: unknown): string[] =>
      Array.isArray(list) ? list.flatMap((el: Record<string, unknown>) => [String(el.id), ...ids(el.item), ...ids(el.response)]) : []
    expect(ids(body.item).sort()).toEqual(ids(stored.item).sort())
    expect(body.info._postman_id).toBe(stored.info._postman_id)
  })
})
