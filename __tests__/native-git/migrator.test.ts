/**
 * The converter against Postman's own: each tree under `fixtures/native-git/migrated/` is what
 * `postman collection migrate` (postman-cli 1.34.0) wrote for a v2.1 collection of the corpus.
 * Converting it back must give the original, after normalization and after allowing for what the
 * migrator itself drops (each listed, with its reason, in `migrator-differences.ts`).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { convertV3Collection } from '../../src/content/native-git/convert-collection.js'
import { readV3Collection } from '../../src/discovery/native-git/read-collection.js'
import type { CollectionBody } from '../../src/postman/api.js'
import { normalizeCollection } from '../../src/content/normalize.js'
import { applyMigratorLosses } from './migrator-differences.js'
import { NATIVE_GIT } from './helpers.js'

const ORIGINALS = new URL('../fixtures/files/corpus/collections/', import.meta.url)
const MIGRATED = `${NATIVE_GIT}migrated/`

const comparable = (body: CollectionBody, original: boolean): unknown =>
  applyMigratorLosses(normalizeCollection((original ? applyMigratorLosses(body, true) : body) as CollectionBody), false)

const countRequests = (items: unknown[]): number =>
  (items as Array<{ item?: unknown[] }>).reduce((n, i) => n + (Array.isArray(i.item) ? countRequests(i.item) : 1), 0)

describe('convertV3Collection equals the original of what the official migrator wrote', () => {
  const names = readdirSync(MIGRATED).sort()

  it('covers at least ten collections', () => {
    expect(names.length).toBeGreaterThanOrEqual(10)
  })

  it.each(names)('%s', async (name) => {
    const original = JSON.parse(readFileSync(new URL(`${name}.json`, ORIGINALS), 'utf8')) as CollectionBody
    const { tree, findings } = await readV3Collection(`${MIGRATED}${name}`, { relativeTo: MIGRATED })
    expect(findings.filter((f) => f.level !== 'notice')).toEqual([])
    const { collection } = convertV3Collection(tree)
    expect(countRequests(collection.item)).toBe(countRequests(original.item))
    expect(comparable(collection, false)).toEqual(comparable(original, true))
  })
})
