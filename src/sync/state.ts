/**
 * The sync state (docs/architecture.md#the-state-environment): the `Postman Sync state` environment of the workspace, where the
 * action records, per resource it wrote, the hash of what it wrote and the remote `updatedAt`
 * right after the write. Drift is then "the remote `updatedAt` moved and the content is not what
 * we wrote". Pure: parsing and building the environment body; the calls live in `sync.ts`.
 *
 * One variable per resource: key `collection:<uid>` / `environment:<uid>`, value a small JSON
 * `{"hash":"…","updatedAt":"…","path":"…","v":2}` (`path`: the file written from; `v`: the
 * normalization version of the hashes), plus `"source":"…"` when the repository's content hash differs
 * from what was written (environments: the write keeps a variable secret that Postman holds as
 * secret, and the remote value of it, so the written body need not be the file; without `source`
 * every no-op run would have to GET to notice). For environments both hashes cover only the
 * variables the file defines (`sync.ts` `stateHash`): the others are Postman's, never drift.
 *
 * Past {@link MAX_STATE_VARIABLES} resources the entries are packed instead, {@link ENTRIES_PER_PACK}
 * per variable (`entries:1`, `entries:2`, … each a JSON object of key → entry): the environment
 * schema of the older API allowed at most 100 values (docs/postman-api.md), and a state write refused for
 * its size would cost every later run one GET per resource. Both forms are read.
 */
import type { EnvironmentBody, EnvironmentValue } from '../model/resources.js'
import { STATE_ENVIRONMENT_NAME } from '../constants.js'
import type { ResourceKind } from '../model/sync-result.js'
import { isRecord } from '../util/records.js'

/** Below this many resources, one variable each (readable in Postman); above, packed. */
export const MAX_STATE_VARIABLES = 90

/** Entries per packed variable: about 200 bytes each, so a variable stays near 10 kB. */
export const ENTRIES_PER_PACK = 50

const PACK_KEY = /^entries:\d+$/

/** What the action recorded about one resource. */
export interface StateEntry {
  /** `contentHash` of the normalized body that was written (what Postman should now hold). */
  hash: string
  /** The remote `updatedAt` right after the write, as the listing showed it. */
  updatedAt: string
  /** `contentHash` of the repository's file at that write, when it differs from `hash`. */
  source?: string
  /**
   * Repository path of the file written to this resource. Creates get server-assigned ids, so
   * without it a file whose collection is renamed (in the repository or in Postman) would match
   * nothing by id or name and be created a second time.
   */
  path?: string
  /**
   * The `NORMALIZATION_VERSION` the hashes were computed under (`v` in the JSON; entries written
   * before versions were recorded have none, which is version 1). Hashes of another version are
   * not comparable with today's: such an entry is re-judged by content (`plan.ts`).
   */
  version?: number
}

/** State keys by resource; values are entries. */
export type SyncState = Map<string, StateEntry>

/** The state variable key of a resource. */
export function stateKey(kind: ResourceKind, uid: string): string {
  return `${kind}:${uid}`
}

/** The hash the repository's content must have for the resource to count as unchanged. */
export function sourceHash(entry: StateEntry): string {
  return entry.source ?? entry.hash
}

/**
 * Reads the state environment. Variables that are not ours or not valid JSON are ignored (a user
 * may have edited it by hand): the worst case is one GET more, never a wrong "unchanged".
 */
export function parseState(env: EnvironmentBody | undefined): SyncState {
  const state: SyncState = new Map()
  if (!env || !Array.isArray(env.values)) return state
  for (const v of env.values) {
    if (typeof v?.key !== 'string') continue
    if (PACK_KEY.test(v.key)) {
      for (const [key, raw] of Object.entries(parseJsonObject(v.value) ?? {})) {
        const entry = isResourceKey(key) ? toEntry(raw) : undefined
        if (entry) state.set(key, entry)
      }
      continue
    }
    if (!isResourceKey(v.key)) continue
    const entry = toEntry(parseJsonObject(v.value))
    if (entry) state.set(v.key, entry)
  }
  return state
}

const isResourceKey = (key: string): boolean => /^(collection|environment):/.test(key)

function parseJsonObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const parsed = JSON.parse(value) as unknown
    return isRecord(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

function toEntry(value: unknown): StateEntry | undefined {
  const raw = value as Record<string, unknown> | undefined
  if (typeof raw?.hash !== 'string' || typeof raw.updatedAt !== 'string') return undefined
  const entry: StateEntry = { hash: raw.hash, updatedAt: raw.updatedAt }
  if (typeof raw.source === 'string' && raw.source !== raw.hash) entry.source = raw.source
  if (typeof raw.path === 'string' && raw.path !== '') entry.path = raw.path
  if (typeof raw.v === 'number' && Number.isInteger(raw.v)) entry.version = raw.v
  return entry
}

/** One entry with its keys in a fixed order and no redundant `source`. */
function canonicalEntry(entry: StateEntry): StateEntry {
  const out: StateEntry = { hash: entry.hash, updatedAt: entry.updatedAt }
  if (entry.source !== undefined && entry.source !== entry.hash) out.source = entry.source
  if (entry.path !== undefined) out.path = entry.path
  if (entry.version !== undefined) out.version = entry.version
  return out
}

/** The JSON text of one entry, keys in a fixed order. */
export function formatEntry(entry: StateEntry): string {
  return JSON.stringify(toJson(entry))
}

/** An entry as stored: `version` is written `v`, to keep the packed state small. */
function toJson(entry: StateEntry): Record<string, unknown> {
  const { version, ...rest } = canonicalEntry(entry)
  return version === undefined ? rest : { ...rest, v: version }
}

/**
 * Which resource each repository path was last written to: `pathKey(kind, path)` → uid. Entries
 * written before paths were recorded have none; their files resolve by id and name as before.
 */
export function lastWrittenTargets(state: SyncState): Map<string, string> {
  const targets = new Map<string, string>()
  for (const [key, entry] of state) {
    const match = /^(collection|environment):(.+)$/.exec(key) // both groups are set on a match
    if (match && entry.path !== undefined) targets.set(pathKey(match[1] as ResourceKind, entry.path), match[2]!)
  }
  return targets
}

/** The key of `lastWrittenTargets`. */
export function pathKey(kind: ResourceKind, path: string): string {
  return `${kind}:${path}`
}

/**
 * The state environment body to write: the previous entries, updated with `changes`, minus the
 * entries of resources that no longer exist (`live` = every uid key still in the workspace), so
 * the state does not grow forever as collections are deleted.
 */
export function buildStateEnvironment(previous: SyncState, changes: SyncState, live: ReadonlySet<string>): EnvironmentBody {
  const merged = new Map(previous)
  for (const [key, entry] of changes) merged.set(key, entry)
  const kept = [...merged].filter(([key]) => live.has(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const variable = (key: string, value: string): EnvironmentValue => ({ key, value, type: 'default', enabled: true })
  if (kept.length <= MAX_STATE_VARIABLES) return { name: STATE_ENVIRONMENT_NAME, values: kept.map(([key, entry]) => variable(key, formatEntry(entry))) }
  const values: EnvironmentValue[] = []
  for (let i = 0; i < kept.length; i += ENTRIES_PER_PACK) {
    const pack = Object.fromEntries(kept.slice(i, i + ENTRIES_PER_PACK).map(([key, entry]) => [key, toJson(entry)]))
    values.push(variable(`entries:${values.length + 1}`, JSON.stringify(pack)))
  }
  return { name: STATE_ENVIRONMENT_NAME, values }
}
