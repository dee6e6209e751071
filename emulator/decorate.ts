/**
 * What the real Postman API adds to a collection it returns, beyond what it was sent. Compared
 * side by side with the app's export of the same collection, a real `GET /collections/{uid}` shows
 * (docs/postman-api.md, "A GET decorates what it returns"):
 * - `protocolProfileBehavior.disableBodyPruning: true` on every request item, beside any other key
 *   the item already had there (`strictSSL`, `disabledSystemHeaders`, …);
 * - an `id` on every event script, and `packages: {}` on every script that has none.
 * Item and saved-response ids and uids, and the `info` bookkeeping, are set where the body is
 * stored (`collection-format.ts`). The emulator stores the decorated form, so every GET shows it
 * and a PUT without the decorations stores the same content (its `updatedAt` does not move).
 */
import { createHash } from 'node:crypto'

type Json = Record<string, unknown>

/** A request item with `disableBodyPruning: true` merged into its `protocolProfileBehavior`. */
export function decorateRequestItem(item: Json): Json {
  const current = isRecord(item.protocolProfileBehavior) ? item.protocolProfileBehavior : {}
  // An explicit value sent by the client is kept: nothing public shows the server overriding it.
  if (current.disableBodyPruning !== undefined) return item
  return { ...item, protocolProfileBehavior: { disableBodyPruning: true, ...current } }
}

/**
 * Events whose scripts carry an `id` and `packages`. An id the client sent is kept; a missing one is
 * derived from the owning element and the event's place, so re-storing the same content gives the
 * same id (the real server keeps script ids across PUTs of the same item).
 */
export function decorateEvents(events: unknown, ownerElementId: string): unknown {
  if (!Array.isArray(events)) return events
  return events.map((ev: unknown, index) => {
    if (!isRecord(ev) || !isRecord(ev.script)) return ev
    const script = { ...ev.script }
    if (typeof script.id !== 'string' || script.id === '') script.id = derivedId(`${ownerElementId}:${String(ev.listen)}:${index}`)
    if (script.packages === undefined) script.packages = {}
    return { ...ev, script }
  })
}

/** A UUID-shaped id, stable for one seed. */
function derivedId(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}
