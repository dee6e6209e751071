/**
 * Postman's version of a resource as Postman's own export would write it, for `sync: pull`. A GET
 * returns more than an export holds (docs/postman-api.md, "A GET decorates what it returns"); all
 * of that is left out here:
 * - `info`: `uid`, `createdAt`, `updatedAt`, `lastUpdatedBy`, `fork`, `owner`, and the server's
 *   `_postman_id` (the file keeps its own ids: the merge into the file takes them from it);
 * - folders, requests and saved responses: `id`, `uid`, `createdAt`, `updatedAt`,
 *   `lastUpdatedBy`, `owner`;
 * - scripts: `id`, and `packages` when empty;
 * - requests: `protocolProfileBehavior.disableBodyPruning: true` (the object too, once empty);
 * - environments: `owner`, `createdAt`, `updatedAt`, `isPublic`, `uid`.
 *
 * Secret values are never taken from Postman (`withLocalSecrets`): a `secret`-typed or
 * vault-linked variable keeps the file's value when the file's variable is secret too, else
 * gets `''` — the working tree, and the pull request made from it, never hold Postman's secrets.
 * Pure: the inputs are not modified.
 */
import type { CollectionBody, EnvironmentBody } from '../model/resources.js'
import { isRecord } from '../util/records.js'
import { scalarText } from '../util/scalar-text.js'
import { ELEMENT_BOOKKEEPING, isSecretValue } from './normalize.js'

type Rec = Record<string, unknown>

/** `info` keys an export does not write (`schema` and the file's own ids are not among them). */
const INFO_SERVER_KEYS = ['_postman_id', 'uid', 'createdAt', 'updatedAt', 'lastUpdatedBy', 'fork', 'owner']

/** Environment keys a GET adds to what an export holds. */
const ENVIRONMENT_SERVER_KEYS = ['owner', 'createdAt', 'updatedAt', 'isPublic', 'uid']

/** The collection as an export: no server ids, timestamps or decorations. */
export function collectionExportForm(remote: CollectionBody): CollectionBody {
  const copy = structuredClone(remote)
  const info = copy.info as Rec
  for (const key of INFO_SERVER_KEYS) delete info[key]
  stripEvents(copy.event)
  stripItems(copy.item)
  return copy
}

function stripItems(list: unknown): void {
  if (!Array.isArray(list)) return
  for (const item of list) {
    if (!isRecord(item)) continue
    for (const key of ELEMENT_BOOKKEEPING) delete item[key]
    stripEvents(item.event)
    stripBehavior(item)
    if (Array.isArray(item.response)) {
      for (const response of item.response) if (isRecord(response)) for (const key of ELEMENT_BOOKKEEPING) delete response[key]
    }
    stripItems(item.item)
  }
}

function stripEvents(events: unknown): void {
  if (!Array.isArray(events)) return
  for (const event of events) {
    if (!isRecord(event) || !isRecord(event.script)) continue
    delete event.script.id
    if (isRecord(event.script.packages) && Object.keys(event.script.packages).length === 0) delete event.script.packages
  }
}

/** `disableBodyPruning: true` is what a GET puts on every request; any other setting is the request's own. */
function stripBehavior(item: Rec): void {
  const behavior = item.protocolProfileBehavior
  if (!isRecord(behavior) || behavior.disableBodyPruning !== true) return
  delete behavior.disableBodyPruning
  if (Object.keys(behavior).length === 0) delete item.protocolProfileBehavior
}

/** The environment as an export: no owner, timestamps or visibility. */
export function environmentExportForm(remote: EnvironmentBody): EnvironmentBody {
  const copy = structuredClone(remote) as EnvironmentBody & Rec
  for (const key of ENVIRONMENT_SERVER_KEYS) delete copy[key]
  return copy
}

/**
 * `remote`'s variables with every secret value replaced: by the value of the file's variable of
 * the same key (the n-th of that key with the n-th) when that one is secret too, else by `''`.
 * A plain value is content and is kept. Works for environment `values` and collection `variable`
 * lists alike. Returns a new list.
 */
export function withLocalSecrets(remote: readonly unknown[], local: readonly unknown[]): unknown[] {
  const byKey = new Map<string, Rec[]>()
  for (const l of local) {
    if (!isRecord(l)) continue
    const key = scalarText(l.key ?? '')
    byKey.set(key, [...(byKey.get(key) ?? []), l])
  }
  return remote.map((r) => {
    if (!isRecord(r)) return r
    const counterpart = byKey.get(scalarText(r.key ?? ''))?.shift()
    if (!isSecretValue(r)) return r
    const kept = counterpart !== undefined && isSecretValue(counterpart) ? counterpart.value : undefined
    return { ...r, value: kept ?? '' }
  })
}
