/**
 * What the structural merge (`structural-merge.ts`) needs to know about collections and
 * environments: where a value stands (its context), what it means there (the normalizer of
 * `normalize.ts` for that place, so "the same" is exactly what a sync would call unchanged), and
 * how two versions of a list pair up — requests as the id mapper pairs them (`item-match.ts`),
 * variables and headers by key, scripts by event, saved responses by name.
 */
import type { MergeRules } from './structural-merge.js'
import { matchSiblings } from './item-match.js'
import {
  compact,
  ELEMENT_BOOKKEEPING,
  environmentType,
  INFO_BOOKKEEPING,
  isBookkeeping,
  normalizeAuth,
  normalizeBody,
  normalizeCollection,
  normalizeDescription,
  normalizeEnvironment,
  normalizeEvents,
  normalizeExec,
  normalizeFields,
  normalizeInfo,
  normalizeItem,
  normalizeProfileBehavior,
  normalizeRequest,
  normalizeResponse,
  normalizeUrl,
  normalizeVariables
} from './normalize.js'
import type { CollectionBody, EnvironmentBody } from '../model/resources.js'
import { isRecord } from '../util/records.js'
import { scalarText } from '../util/scalar-text.js'

export type CollectionContext =
  | 'envelope'
  | 'collection'
  | 'info'
  | 'items'
  | 'item'
  | 'request'
  | 'url'
  | 'fields'
  | 'field'
  | 'body'
  | 'auth'
  | 'rootAuth'
  | 'events'
  | 'event'
  | 'script'
  | 'exec'
  | 'scriptType'
  | 'variables'
  | 'variable'
  | 'responses'
  | 'response'
  | 'description'
  | 'behavior'
  | 'ignored'
  | 'other'

const responses = (v: unknown): unknown => {
  if (!Array.isArray(v)) return compact(v)
  const out = v.map(normalizeResponse).filter((r) => r !== undefined)
  return out.length === 0 ? undefined : out
}

const COLLECTION_CONTENT: Record<CollectionContext, (v: unknown) => unknown> = {
  envelope: (v) => (isRecord(v) && isRecord(v.collection) ? normalizeCollection(v.collection as CollectionBody) : compact(v)),
  collection: (v) => (isRecord(v) ? normalizeCollection(v as CollectionBody) : compact(v)),
  info: normalizeInfo,
  items: (v) => (Array.isArray(v) ? v.map(normalizeItem) : compact(v)),
  item: normalizeItem,
  request: normalizeRequest,
  url: normalizeUrl,
  fields: (v) => normalizeFields(v, 'text'),
  field: (v) => normalizeFields([v], 'text'),
  body: normalizeBody,
  auth: (v) => normalizeAuth(v, false),
  rootAuth: (v) => normalizeAuth(v, true),
  events: normalizeEvents,
  event: (v) => normalizeEvents([v]),
  script: (v) => normalizeEvents([{ listen: '', script: v }]),
  exec: (v) => normalizeExec(v) || undefined,
  scriptType: (v) => (v === 'text/javascript' ? undefined : compact(v)),
  variables: (v) => normalizeVariables(v),
  variable: (v) => normalizeVariables([v]),
  responses,
  response: normalizeResponse,
  description: normalizeDescription,
  behavior: normalizeProfileBehavior,
  ignored: () => undefined,
  other: compact
}

/** Members with a context of their own, per context; every other member is `other`. */
const COLLECTION_MEMBERS: Partial<Record<CollectionContext, Record<string, CollectionContext>>> = {
  envelope: { collection: 'collection' },
  collection: { info: 'info', item: 'items', event: 'events', variable: 'variables', auth: 'rootAuth' },
  info: { description: 'description' },
  item: {
    item: 'items',
    request: 'request',
    response: 'responses',
    event: 'events',
    variable: 'variables',
    auth: 'auth',
    description: 'description',
    protocolProfileBehavior: 'behavior'
  },
  request: { url: 'url', header: 'fields', body: 'body', auth: 'auth', description: 'description' },
  body: { formdata: 'fields', urlencoded: 'fields' },
  response: { originalRequest: 'request', header: 'fields', description: 'description' },
  event: { script: 'script', id: 'ignored' },
  script: { id: 'ignored', exec: 'exec', type: 'scriptType' }
}

const COLLECTION_ELEMENTS: Partial<Record<CollectionContext, CollectionContext>> = {
  items: 'item',
  fields: 'field',
  events: 'event',
  variables: 'variable',
  responses: 'response'
}

function collectionMember(ctx: CollectionContext, key: string): CollectionContext {
  // Ids, uids and timestamps name a copy, not its content: the file's stay, Postman's are not added.
  if (ctx === 'info' && isBookkeeping(key, INFO_BOOKKEEPING)) return 'ignored'
  if ((ctx === 'item' || ctx === 'response') && isBookkeeping(key, ELEMENT_BOOKKEEPING)) return 'ignored'
  return COLLECTION_MEMBERS[ctx]?.[key] ?? 'other'
}

/** Pairs each remote element with the first unpaired local one of the same key, in order. */
export function pairByKey(local: readonly unknown[], remote: readonly unknown[], keyOf: (v: unknown) => string | undefined): Array<number | undefined> {
  const queues = new Map<string, number[]>()
  local.forEach((v, i) => {
    const key = keyOf(v)
    if (key === undefined) return
    const queue = queues.get(key)
    if (queue) queue.push(i)
    else queues.set(key, [i])
  })
  return remote.map((v) => {
    const key = keyOf(v)
    return key === undefined ? undefined : queues.get(key)?.shift()
  })
}

const member = (name: string) => (v: unknown) => (isRecord(v) && v[name] !== undefined && v[name] !== null ? scalarText(v[name]) : undefined)
const variableKey = (v: unknown): string | undefined => member('key')(v) ?? member('id')(v)

type Pairing = (local: readonly unknown[], remote: readonly unknown[]) => Array<number | undefined>

const byIndex: Pairing = (local, remote) => remote.map((_v, i) => (i < local.length ? i : undefined))

/** Requests and folders pair as the id mapper and the diff pair them (`item-match.ts`). */
const byItem: Pairing = (local, remote) => {
  const out = new Array<number | undefined>(remote.length).fill(undefined)
  for (const p of matchSiblings(local, remote).pairs) out[p.to] = p.from
  return out
}

const COLLECTION_PAIRING: Partial<Record<CollectionContext, Pairing>> = {
  items: byItem,
  events: (local, remote) => pairByKey(local, remote, member('listen')),
  fields: (local, remote) => pairByKey(local, remote, member('key')),
  variables: (local, remote) => pairByKey(local, remote, variableKey),
  responses: (local, remote) => pairByKey(local, remote, member('name'))
}

export const COLLECTION_RULES: MergeRules<CollectionContext> = {
  content: (ctx, value) => COLLECTION_CONTENT[ctx](value),
  member: collectionMember,
  element: (ctx) => COLLECTION_ELEMENTS[ctx] ?? 'other',
  pair: (ctx, local, remote) => (COLLECTION_PAIRING[ctx] ?? byIndex)(local, remote),
  // Scripts are compared sorted by event (normalize.ts): their order in the file is kept.
  ordered: (ctx) => ctx !== 'events'
}

export type EnvironmentContext = 'envelope' | 'environment' | 'values' | 'value' | 'type' | 'enabled' | 'ignored' | 'other'

const environmentValues = (v: unknown): unknown =>
  Array.isArray(v) ? normalizeEnvironment({ name: '', values: v as EnvironmentBody['values'] }).values : compact(v)

const ENVIRONMENT_CONTENT: Record<EnvironmentContext, (v: unknown) => unknown> = {
  envelope: (v) => (isRecord(v) && isRecord(v.environment) ? ENVIRONMENT_CONTENT.environment(v.environment) : compact(v)),
  environment: (v) => (isRecord(v) ? normalizeEnvironment(v as unknown as EnvironmentBody) : compact(v)),
  values: environmentValues,
  value: (v) => environmentValues([v]),
  type: environmentType,
  enabled: (v) => (v === false ? false : undefined),
  ignored: () => undefined,
  other: compact
}

/** What a GET or an export adds around the variables: not content. */
const ENVIRONMENT_BOOKKEEPING = new Set(['id', 'uid', 'owner', 'createdAt', 'updatedAt', 'isPublic'])

function environmentMember(ctx: EnvironmentContext, key: string): EnvironmentContext {
  if (ctx === 'envelope') return key === 'environment' ? 'environment' : 'other'
  if (ctx === 'environment') {
    if (key === 'values') return 'values'
    return ENVIRONMENT_BOOKKEEPING.has(key) || key.startsWith('_postman_') ? 'ignored' : 'other'
  }
  if (ctx === 'value' && (key === 'type' || key === 'enabled')) return key
  return 'other'
}

export const ENVIRONMENT_RULES: MergeRules<EnvironmentContext> = {
  content: (ctx, value) => ENVIRONMENT_CONTENT[ctx](value),
  member: environmentMember,
  element: (ctx) => (ctx === 'values' ? 'value' : 'other'),
  pair: (ctx, local, remote) => (ctx === 'values' ? pairByKey(local, remote, member('key')) : byIndex(local, remote)),
  // Variables are looked up by key: the file's order is kept, Postman's new ones are appended.
  ordered: (ctx) => ctx !== 'values'
}

/** The root context of a file: its envelope (`{"collection": …}`, `{"environment": …}`) or the resource itself. */
export function collectionRoot(value: unknown): CollectionContext {
  return isRecord(value) && isRecord(value.collection) && !('info' in value) ? 'envelope' : 'collection'
}

export function environmentRoot(value: unknown): EnvironmentContext {
  return isRecord(value) && isRecord(value.environment) && Object.keys(value).length === 1 ? 'envelope' : 'environment'
}
