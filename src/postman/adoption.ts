/**
 * Writes that are never retried blindly. A POST whose answer was lost may have landed (retried
 * POSTs have made duplicate collections, https://github.com/postmanlabs/postman-app-support/issues/8213),
 * and a PATCH that appends a variable would append it twice. After an ambiguous failure the client
 * looks first: a create adopts the one new resource of its name; an append checks for its keys.
 */
import type { EnvironmentBody, JsonPatchOperation, ResourceRef, ResourceSummary } from './api.js'
import { ValidationError } from './errors.js'
import { decodeRef } from './decode.js'
import { AmbiguousCreate, type Budget, type Call, type Requester } from './request.js'
import { escapeForLog } from '../util/log-text.js'
import { scalarText } from '../util/scalar-text.js'

export type ListKind = 'collections' | 'environments'

/**
 * What the client has seen of each workspace's listings, so a create knows which same-named
 * resources predate it without one more lookup.
 */
export class WorkspaceMemory {
  private readonly seen = new Map<string, { collections: Set<string>; environments: Set<string> }>()
  /** Workspaces (and kinds) whose full listing this client has seen, even if it was empty. */
  private readonly listed = new Set<string>()

  remember(workspaceId: string, kind: ListKind, ids: Iterable<string>): void {
    let seen = this.seen.get(workspaceId)
    if (!seen) {
      seen = { collections: new Set(), environments: new Set() }
      this.seen.set(workspaceId, seen)
    }
    for (const id of ids) seen[kind].add(id)
  }

  /** A full listing of `kind` in the workspace: every id in it is known to predate later creates. */
  listing(workspaceId: string, kind: ListKind, ids: Iterable<string>): void {
    this.remember(workspaceId, kind, ids)
    this.listed.add(`${workspaceId}/${kind}`)
  }

  known(workspaceId: string, kind: ListKind): Set<string> {
    return new Set(this.seen.get(workspaceId)?.[kind] ?? [])
  }

  hasListing(workspaceId: string, kind: ListKind): boolean {
    return this.listed.has(`${workspaceId}/${kind}`)
  }
}

/** One create: where, of what, and how to look its name up. */
export interface CreateSpec {
  kind: ListKind
  workspaceId: string
  name: string
  call: Call
  find: () => Promise<ResourceSummary[]>
}

/** Counts a retry of an ambiguous write in the call's budget and the client's stats. */
function countRetry(requester: Requester, budget: Budget, err: AmbiguousCreate): void {
  if (err.final) return
  budget.retries++
  requester.stats.retries++
}

/**
 * A POST after an ambiguous failure: exactly one match that was not there before → adopt it;
 * none → POST again within the retry budget; several → stop and say so.
 */
export async function createWithAdoption(requester: Requester, memory: WorkspaceMemory, spec: CreateSpec): Promise<ResourceRef> {
  const { kind, workspaceId, name, call, find } = spec
  const key = kind === 'collections' ? 'collection' : 'environment'
  const { logger, clock } = requester.o
  // Which same-named resources predate this create: from a listing this client already made of
  // the workspace (plus what it created since), else one lookup now.
  const before = memory.hasListing(workspaceId, kind)
    ? memory.known(workspaceId, kind)
    : new Set([...memory.known(workspaceId, kind), ...(await find()).map((s) => s.id)])
  const budget = requester.newBudget()
  for (;;) {
    try {
      const ref = decodeRef(call, (await requester.request(call, budget)).data, key)
      memory.remember(workspaceId, kind, [ref.id])
      return ref
    } catch (err) {
      if (!(err instanceof AmbiguousCreate)) throw err
      countRetry(requester, budget, err)
      logger.warning(
        `${call.method} ${call.path} for '${escapeForLog(name)}' failed (${err.reason}); checking whether it was created${err.final ? '' : ' before trying again'}.`
      )
      await clock.sleep(err.delayMs)
      const fresh = (await find()).filter((s) => !before.has(s.id))
      const [only] = fresh
      if (fresh.length === 1 && only) {
        logger.info(`Adopted the ${key} '${escapeForLog(name)}' (${only.uid}) created by the call whose answer was lost.`)
        memory.remember(workspaceId, kind, [only.id])
        return { id: only.id, uid: only.uid, name: only.name }
      }
      if (fresh.length > 1) {
        throw new ValidationError(
          { ...err.failure, postmanMessage: `${fresh.length} new ${kind} named '${name}' appeared` },
          `Several ${kind} named '${name}' appeared in workspace ${workspaceId} after a failed create; keep one (delete the others in Postman) and run again.`
        )
      }
      if (err.final) throw err.failure
    }
  }
}

/**
 * A PATCH of an environment. Appends (`/values/-`) are the one part that is not idempotent: after
 * a failure that may have applied, `read` the environment before sending again (a patch applies
 * whole or not at all).
 */
export async function patchWithCheck(
  requester: Requester,
  target: { call: Call; idOrUid: string; operations: JsonPatchOperation[] },
  read: () => Promise<EnvironmentBody | undefined>
): Promise<ResourceRef> {
  const { call, idOrUid, operations } = target
  const appended = operations.filter((op) => op.path.endsWith('/-')).map((op) => scalarText((op.value as { key?: unknown } | undefined)?.key ?? ''))
  const budget = requester.newBudget()
  for (;;) {
    try {
      return decodeRef(call, (await requester.request(call, budget)).data, 'environment')
    } catch (err) {
      if (!(err instanceof AmbiguousCreate)) throw err
      countRetry(requester, budget, err)
      await requester.o.clock.sleep(err.delayMs)
      if (appended.length > 0) {
        const now = await read()
        const keys = new Set((now?.values ?? []).map((v) => v.key))
        if (now && appended.every((k) => keys.has(k))) return { id: typeof now.id === 'string' ? now.id : idOrUid, uid: idOrUid, name: now.name }
      }
      if (err.final) throw err.failure
    }
  }
}
