import { describe, expect, it } from 'vitest'
import { schemaVersion, toV21 } from '../../src/content/convert.js'
import { collectionsEqual } from '../../src/content/normalize.js'
import { clone, col, loadJson, req } from './helpers.js'

const COMMERCETOOLS = 'files/corpus/collections/commercetools__commercetools-postman-collection__checkout_collection.json'
const NEWMAN_BOM = 'files/corpus/odd/postmanlabs__newman__bom-in-collection-file.postman_collection.json'

/** Every `id` on items and responses, walking the tree. */
function itemIds(list: unknown): string[] {
  if (!Array.isArray(list)) return []
  return list.flatMap((el: Record<string, unknown>) => [...(typeof el.id === 'string' ? [el.id] : []), ...itemIds(el.item), ...itemIds(el.response)])
}

describe('toV21', () => {
  it.each([
    ['https://schema.getpostman.com/json/collection/v2.1.0/collection.json', '2.1.0'],
    ['https://schema.postman.com/json/collection/v2.1.0/', '2.1.0'],
    ['https://schema.getpostman.com/json/collection/v2.0.0/collection.json', '2.0.0'],
    ['', undefined]
  ])('reads the version of schema %j', (schema, version) => {
    expect(schemaVersion({ info: { name: 'x', schema } })).toBe(version)
  })

  it('returns a v2.1.0 collection as it is', () => {
    const c = col([req('a')])
    expect(toV21(c)).toBe(c)
  })

  it('converts a real v2.0.0 collection: schema, auth attributes as arrays, no invented ids', () => {
    const source = loadJson(COMMERCETOOLS)
    const before = clone(source)
    const out = toV21(source)
    expect(source).toEqual(before) // the input is not modified
    expect(out.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json')
    expect(out.info._postman_id).toBe(before.info._postman_id) // the file's own id is kept
    expect(Array.isArray((out.auth as { oauth2: unknown }).oauth2)).toBe(true)
    expect(itemIds(out.item)).toEqual([]) // the transformer invents ids; none survive
    expect(out.item.length).toBe(before.item.length)
  })

  it('is deterministic: converting twice gives the same body', () => {
    expect(toV21(loadJson(NEWMAN_BOM))).toEqual(toV21(loadJson(NEWMAN_BOM)))
    expect(toV21(loadJson(NEWMAN_BOM)).info._postman_id).toBeUndefined()
  })

  it('keeps item ids the v2.0.0 file carries', () => {
    const c = {
      info: { name: 'v2', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' },
      item: [{ id: 'keep-me', name: 'a', request: { url: 'https://x.test/a', method: 'GET' } }]
    }
    expect(itemIds(toV21(c).item)).toEqual(['keep-me'])
  })

  it('a v2.0.0 file compares equal to its v2.1.0 form', () => {
    for (const f of [COMMERCETOOLS, NEWMAN_BOM]) {
      const v20 = loadJson(f)
      expect(collectionsEqual(v20, toV21(loadJson(f)))).toBe(true)
    }
  })

  it('rejects a v1 collection', () => {
    expect(() => toV21({ id: 'x', name: 'v1', order: [], requests: [] })).toThrow(/v1/)
  })
})
