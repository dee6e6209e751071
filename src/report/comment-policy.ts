/**
 * When the pull-request comment is posted (`comment` input): a comment on every pull request is
 * noise, so by default (`auto`) it appears only when there is something to look at — the plan
 * changes something, or something failed — and a later clean run turns it into an "all green"
 * note rather than leaving a stale failure on the pull request.
 */
import type { RunsResult } from '../model/runs.js'
import type { SyncResult } from '../model/sync-result.js'
import type { Finding } from '../model/finding.js'
import { isRunFinding } from '../model/finding.js'

/** The values of the `comment` input. */
export const COMMENT_MODES = ['auto', 'always', 'changes', 'failures', 'off'] as const
export type CommentMode = (typeof COMMENT_MODES)[number]

/** `post`: create or update the comment; `settle`: update an existing one to "all green", never create one; `none`. */
export type CommentDecision = 'post' | 'settle' | 'none'

export interface CommentFacts {
  sync?: SyncResult
  runs?: RunsResult
  findings: Finding[]
}

/** The plan creates or updates something (a push that wrote nothing still planned it). */
export function planChanges(facts: CommentFacts): boolean {
  return (facts.sync?.entries ?? []).some((e) => e.action === 'create' || e.action === 'update')
}

/** A test or a run failed, or the sync has errors (invalid files, conflicts, failed writes). */
export function somethingFailed(facts: CommentFacts): boolean {
  if (facts.runs !== undefined && !facts.runs.testsPassed) return true
  if (facts.findings.some((f) => isRunFinding(f) || f.level === 'error')) return true
  return (facts.sync?.entries ?? []).some((e) => e.action === 'error' || e.action === 'conflict')
}

/** What the comment does this run. */
export function commentDecision(mode: CommentMode, facts: CommentFacts): CommentDecision {
  switch (mode) {
    case 'off':
      return 'none'
    case 'always':
      return 'post'
    case 'changes':
      return planChanges(facts) ? 'post' : 'none'
    case 'failures':
      return somethingFailed(facts) ? 'post' : 'none'
    case 'auto':
      return planChanges(facts) || somethingFailed(facts) ? 'post' : 'settle'
  }
}

/** The body that replaces an earlier comment once a run is clean: no plan, no quota, a link to the run. */
export function allGreenComment(marker: string, name: string, runUrl?: string): string {
  const link = runUrl === undefined ? '' : ` ([workflow run](${encodeURI(runUrl)}))`
  return `${marker}\n## ${name.replace(/[<>&]/g, '')}\n\n✅ All green: nothing to sync and every test passed in the latest run${link}.\n`
}

/** The note the summary shows about the monthly quota; the comment leaves it out (it is not the pull request's business). */
export function quotaNote(remaining: number): string {
  return `Postman API calls left this month: ${remaining}.`
}

/** The facts as the comment shows them: without the quota, in the notes or in the plan's footer. */
export function withoutQuota(sync: SyncResult | undefined, notes: string[]): { sync?: SyncResult; notes: string[] } {
  if (sync?.quotaRemaining === undefined) return { sync, notes }
  const note = quotaNote(sync.quotaRemaining)
  const { quotaRemaining: _dropped, ...rest } = sync
  return { sync: rest, notes: notes.filter((n) => n !== note) }
}
