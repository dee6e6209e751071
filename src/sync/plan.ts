/**
 * The planner's decisions (docs/architecture.md#comparison-and-drift), pure: from hashes, the listing's `updatedAt` and
 * the state entry, whether a file needs its remote fetched; from the comparison, whether it is
 * unchanged, an update or a conflict; then the `on-conflict` policy and whether the run may write
 * at all. `sync.ts` gathers the inputs (the I/O) and turns these into plan entries.
 */
import type { PlanAction, PlanEntry } from '../model/sync-result.js'
import { sourceHash, type StateEntry } from './state.js'
import { NORMALIZATION_VERSION } from '../content/normalize.js'
import { plural } from '../util/plural.js'

/** What is known about an existing target before any GET. */
export interface Precheck {
  /** `contentHash` of the repository's normalized file. */
  localHash: string
  /** The remote `updatedAt`, from the listing. */
  remoteUpdatedAt?: string
  /** The state's entry for the target, if any (none under `state: off`). */
  entry?: StateEntry
}

/**
 * True when the file is `unchanged` without a GET: the remote has not moved since the action
 * wrote it, and the repository still holds what it held then. This is what keeps a no-op sync at
 * four calls whatever the number of files.
 */
export function unchangedWithoutFetch(p: Precheck): boolean {
  const entry = currentEntry(p.entry)
  return entry !== undefined && p.remoteUpdatedAt !== undefined && entry.updatedAt === p.remoteUpdatedAt && sourceHash(entry) === p.localHash
}

/** The entry when its hashes were computed under today's normalization; otherwise none. */
export function currentEntry(entry: StateEntry | undefined): StateEntry | undefined {
  return entry !== undefined && (entry.version ?? 1) === NORMALIZATION_VERSION ? entry : undefined
}

/** The remote, fetched and compared. */
export interface Comparison {
  /** `contentHash` of the normalized remote. */
  remoteHash: string
  /** A push would change nothing in Postman. */
  equalsLocal: boolean
  /** The remote equals the file at the base commit; `undefined` when there is no base. */
  equalsBase?: boolean
}

export interface Decision {
  action: Extract<PlanAction, 'unchanged' | 'update' | 'conflict'>
  reason?: string
}

/**
 * Unchanged, update or conflict, for a target whose remote was fetched. With a state entry the
 * remote content must be what the action wrote: `updatedAt` alone is never trusted, as Postman
 * does not always move it when a request inside a collection is edited (docs/postman-api.md).
 * An entry hashed under another normalization version says nothing about content: the base
 * commit decides, else an unmoved `updatedAt` (all the old entry can still vouch for).
 */
export function decide(p: Precheck, c: Comparison): Decision {
  if (c.equalsLocal) return { action: 'unchanged' }
  const entry = currentEntry(p.entry)
  const unmoved = p.entry !== undefined && p.remoteUpdatedAt !== undefined && p.entry.updatedAt === p.remoteUpdatedAt
  if (entry) {
    // An unmoved timestamp or one moved by edits that change nothing (an undo, a re-save): content decides.
    if (c.remoteHash === entry.hash) return { action: 'update' }
    const when = unmoved
      ? ' (its updatedAt did not move: Postman does not always move it on an edit inside a collection)'
      : p.remoteUpdatedAt
        ? ` (updated ${p.remoteUpdatedAt})`
        : ''
    // Say which side moved: a developer told "the repository changed too" looks for an edit that may not exist.
    const repository = sourceHash(entry) === p.localHash ? '; the repository did not change.' : ', and the repository changed too.'
    return { action: 'conflict', reason: `Changed in Postman${when} since this action last wrote it${repository}` }
  }
  if (c.equalsBase === true) return { action: 'update' }
  if (c.equalsBase === false) {
    return { action: 'conflict', reason: 'The Postman copy differs both from the repository and from the file at the base commit: it was changed in Postman.' }
  }
  if (unmoved) return { action: 'update' }
  return {
    action: 'conflict',
    reason:
      'The Postman copy differs from the repository and there is no record of what this action last wrote (no state entry, no base commit), so it may hold edits made in Postman.'
  }
}

export type ConflictPolicy = 'fail' | 'skip' | 'overwrite'

/**
 * The two ways out of a conflict, each a workflow in `examples/workflows/`: keep Postman's edits
 * (a pull opens a pull request with them) or replace them (one deliberate overwrite).
 */
export const CONFLICT_WAYS_OUT =
  "To keep the Postman edits, run a pull (sync: pull; examples/workflows/pull-from-postman.yml opens a pull request with them); to replace them with the repository's version, run one deliberate push with on-conflict: overwrite (examples/workflows/overwrite-postman.yml)."

/** `overwrite` turns a conflict into an update (the repository wins); the others keep it. */
export function applyConflictPolicy(d: Decision, policy: ConflictPolicy): Decision {
  if (d.action !== 'conflict' || policy !== 'overwrite') return d
  return { action: 'update', reason: `${d.reason ?? 'Conflict.'} The repository wins (on-conflict: overwrite).` }
}

/** Plan entries that write. */
export function writesOf(entries: readonly PlanEntry[]): PlanEntry[] {
  return entries.filter((e) => e.action === 'create' || e.action === 'update')
}

/**
 * Why the run writes nothing at all, if it must not (the gates that need no API call): invalid
 * files, or conflicts under `on-conflict: fail`. `undefined` when writes may go ahead.
 */
export function writeBlocker(entries: readonly PlanEntry[], opts: { invalidFiles: number; onConflict: ConflictPolicy }): string | undefined {
  if (opts.invalidFiles > 0) return `${plural(opts.invalidFiles, 'file')} failed validation; nothing is written until every file is valid.`
  const conflicts = entries.filter((e) => e.action === 'conflict').length
  if (conflicts > 0 && opts.onConflict === 'fail') {
    return `${plural(conflicts, 'conflict')} under on-conflict: fail; nothing was written. ${CONFLICT_WAYS_OUT} (on-conflict: skip pushes the rest.)`
  }
  return undefined
}

/**
 * API calls the writes still need: one per write, one listing per kind written (to read the new
 * `updatedAt`), and the state write — compared with the monthly quota left before the first write.
 */
export function callsNeeded(entries: readonly PlanEntry[], stateOn: boolean): number {
  const writes = writesOf(entries)
  if (writes.length === 0) return 0
  const kinds = new Set(writes.map((e) => e.kind)).size
  return writes.reduce((n, e) => n + (e.calls ?? 1), 0) + (stateOn ? kinds + 1 : 0)
}
