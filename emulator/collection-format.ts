/**
 * How the Postman API stores a v2.1.0 collection: validation of create/PUT bodies, server-side ids
 * and timestamps, and the rewrites a GET shows afterwards. The emulator is deliberately not an echo,
 * so the action's normalizer and id mapper are tested against what the real server gives back.
 *
 * Rewrites applied on store (docs/postman-api.md, and what Postman's own exports show):
 * 1. `info` gets `_postman_id`, `uid`, `createdAt`, `updatedAt`, `lastUpdatedBy`; `schema` becomes the
 *    `schema.getpostman.com` v2.1.0 URL; export-only keys (`_exporter_id`, `_collection_link`) are dropped.
 * 2. Every folder, request item and saved response gets `id`, `uid` (`owner-id`), `createdAt`, `updatedAt`.
 *    Saved responses also get `_postman_previewlanguage` (from their Content-Type), `header: []`,
 *    `cookie: []` and `responseTime: null` when absent, as in the getCollection example.
 * 3. A `url` string becomes the object form (`postman-url.ts`), in requests and `originalRequest`s.
 * 4. A script `exec` string becomes an array of lines; `script.type` defaults to `text/javascript`.
 * 5. The decorations of `decorate.ts`: `protocolProfileBehavior.disableBodyPruning` on requests,
 *    script `id` and `packages`.
 * 6. Chosen extra rewrites (seen in Postman's own exports of API-created collections): a `request`
 *    given as a bare URL string becomes `{method: 'GET', header: [], url: {...}}`, and a request
 *    without `header` or `method` reads back with `header: []` and `method: 'GET'`.
 */
import { decorateEvents, decorateRequestItem } from './decorate.js'
import { parsePostmanUrl } from './postman-url.js'

/** The URL every stored collection reads back with. */
export const STORED_SCHEMA_URL = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'

/** Accepted on input: both hosts, http or https, with or without `draft-07/` and `collection.json`. */
const ACCEPTED_SCHEMA =
  /^https?:\/\/schema\.(get)?postman\.com\/(json\/)?(draft-07\/)?(json\/)?collection\/(json\/)?v2\.1\.0\/?(draft-07\/)?(collection\.json)?$/

/** Keys the server owns on every decorated element. */
const SERVER_KEYS = new Set(['uid', 'createdAt', 'updatedAt'])

/** What storing needs from the outside world. */
export interface StoreContext {
  /** The owner id every uid of this collection starts with. */
  ownerId: string
  /** Who writes (`info.lastUpdatedBy`); default `ownerId`. */
  editorId?: string
  /** ISO timestamp of this write. */
  now: string
  newId(): string
  /**
   * Whether an incoming element id may be kept. Create passes `() => false` (ids are stripped,
   * postman-app-support #4229); PUT passes a check against the target collection.
   */
  keepId(id: string): boolean
  /** The previous version of an element with this id, for its `createdAt` and unchanged `updatedAt`. */
  previous(id: string): Record<string, unknown> | undefined
  /** Set by storing when any element is new or changed. */
  changed?: boolean
}

/** Structural problems of a create/PUT body, worded like the API's ajv messages. */
export function validateCollection(collection: unknown): { details: string[]; schemaVersion: boolean } {
  const details: string[] = []
  if (!isObject(collection)) return { details: [': must be object'], schemaVersion: false }
  if (!('info' in collection)) details.push(": must have required property 'info'")
  if (!('item' in collection)) details.push(": must have required property 'item'")
  else if (!Array.isArray(collection.item)) details.push('item: must be array')
  let schemaVersion = false
  const info = collection.info
  if ('info' in collection) {
    if (!isObject(info)) details.push('info: must be object')
    else {
      if (typeof info.name !== 'string') details.push("info: must have required property 'name'")
      if (typeof info.schema !== 'string') details.push("info: must have required property 'schema'")
      else if (!ACCEPTED_SCHEMA.test(info.schema)) {
        details.push('info/schema: must be equal to one of the allowed values')
        schemaVersion = true
      }
    }
  }
  return { details, schemaVersion }
}

/** Every element id (folders, requests, saved responses) in an incoming or stored item tree. */
export function collectItemIds(items: unknown): string[] {
  const ids: string[] = []
  const walk = (list: unknown): void => {
    if (!Array.isArray(list)) return
    for (const el of list) {
      if (!isObject(el)) continue
      if (typeof el.id === 'string' && el.id !== '') ids.push(el.id)
      walk(el.item)
      walk(el.response)
    }
  }
  walk(items)
  return ids
}

/** Builds the stored body from a validated input body. */
export function storeCollectionBody(
  input: Record<string, unknown>,
  collectionId: string,
  meta: { createdAt: string; fork?: Record<string, unknown> },
  ctx: StoreContext
): Record<string, unknown> {
  const info = input.info as Record<string, unknown>
  const {
    _postman_id: _id,
    _exporter_id: _exp,
    _collection_link: _link,
    uid: _uid,
    createdAt: _c,
    updatedAt: _u,
    lastUpdatedBy: _l,
    fork: _f,
    ...restInfo
  } = info
  const stored: Record<string, unknown> = {
    info: {
      _postman_id: collectionId,
      ...restInfo,
      schema: STORED_SCHEMA_URL,
      ...(meta.fork ? { fork: meta.fork } : {}),
      createdAt: meta.createdAt,
      updatedAt: ctx.now,
      lastUpdatedBy: ctx.editorId ?? ctx.ownerId,
      uid: `${ctx.ownerId}-${collectionId}`
    },
    item: (input.item as unknown[]).map((el) => storeElement(el, ctx))
  }
  for (const [k, v] of Object.entries(input)) {
    if (k === 'info' || k === 'item') continue
    stored[k] = k === 'event' ? storeEvents(v, collectionId) : clone(v)
  }
  return stored
}

/** Stores one folder or request item, recursively. */
function storeElement(el: unknown, ctx: StoreContext): unknown {
  if (!isObject(el)) return clone(el)
  const id = elementId(el.id, ctx)
  let out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(el)) {
    if (k === 'id' || SERVER_KEYS.has(k)) continue
    if (k === 'item') out.item = Array.isArray(v) ? v.map((child) => storeElement(child, ctx)) : clone(v)
    else if (k === 'request') out.request = storeRequest(v)
    else if (k === 'response') out.response = Array.isArray(v) ? v.map((r) => storeResponse(r, ctx)) : clone(v)
    else if (k === 'event') out.event = storeEvents(v, id)
    else out[k] = clone(v)
  }
  if (out.request !== undefined) out = decorateRequestItem(out)
  return stamp(out, id, ctx)
}

/** The incoming id when it may be kept, else a new one. */
function elementId(incomingId: unknown, ctx: StoreContext): string {
  return typeof incomingId === 'string' && incomingId !== '' && ctx.keepId(incomingId) ? incomingId : ctx.newId()
}

/** Server uid and timestamps; `updatedAt` moves only when the element's content changed. */
function stamp(content: Record<string, unknown>, id: string, ctx: StoreContext): Record<string, unknown> {
  const prev = ctx.previous(id)
  // Children carry their own timestamps, so an element compares by its own fields and the ids of
  // its children only: linear in the collection size, which matters for 20 MB collections.
  const unchanged = prev !== undefined && sameContent(ownContent({ ...prev, id: undefined }), ownContent(content))
  if (!unchanged) ctx.changed = true
  return {
    id,
    ...content,
    uid: `${ctx.ownerId}-${id}`,
    createdAt: prev?.createdAt ?? ctx.now,
    updatedAt: unchanged ? prev.updatedAt : ctx.now
  }
}

function storeRequest(req: unknown): unknown {
  if (typeof req === 'string') return { method: 'GET', header: [], url: parsePostmanUrl(req) }
  if (!isObject(req)) return clone(req)
  const out = clone(req)
  if (typeof out.url === 'string') out.url = parsePostmanUrl(out.url)
  if (out.method === undefined) out.method = 'GET'
  if (out.header === undefined) out.header = []
  return out
}

function storeResponse(res: unknown, ctx: StoreContext): unknown {
  if (!isObject(res)) return clone(res)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(res)) {
    if (k === 'id' || SERVER_KEYS.has(k)) continue
    out[k] = k === 'originalRequest' ? storeRequest(v) : clone(v)
  }
  if (out.header === undefined) out.header = []
  if (out._postman_previewlanguage === undefined) out._postman_previewlanguage = previewLanguage(out.header)
  if (out.cookie === undefined) out.cookie = []
  if (out.responseTime === undefined) out.responseTime = null
  return stamp(out, elementId(res.id, ctx), ctx)
}

/** Postman derives the preview language from the saved response's Content-Type. */
function previewLanguage(headers: unknown): string {
  const list: unknown[] = Array.isArray(headers) ? headers : []
  const ct = list.find((h) => isObject(h) && typeof h.key === 'string' && h.key.toLowerCase() === 'content-type') as Record<string, unknown> | undefined
  const value = typeof ct?.value === 'string' ? ct.value.toLowerCase() : ''
  if (value.includes('json')) return 'json'
  if (value.includes('html')) return 'html'
  if (value.includes('xml')) return 'xml'
  return 'text'
}

function storeEvents(events: unknown, ownerElementId: string): unknown {
  if (!Array.isArray(events)) return clone(events)
  const stored = events.map((ev: unknown) => {
    if (!isObject(ev) || !isObject(ev.script)) return clone(ev)
    const script = clone(ev.script)
    if (typeof script.exec === 'string') script.exec = script.exec.split(/\r?\n/)
    if (script.type === undefined) script.type = 'text/javascript'
    return { ...clone(ev), script }
  })
  return decorateEvents(stored, ownerElementId)
}

/** An element with its `item` / `response` children reduced to their ids. */
function ownContent(el: Record<string, unknown>): Record<string, unknown> {
  const out = { ...el }
  for (const key of ['item', 'response']) {
    const list = out[key]
    if (Array.isArray(list)) out[key] = list.map((child: unknown) => (isObject(child) ? child.id : child))
  }
  return out
}

/**
 * Whether a freshly stored body differs from the previous one, given the `changed` flag its
 * elements set: the top-level fields (without `item`), the root order, or any element.
 */
export function bodyChanged(next: Record<string, unknown>, previous: Record<string, unknown>, elementsChanged: boolean): boolean {
  if (elementsChanged) return true
  if (indexElements(next).size !== indexElements(previous).size) return true
  return !sameContent(ownContent(next), ownContent(previous))
}

/** Index of every decorated element of a stored body, by id. */
export function indexElements(stored: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const index = new Map<string, Record<string, unknown>>()
  const walk = (list: unknown): void => {
    if (!Array.isArray(list)) return
    for (const el of list) {
      if (!isObject(el)) continue
      if (typeof el.id === 'string') index.set(el.id, el)
      walk(el.item)
      walk(el.response)
    }
  }
  walk(stored.item)
  return index
}

/** Content equality ignoring server bookkeeping (ids stay: a new id is a new element). */
export function sameContent(a: unknown, b: unknown): boolean {
  return JSON.stringify(withoutBookkeeping(a)) === JSON.stringify(withoutBookkeeping(b))
}

function withoutBookkeeping(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutBookkeeping)
  if (!isObject(x)) return x
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(x).sort()) {
    if (SERVER_KEYS.has(k) || k === 'lastUpdatedBy') continue
    out[k] = withoutBookkeeping(x[k])
  }
  return out
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

export function clone<T>(x: T): T {
  return x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T)
}
