/**
 * The writes of a push (docs/architecture.md#apply), once the plan is complete: creates (with `?workspace=`,
 * which the client sends) and full-replace updates, then the state last. Pacing and retries are
 * the client's job; this module only bounds how many writes are in flight and stops starting new
 * ones when the monthly quota runs out (every later call would fail the same way).
 */
import type { CollectionBody, EnvironmentBody, PostmanApi, ResourceRef } from '../postman/api.js'
import { QuotaExhaustedError } from '../postman/errors.js'
import type { ResourceKind } from './model.js'

/** One write the plan decided. */
export interface WriteJob {
  kind: ResourceKind
  /** The file, for messages. */
  path: string
  /** The target's uid for an update; `undefined` for a create. */
  uid?: string
  body: CollectionBody | EnvironmentBody
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
  return job.uid === undefined ? api.createEnvironment(workspace, body) : api.updateEnvironment(job.uid, body)
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
  let next = 0
  let quotaExhausted = false
  const worker = async (): Promise<void> => {
    while (!quotaExhausted && next < jobs.length) {
      const index = next++
      const outcome: WriteOutcome = { job: jobs[index]! } // index < jobs.length, checked above
      outcomes[index] = outcome
      try {
        outcome.ref = await write(api, workspace, outcome.job)
      } catch (error) {
        outcome.error = error instanceof Error ? error : new Error(String(error))
        if (error instanceof QuotaExhaustedError) quotaExhausted = true
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, worker))
  return { outcomes, quotaExhausted }
}
