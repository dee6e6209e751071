/**
 * The workflow event the action runs for, read from `@actions/github`'s context (which reads
 * `GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH`, `GITHUB_SHA`, `GITHUB_REF`, …), and the decisions that
 * depend only on it: which sync mode `auto` means, and whether a missing API key is expected.
 */
import * as github from '@actions/github'
import type { SyncInput, SyncMode } from './settings.js'

/** What the rest of the action needs to know about the triggering event. */
export interface EventInfo {
  /** `GITHUB_EVENT_NAME`, e.g. `push`, `pull_request`. */
  eventName: string
  /** `GITHUB_SHA`: on a pull request, the merge commit. */
  sha: string
  /** `GITHUB_REF`, e.g. `refs/heads/main`, `refs/tags/v1`, `refs/pull/7/merge`. */
  ref: string
  /** The commit annotations and check runs belong to: the PR head on `pull_request*`, else `sha`. */
  headSha: string
  /** `repository.default_branch` from the payload, when the event carries it. */
  defaultBranch?: string
  /** The last synced revision's fallback when the state has no entry for a file: push `before`, PR base sha, merge-group base sha; a zero sha is none. */
  baseSha?: string
  /** A pull request from another repository (its head repository differs from, or was deleted from, the base). */
  isFork: boolean
  /** Triggered by Dependabot, which runs without the repository's secrets. */
  isDependabot: boolean
  /** The pull request's number on `pull_request*` events. */
  pullRequestNumber?: number
  /** `owner/name`. */
  repository: string
  /** `GITHUB_WORKSPACE`: the checkout the globs are relative to (the current directory when unset). */
  workspaceDir: string
}

/** The shape of `@actions/github`'s `context` that this module reads. */
export type GitHubContext = Pick<typeof github.context, 'eventName' | 'sha' | 'ref' | 'actor' | 'payload'>

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'])

const DEPENDABOT = 'dependabot[bot]'

/**
 * Reads the event. `source` defaults to `@actions/github`'s `context`, which is hydrated once when
 * the module loads; tests pass a freshly hydrated one.
 */
export function readEventInfo(source: GitHubContext = github.context, env: NodeJS.ProcessEnv = process.env): EventInfo {
  const payload = source.payload as Payload
  const eventName = source.eventName ?? ''
  const sha = source.sha ?? ''
  const pullRequest = PULL_REQUEST_EVENTS.has(eventName) ? payload.pull_request : undefined

  return {
    eventName,
    sha,
    ref: source.ref ?? '',
    headSha: pullRequest?.head?.sha ?? sha,
    defaultBranch: payload.repository?.default_branch,
    baseSha: nonZeroSha(baseShaOf(eventName, payload)),
    isFork: pullRequest !== undefined && isForkPullRequest(pullRequest),
    isDependabot: source.actor === DEPENDABOT || payload.sender?.login === DEPENDABOT,
    pullRequestNumber: pullRequest?.number,
    repository: env.GITHUB_REPOSITORY ?? payload.repository?.full_name ?? '',
    workspaceDir: env.GITHUB_WORKSPACE || process.cwd()
  }
}

/**
 * What `sync` means for this event (the `sync` input). `auto` pushes only for content that has landed: a
 * push to the default branch, a pushed tag, a release. Everything else (pull requests, merge
 * queues, schedules, a manual run on any branch) only plans, so nothing unreviewed reaches Postman.
 * `pull` is only ever asked for: it rewrites files in the checkout.
 */
export function resolveSyncMode(requested: SyncInput, event: EventInfo): SyncMode {
  if (requested !== 'auto') return requested
  if (event.eventName === 'release') return 'push'
  if (event.eventName === 'push') {
    if (event.ref.startsWith('refs/tags/')) return 'push'
    // Without a default branch in the payload we cannot tell it is the default branch: plan.
    if (event.defaultBranch !== undefined && event.ref === `refs/heads/${event.defaultBranch}`) return 'push'
  }
  return 'plan'
}

/**
 * Whether an empty `postman-api-key` is expected here rather than a mistake: GitHub gives no
 * secrets to a `pull_request` run from a fork, nor to a run Dependabot triggered. (A
 * `pull_request_target` run has the base repository's secrets, so an empty key there is an error.)
 */
export function apiKeyMissingIsExpected(event: EventInfo): boolean {
  return event.isDependabot || (event.isFork && event.eventName !== 'pull_request_target')
}

/** The fields of the webhook payloads this module reads; everything is optional in practice. */
interface Payload {
  before?: string
  repository?: { default_branch?: string; full_name?: string }
  sender?: { login?: string }
  pull_request?: PullRequest
  merge_group?: { base_sha?: string; head_sha?: string }
}

interface PullRequest {
  number?: number
  head?: { sha?: string; repo?: { full_name?: string } | null }
  base?: { sha?: string; repo?: { full_name?: string } | null }
}

function baseShaOf(eventName: string, payload: Payload): string | undefined {
  if (eventName === 'push') return payload.before
  if (eventName === 'merge_group') return payload.merge_group?.base_sha
  if (PULL_REQUEST_EVENTS.has(eventName)) return payload.pull_request?.base?.sha
  return undefined
}

/** GitHub sends forty zeros for "no commit" (a new branch's `before`). */
function nonZeroSha(sha: string | undefined): string | undefined {
  return sha === undefined || sha === '' || /^0+$/.test(sha) ? undefined : sha
}

function isForkPullRequest(pr: PullRequest): boolean {
  const head = pr.head?.repo?.full_name
  const base = pr.base?.repo?.full_name
  // A deleted fork leaves `head.repo` null: still not this repository.
  if (head === undefined || head === null) return pr.head?.repo === null
  return base === undefined || head.toLowerCase() !== base.toLowerCase()
}
