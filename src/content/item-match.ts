/**
 * How the items of one folder in two versions of a collection correspond, shared by the diff
 * (paths in the plan) and the id mapper (which remote id goes on which local item), so both
 * always agree. Items match by kind (folder or request) and name; among items that share a name,
 * the HTTP method breaks the tie, then the order. A request whose name matches nothing is then
 * matched by method + URL when exactly one unmatched request on each side has them: a rename in
 * one folder, which keeps the request's id (and so its history in Postman). Every step indexes
 * by a key: linear, never quadratic, even for folders with thousands of requests.
 */
import { isRecord } from '../util/records.js'
import { deriveRawUrl } from './normalize.js'
import { scalarText } from '../util/scalar-text.js'

export type ItemKind = 'folder' | 'request'

/** A folder has an `item` list; anything else is a request. */
export function itemKind(item: unknown): ItemKind {
  return isRecord(item) && Array.isArray(item.item) ? 'folder' : 'request'
}

export function itemName(item: unknown): string {
  return isRecord(item) && item.name !== undefined && item.name !== null ? scalarText(item.name) : ''
}

/** The request's method as sent (upper case, `GET` when absent); `''` for folders. */
export function itemMethod(item: unknown): string {
  if (itemKind(item) === 'folder' || !isRecord(item)) return ''
  const request = item.request
  const method = isRecord(request) && typeof request.method === 'string' && request.method !== '' ? request.method : 'GET'
  return method.toUpperCase()
}

/**
 * Method and URL (its raw string) of a request, the key a renamed request is found by; `''` for
 * folders and requests without a URL (nothing to tell them apart by).
 */
export function requestKey(item: unknown): string {
  if (itemKind(item) === 'folder' || !isRecord(item)) return ''
  const request = item.request
  const url = typeof request === 'string' ? request : isRecord(request) ? request.url : undefined
  const raw = typeof url === 'string' ? url : isRecord(url) ? (typeof url.raw === 'string' && url.raw !== '' ? url.raw : deriveRawUrl(url)) : ''
  return raw === '' ? '' : `${itemMethod(item)} ${raw}`
}

/** Pairs of positions (`from` list, `to` list) that are the same item, plus what is on one side only. */
export interface SiblingMatch {
  /** `renamed`: paired by method + URL, the names differ. */
  pairs: Array<{ from: number; to: number; renamed?: true }>
  fromOnly: number[]
  toOnly: number[]
}

const groupKey = (item: unknown): string => `${itemKind(item)}\u0000${itemName(item)}`

/** Matches two sibling lists: same kind and name; method first, then order, among equal names. */
export function matchSiblings(from: readonly unknown[], to: readonly unknown[]): SiblingMatch {
  const groups = new Map<string, number[]>()
  from.forEach((item, i) => {
    const key = groupKey(item)
    const list = groups.get(key)
    if (list) list.push(i)
    else groups.set(key, [i])
  })
  const fromUsed = new Uint8Array(from.length)
  const toMatch = new Int32Array(to.length).fill(-1)

  // Pass 1: same name and method, in order. Pass 2: same name, whatever is left, in order.
  const toByGroup = new Map<string, number[]>()
  to.forEach((item, j) => {
    const key = groupKey(item)
    if (!groups.has(key)) return
    const list = toByGroup.get(key)
    if (list) list.push(j)
    else toByGroup.set(key, [j])
  })
  for (const [key, toList] of toByGroup) {
    const fromList = groups.get(key) ?? []
    if (fromList.length === 1 && toList.length === 1) {
      toMatch[toList[0]!] = fromList[0]!
      fromUsed[fromList[0]!] = 1
      continue
    }
    // Queues with a read position: `shift()` would make thousands of same-named items quadratic.
    const byMethod = new Map<string, { list: number[]; next: number }>()
    for (const i of fromList) {
      const m = itemMethod(from[i])
      const q = byMethod.get(m)
      if (q) q.list.push(i)
      else byMethod.set(m, { list: [i], next: 0 })
    }
    for (const j of toList) {
      const q = byMethod.get(itemMethod(to[j]))
      if (q === undefined || q.next >= q.list.length) continue
      const i = q.list[q.next++]!
      toMatch[j] = i
      fromUsed[i] = 1
    }
    const rest = fromList.filter((i) => fromUsed[i] === 0)
    let next = 0
    for (const j of toList) {
      if (next >= rest.length) break
      if (toMatch[j] !== -1) continue
      const i = rest[next++]!
      toMatch[j] = i
      fromUsed[i] = 1
    }
  }

  const renamed = matchRenames(from, to, fromUsed, toMatch)
  const pairs: SiblingMatch['pairs'] = []
  const toOnly: number[] = []
  toMatch.forEach((i, j) => (i === -1 ? toOnly.push(j) : pairs.push(renamed.has(j) ? { from: i, to: j, renamed: true } : { from: i, to: j })))
  const fromOnly: number[] = []
  fromUsed.forEach((used, i) => {
    if (used === 0) fromOnly.push(i)
  })
  return { pairs, fromOnly, toOnly }
}

/**
 * Pass 3: unmatched requests paired by method + URL when exactly one on each side has them (two
 * candidates would be a guess). Marks them in `fromUsed`/`toMatch`; returns the `to` positions.
 */
function matchRenames(from: readonly unknown[], to: readonly unknown[], fromUsed: Uint8Array, toMatch: Int32Array): Set<number> {
  const index = (items: readonly unknown[], free: (k: number) => boolean): Map<string, number[]> => {
    const byKey = new Map<string, number[]>()
    items.forEach((item, k) => {
      const key = free(k) ? requestKey(item) : ''
      if (key === '') return
      const list = byKey.get(key)
      if (list) list.push(k)
      else byKey.set(key, [k])
    })
    return byKey
  }
  const fromFree = index(from, (i) => fromUsed[i] === 0)
  const renamed = new Set<number>()
  if (fromFree.size === 0) return renamed
  for (const [key, toList] of index(to, (j) => toMatch[j] === -1)) {
    const fromList = fromFree.get(key)
    if (fromList?.length !== 1 || toList.length !== 1) continue
    toMatch[toList[0]!] = fromList[0]!
    fromUsed[fromList[0]!] = 1
    renamed.add(toList[0]!)
  }
  return renamed
}

/**
 * The path segment that names each item among its siblings: its name; `name [POST]` when another
 * sibling has that name; `name [POST #2]` (requests) or `name [#2]` (folders) when even the method
 * does not tell them apart.
 */
export function siblingLabels(items: readonly unknown[]): string[] {
  const byName = new Map<string, number>()
  const byMethod = new Map<string, number>()
  for (const item of items) {
    const k = groupKey(item)
    byName.set(k, (byName.get(k) ?? 0) + 1)
    const km = `${k}\u0000${itemMethod(item)}`
    byMethod.set(km, (byMethod.get(km) ?? 0) + 1)
  }
  const seen = new Map<string, number>()
  return items.map((item) => {
    const name = itemName(item)
    const k = groupKey(item)
    if (byName.get(k) === 1) return name
    const km = `${k}\u0000${itemMethod(item)}`
    const nth = (seen.get(km) ?? 0) + 1
    seen.set(km, nth)
    if (itemKind(item) === 'folder') return `${name} [#${nth}]`
    const method = itemMethod(item)
    return byMethod.get(km) === 1 ? `${name} [${method}]` : `${name} [${method} #${nth}]`
  })
}
