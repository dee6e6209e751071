/**
 * Collection Format v2.0.0 → v2.1.0, with Postman's own `postman-collection-transformer`,
 * so a converted file is what Postman itself would make of it.
 *
 * The transformer has no direct 2.0.0 → 2.1.0 path; like Postman's tooling it goes through v1
 * (2.0.0 → 1.0.0 → 2.1.0). On the way it invents ids for every item and for `info._postman_id`
 * when the file has none. Those are random, so they are removed again: the result is a pure
 * function of the file, and an invented id can never be sent to the API as if it were known.
 */
import transformer from 'postman-collection-transformer'
import type { CollectionBody } from '../model/resources.js'
import { ActionError } from '../errors.js'
import { scalarText } from '../util/scalar-text.js'

const SCHEMA_VERSION = /\/v(\d+\.\d+\.\d+)\//

/** The Collection Format version `info.schema` names (`'2.1.0'`, `'2.0.0'`), if any. */
export function schemaVersion(collection: object): string | undefined {
  const info = (collection as { info?: { schema?: unknown } }).info
  const schema = typeof info?.schema === 'string' ? info.schema : ''
  return SCHEMA_VERSION.exec(`${schema}/`)?.[1]
}

/**
 * The collection in v2.1.0 form. A v2.0.0 collection is converted (a new object; ids the file did
 * not carry are not added); anything else that has an `info` is returned as it is. A v1 collection
 * (no `info`) throws: the action rejects those at validation (`collection-file.ts`).
 */
export function toV21(collection: object): CollectionBody {
  const version = schemaVersion(collection)
  if (version === undefined && transformer.isv1(collection)) {
    throw new ActionError('This is a Collection Format v1 collection; export it again from Postman as v2.1.0.')
  }
  if (version === undefined || !version.startsWith('2.0.')) return collection as CollectionBody

  const known = knownIds(collection)
  const v1 = runConvert(collection, '2.0.0', '1.0.0')
  const v21 = runConvert(v1, '1.0.0', '2.1.0') as CollectionBody
  if (typeof (collection as CollectionBody).info?._postman_id !== 'string') delete v21.info._postman_id
  dropInventedIds(v21.item, known)
  return v21
}

function runConvert(collection: object, inputVersion: string, outputVersion: string): object {
  let out: object | undefined
  let failure: Error | null = null
  transformer.convert(collection, { inputVersion, outputVersion, retainIds: true }, (error, result) => {
    failure = error
    out = result
  })
  if (failure !== null || out === undefined) {
    const reason = failure === null ? 'no result' : (failure as Error).message
    throw new ActionError(`Could not convert the collection from v${inputVersion} to v${outputVersion}: ${reason}`)
  }
  return out
}

/** Ids of items and saved responses (and `info._postman_id`) as the file carries them. */
function knownIds(collection: object): Set<string> {
  const ids = new Set<string>()
  const info = (collection as { info?: { _postman_id?: unknown } }).info
  if (typeof info?._postman_id === 'string') ids.add(info._postman_id)
  const walk = (list: unknown): void => {
    if (!Array.isArray(list)) return
    for (const el of list) {
      if (el === null || typeof el !== 'object') continue
      const rec = el as Record<string, unknown>
      if (typeof rec.id === 'string') ids.add(rec.id)
      walk(rec.item)
      walk(rec.response)
    }
  }
  walk((collection as { item?: unknown }).item)
  return ids
}

function dropInventedIds(list: unknown, known: Set<string>): void {
  if (!Array.isArray(list)) return
  for (const el of list) {
    if (el === null || typeof el !== 'object') continue
    const rec = el as Record<string, unknown>
    if (rec.id !== undefined && !known.has(scalarText(rec.id))) delete rec.id
    dropInventedIds(rec.item, known)
    dropInventedIds(rec.response, known)
  }
}
