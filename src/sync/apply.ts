/**
 * The writes of a push (docs/architecture.md#apply), once the plan is complete: creates (with `?workspace=`,
 * which the client sends) and full-replace updates, then the state last. Pacing and retries are
 * the client's job; this module only bounds how many writes are in flight and stops starting new
 * ones when the monthly quota runs out (every later call would fail the same way).
 */
import type { CollectionBody, EnvironmentBody, JsonPatchOperation, PostmanApi, ResourceRef } from '../postman/api.js'
import { QuotaExhaustedError } from '../postman/errors.js'
import type { ResourceKind } from '../model/sync-result.js'
import { forEachInPool } from '../util/pool.js'

/** One write the plan decided. */
export interface WriteJob {
  kind: ResourceKind
  /** The file, for messages. */
  path: string
  /** The target's uid for an update; `undefined` for a create. */
  uid?: string
  body: CollectionBody | EnvironmentBody
  /** An environment update as PATCH calls (in order) instead of a PUT of `body`. */
  patch?: JsonPatchOperation[][]
}

/** What happened to one job. */
export interface WriteOutcome {
  job: WriteJob
  ref?: ResourceRef
  error?: Error
  /** Not attempted: the quota ran out first. */
  notStarted?: boolean
}

/** In-flight writes. The client paces to the server's limits anyway; this keeps memory flat. */
export const WRITE_CONCURRENCY = 4

/** Performs one write. */
export function write(api: PostmanApi, workspace: string, job: WriteJob): Promise<ResourceRef> {
  if (job.kind === 'collection') {
    const body = job.body as CollectionBody
    return job.uid === undefined ? api.createCollection(workspace, body) : api.updateCollection(job.uid, body)
  }
  const body = job.body as EnvironmentBody
  if (job.uid === undefined) return api.createEnvironment(workspace, body)
  return job.patch ? patchAll(api, job.uid, job.patch) : api.updateEnvironment(job.uid, body)
}

/** The PATCH calls one after the other (each is one operation type); the last answer is the ref. */
async function patchAll(api: PostmanApi, uid: string, calls: JsonPatchOperation[][]): Promise<ResourceRef> {
  let ref: ResourceRef = { id: uid, uid }
  for (const operations of calls) ref = await api.patchEnvironment(uid, operations)
  return ref
}

/**
 * Runs the jobs, `concurrency` at a time. A failed write marks its job and the rest still go,
 * except after a `QuotaExhaustedError`: then no new job starts (`quotaExhausted`).
 */
export async function applyWrites(
  api: PostmanApi,
  workspace: string,
  jobs: readonly WriteJob[],
  concurrency = WRITE_CONCURRENCY
): Promise<{ outcomes: WriteOutcome[]; quotaExhausted: boolean }> {
  const outcomes: WriteOutcome[] = jobs.map((job) => ({ job, notStarted: true }))
  let quotaExhausted = false
  const run = async (job: WriteJob, index: number): Promise<void> => {
    const outcome: WriteOutcome = { job }
    outcomes[index] = outcome
    try {
      outcome.ref = await write(api, workspace, job)
    } catch (error) {
      outcome.error = error instanceof Error ? error : new Error(String(error))
      if (error instanceof QuotaExhaustedError) quotaExhausted = true
    }
  }
  await forEachInPool(jobs, concurrency, run, () => quotaExhausted)
  return { outcomes, quotaExhausted }
}
