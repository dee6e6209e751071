/**
 * Request-level differences for the plan (never values of variables, headers or auth): which requests and folders a push adds,
 * removes or changes, by path (`Folder/Sub/Request`, folders end with `/`), and for each change
 * which aspects — url, method, header keys, body, scripts, auth type, … It compares normalized
 * content (`normalize.ts`), so a diff is empty exactly when the bodies are equal, and it names
 * paths, keys and aspects only: never a value of a variable, header, auth attribute or body.
 *
 * Items are paired the way the id mapper pairs them (`item-match.ts`): by name, then method, then
 * order, then (a rename within one folder) by method + URL, shown as a change `renamed from …`;
 * a moved request shows as removed + added, as its id will be replaced.
 */
import type { CollectionBody, EnvironmentBody } from '../model/resources.js'
import type { CollectionDiff, EnvironmentDiff } from '../model/sync-result.js'
import { itemKind, matchSiblings, siblingLabels } from './item-match.js'
import { canonicalJson, normalizeCollection, normalizeEnvironment } from './normalize.js'
import { isRecord } from '../util/records.js'
import { scalarText } from '../util/scalar-text.js'

type Rec = Record<string, unknown>

const same = (a: unknown, b: unknown): boolean => a === b || canonicalJson(a) === canonicalJson(b)

/** Folder keys compared one by one; anything else a folder carries is reported as `settings`. */
const FOLDER_KEYS = new Set(['name', 'item', 'description', 'auth', 'event', 'variable'])
/** Item keys with an aspect of their own. */
const ITEM_KEYS = new Set(['name', 'request', 'response', 'event', 'description', 'variable', 'protocolProfileBehavior'])
const REQUEST_KEYS = new Set(['url', 'method', 'header', 'body', 'auth', 'description'])

/**
 * What pushing `to` over `from` changes. Pass `(remote, local)` for a plan: `added` are the
 * repository's new requests, `removed` those the push deletes in Postman.
 */
export function diffCollections(from: CollectionBody, to: CollectionBody): CollectionDiff {
  const a = normalizeCollection(from)
  const b = normalizeCollection(to)
  const diff: CollectionDiff = { added: [], removed: [], changed: [], collection: [] }

  const info = (x: typeof a): Rec => x.info
  if (!same(info(a).name, info(b).name)) diff.collection.push('name')
  if (!same(info(a).description, info(b).description)) diff.collection.push('description')
  const otherInfo = (x: Rec): Rec => ({ ...x, name: undefined, description: undefined })
  if (!same(otherInfo(info(a)), otherInfo(info(b)))) diff.collection.push('info')
  diff.collection.push(...variableAspects(a.variable, b.variable))
  diff.collection.push(...authAspects(a.auth, b.auth, 'none'))
  diff.collection.push(...scriptAspects(a.event, b.event))
  const rest = (x: Rec): Rec => ({ ...x, info: undefined, item: undefined, variable: undefined, auth: undefined, event: undefined })
  if (!same(rest(a), rest(b))) diff.collection.push('settings')

  if (diffLevel(a.item, b.item, '', diff)) diff.collection.push('order')
  // A safety net: every difference the normalizer sees must show in the plan.
  if (isEmptyDiff(diff) && !same(a, b)) diff.collection.push('other')
  return diff
}

/** Diffs one sibling list; returns whether the matched items changed order. */
function diffLevel(from: unknown[], to: unknown[], prefix: string, diff: CollectionDiff): boolean {
  const match = matchSiblings(from, to)
  const fromLabels = siblingLabels(from)
  const toLabels = siblingLabels(to)
  for (const i of match.fromOnly) listAll(from[i], prefix + fromLabels[i], diff.removed)
  for (const j of match.toOnly) listAll(to[j], prefix + toLabels[j], diff.added)

  let lastFrom = -1
  let reordered = false
  for (const { from: i, to: j, renamed } of match.pairs) {
    if (i < lastFrom) reordered = true
    lastFrom = i
    const f = from[i]
    const t = to[j]
    const path = prefix + toLabels[j]
    if (itemKind(t) === 'folder' && isRecord(f) && isRecord(t)) {
      const aspects = folderAspects(f, t)
      const childPrefix = `${path}/`
      const changedAt = diff.changed.length
      if (diffLevel(f.item as unknown[], t.item as unknown[], childPrefix, diff)) aspects.push('order')
      if (aspects.length > 0) diff.changed.splice(changedAt, 0, { path: childPrefix, aspects })
    } else if (renamed && isRecord(f) && isRecord(t)) {
      const rest = { ...f, name: t.name }
      diff.changed.push({ path, aspects: [`renamed from ${fromLabels[i]}`, ...(same(rest, t) ? [] : requestAspects(rest, t))] })
    } else if (!same(f, t)) {
      diff.changed.push({ path, aspects: requestAspects(isRecord(f) ? f : {}, isRecord(t) ? t : {}) })
    }
  }
  // Pairs come in `to` order; `from` positions that go backwards mean the order changed.
  return reordered
}

/** An added or removed item: its path, and for a folder every path below it. */
function listAll(item: unknown, path: string, into: string[]): void {
  if (itemKind(item) !== 'folder' || !isRecord(item)) {
    into.push(path)
    return
  }
  into.push(`${path}/`)
  const children = item.item as unknown[]
  const labels = siblingLabels(children)
  children.forEach((child, k) => listAll(child, `${path}/${labels[k]}`, into))
}

function folderAspects(f: Rec, t: Rec): string[] {
  const aspects: string[] = []
  if (!same(f.description, t.description)) aspects.push('description')
  aspects.push(...authAspects(f.auth, t.auth, 'inherit'))
  aspects.push(...scriptAspects(f.event, t.event))
  aspects.push(...variableAspects(f.variable, t.variable))
  if (!sameExcept(f, t, FOLDER_KEYS)) aspects.push('settings')
  return aspects
}

function requestAspects(f: Rec, t: Rec): string[] {
  const aspects: string[] = []
  const fr = isRecord(f.request) ? f.request : {}
  const tr = isRecord(t.request) ? t.request : {}
  if (!same(fr.url, tr.url)) aspects.push('url')
  if (!same(fr.method, tr.method)) aspects.push('method')
  aspects.push(...headerAspects(fr.header, tr.header))
  if (!same(fr.body, tr.body)) aspects.push('body')
  aspects.push(...scriptAspects(f.event, t.event))
  aspects.push(...authAspects(fr.auth, tr.auth, 'inherit'))
  if (!same(f.description, t.description) || !same(fr.description, tr.description)) aspects.push('description')
  aspects.push(...responseAspects(f.response, t.response))
  aspects.push(...variableAspects(f.variable, t.variable))
  if (!same(f.protocolProfileBehavior, t.protocolProfileBehavior) || !sameExcept(fr, tr, REQUEST_KEYS)) aspects.push('settings')
  if (!sameExcept(f, t, ITEM_KEYS)) aspects.push('other')
  if (aspects.length === 0) aspects.push('other')
  return aspects
}

function sameExcept(a: Rec, b: Rec, skip: Set<string>): boolean {
  const pick = (x: Rec): Rec => Object.fromEntries(Object.entries(x).filter(([k]) => !skip.has(k)))
  return same(pick(a), pick(b))
}

/**
 * `+key` / `-key` lists; keys are names, safe to show. `fold` says which keys are the same one
 * (header names ignore case); each is shown as its side writes it.
 */
function keyChanges(label: string, before: string[], after: string[], fold = (k: string): string => k): string | undefined {
  const a = new Map(before.map((k) => [fold(k), k]))
  const b = new Map(after.map((k) => [fold(k), k]))
  const added = [...b].filter(([f]) => !a.has(f)).map(([, k]) => `+${k}`)
  const removed = [...a].filter(([f]) => !b.has(f)).map(([, k]) => `-${k}`)
  return added.length + removed.length > 0 ? `${label}: ${[...added, ...removed].join(', ')}` : undefined
}

const asList = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined ? [] : [x])
const keyOf = (x: unknown): string => (isRecord(x) ? scalarText(x.key ?? x.name ?? '') : String(x))

function headerAspects(f: unknown, t: unknown): string[] {
  if (same(f, t)) return []
  // Header names are case-insensitive: a change of case alone is not a new header.
  const names = (x: unknown): string[] => asList(x).map(keyOf)
  const keys = keyChanges('headers', names(f), names(t), (k) => k.toLowerCase())
  if (keys) return [keys]
  const pairs = (x: unknown): unknown[] => asList(x).map((h) => (isRecord(h) ? [keyOf(h).toLowerCase(), h.value] : h))
  return [same(pairs(f), pairs(t)) ? 'headers' : 'header values']
}

function variableAspects(f: unknown, t: unknown): string[] {
  if (same(f, t)) return []
  const keys = keyChanges('variables', asList(f).map(keyOf), asList(t).map(keyOf))
  return [keys ?? 'variable values']
}

/** Auth type changes are named (`auth: bearer → apikey`); attribute changes are only "auth values". */
function authAspects(f: unknown, t: unknown, absent: string): string[] {
  if (same(f, t)) return []
  const type = (x: unknown): string => (isRecord(x) && x.type !== undefined ? scalarText(x.type) : absent)
  return type(f) !== type(t) ? [`auth: ${type(f)} → ${type(t)}`] : ['auth values']
}

function scriptAspects(f: unknown, t: unknown): string[] {
  if (same(f, t)) return []
  const by = (x: unknown, listen: string): unknown[] => asList(x).filter((e) => isRecord(e) && String(e.listen) === listen)
  const listens = new Set([...asList(f), ...asList(t)].map((e) => (isRecord(e) ? String(e.listen) : '')))
  const changed = [...listens].filter((l) => !same(by(f, l), by(t, l))).sort()
  return [`scripts: ${changed.join(', ')}`]
}

function responseAspects(f: unknown, t: unknown): string[] {
  if (same(f, t)) return []
  const keys = keyChanges('responses', asList(f).map(keyOf), asList(t).map(keyOf))
  return [keys ?? 'responses']
}

/**
 * What writing `to` over `from` changes, by variable key. To preview a push, diff the remote
 * against `mergeEnvironment(local, remote).body`: a push never removes a remote variable.
 * Secret and vault-linked values do not count (`normalizeEnvironment`).
 */
export function diffEnvironments(from: EnvironmentBody, to: EnvironmentBody): EnvironmentDiff {
  const a = normalizeEnvironment(from)
  const b = normalizeEnvironment(to)
  const group = (values: typeof a.values): Map<string, string> => {
    const byKey = new Map<string, unknown[]>()
    for (const v of values) {
      const list = byKey.get(v.key)
      if (list) list.push(v)
      else byKey.set(v.key, [v])
    }
    return new Map([...byKey].map(([k, list]) => [k, canonicalJson(list)]))
  }
  const ga = group(a.values)
  const gb = group(b.values)
  const diff: EnvironmentDiff = {
    added: [...gb.keys()].filter((k) => !ga.has(k)),
    removed: [...ga.keys()].filter((k) => !gb.has(k)),
    changed: [...gb.keys()].filter((k) => ga.has(k) && ga.get(k) !== gb.get(k))
  }
  if (a.name !== b.name) diff.name = true
  return diff
}

/** Whether a diff (collection or environment) changes nothing. */
export function isEmptyDiff(d: CollectionDiff | EnvironmentDiff): boolean {
  if (d.added.length > 0 || d.removed.length > 0 || d.changed.length > 0) return false
  return 'collection' in d ? d.collection.length === 0 : d.name !== true
}
