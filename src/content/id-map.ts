/**
 * Puts the remote item ids onto the local collection before a PUT (docs/architecture.md#apply). The API keeps an
 * item whose `id` it knows and deletes and recreates every other one, losing its history and
 * comments; and it rejects, with `instanceFoundError`, an id that belongs to another collection —
 * which exporter ids in a committed file may well do. So every id sent is one the target itself
 * returned, put on the local item that matches it (`item-match.ts`: same folder path, same name,
 * method as tie-break, then order), and every other id is removed.
 *
 * Consequences, by design: a request moved to another folder or renamed gets a new id (the PUT
 * deletes the old one); a reordered request keeps its id.
 */
import type { CollectionBody } from '../model/resources.js'
import { toV21 } from './convert.js'
import { itemKind, matchSiblings } from './item-match.js'
import { isRecord } from '../util/records.js'
import { scalarText } from '../util/scalar-text.js'

type Rec = Record<string, unknown>

/** Server bookkeeping a write must not carry (the server sets it). */
const INFO_BOOKKEEPING = ['_exporter_id', '_collection_link', 'uid', 'createdAt', 'updatedAt', 'lastUpdatedBy', 'fork', 'owner']
// `_postman_id` on items comes from old exports and counts as an id to the API: never send it.
const ELEMENT_BOOKKEEPING = ['_postman_id', 'uid', 'createdAt', 'updatedAt', 'lastUpdatedBy', 'owner']

/**
 * The local collection, ready to PUT onto `remote`: remote item/folder/response ids mapped onto
 * local items by folder path + name (method as tie-break, then order), unmatched ids stripped, ids
 * of other collections never sent, `info._postman_id = targetId`, server bookkeeping removed.
 * Without `remote` (a create) every id is stripped. `local` is not modified.
 */
export function mapItemIds(local: CollectionBody, remote: CollectionBody | undefined, targetId: string | undefined): CollectionBody {
  const converted = toV21(local)
  const body = converted === local ? structuredClone(local) : converted
  const info = body.info as Rec
  for (const key of INFO_BOOKKEEPING) delete info[key]
  if (targetId === undefined) delete info._postman_id
  else info._postman_id = targetId
  if (Array.isArray(body.event)) stripEventIds(body.event)
  mapLevel(asList(body.item), remote ? asList(remote.item) : undefined)
  return body
}

const asList = (x: unknown): unknown[] => (Array.isArray(x) ? x : [])

function mapLevel(local: unknown[], remote: unknown[] | undefined): void {
  const matched = new Map<number, Rec>()
  if (remote) {
    for (const { from, to } of matchSiblings(remote, local).pairs) {
      const r = remote[from]
      if (isRecord(r)) matched.set(to, r)
    }
  }
  local.forEach((item, j) => {
    if (!isRecord(item)) return
    const r = matched.get(j)
    setId(item, r)
    for (const key of ELEMENT_BOOKKEEPING) delete item[key]
    if (Array.isArray(item.event)) stripEventIds(item.event)
    if (itemKind(item) === 'folder') mapLevel(item.item as unknown[], r && Array.isArray(r.item) ? r.item : undefined)
    else mapResponses(asList(item.response), r ? asList(r.response) : undefined)
  })
}

function setId(item: Rec, remote: Rec | undefined): void {
  if (remote && typeof remote.id === 'string' && remote.id !== '') item.id = remote.id
  else delete item.id
}

/** Saved responses match by name, then order. */
function mapResponses(local: unknown[], remote: unknown[] | undefined): void {
  const byName = new Map<string, Rec[]>()
  for (const r of remote ?? []) {
    if (!isRecord(r)) continue
    const name = scalarText(r.name ?? '')
    const list = byName.get(name)
    if (list) list.push(r)
    else byName.set(name, [r])
  }
  for (const res of local) {
    if (!isRecord(res)) continue
    setId(res, byName.get(scalarText(res.name ?? ''))?.shift())
    for (const key of ELEMENT_BOOKKEEPING) delete res[key]
  }
}

/** Event and script ids are exporter ids too; the server assigns its own. */
function stripEventIds(events: unknown[]): void {
  for (const ev of events) {
    if (!isRecord(ev)) continue
    delete ev.id
    if (isRecord(ev.script)) delete ev.script.id
  }
}
