/**
 * One pull-request comment per check name, found again by a hidden marker and updated in place,
 * so a pull request with ten pushes has one comment, not ten.
 */
import { reasonOf, statusOf, type GitHubClient } from '../github/client.js'
import { buildSummary, type SummaryInput } from './summary.js'

/** A comment body holds at most 65,536 characters; keep clear of it. */
export const COMMENT_LIMIT_BYTES = 60_000

/** The hidden marker at the start of the comment. The name keeps shards' comments apart. */
export function commentMarker(name: string): string {
  return `<!-- postman-sync:comment ${name.replace(/-->/g, '')} -->`
}

export interface CommentInput extends SummaryInput {
  /** `check-name` with the shard appended. */
  name: string
  /** Link to the workflow run, shown at the end. */
  runUrl?: string
}

/** The comment body: marker, the plan and the failed tests (the summary, smaller), a link to the run. */
export function buildComment(input: CommentInput): string {
  const footer = input.runUrl === undefined ? '' : `\n<sub>[Workflow run](${encodeURI(input.runUrl)})</sub>\n`
  const marker = commentMarker(input.name)
  const body = buildSummary({ ...input, title: input.title ?? input.name }, COMMENT_LIMIT_BYTES - marker.length - footer.length - 200)
  return `${marker}\n${body}${footer}`
}

export type CommentResult = { action: 'created' | 'updated'; id: number } | { action: 'absent' } | { action: 'failed'; status?: number; reason: string }

/**
 * Updates the comment that starts with the marker and was written by a bot (the token's
 * identity), or creates one. A comment by a person that merely contains the marker is never
 * edited. Failures (a fork's read-only token: 403) are returned, not thrown: the job summary
 * still has everything.
 */
export async function upsertPullRequestComment(input: {
  octokit: GitHubClient
  owner: string
  repo: string
  issueNumber: number
  body: string
  marker: string
  /** False: only update an existing comment (a clean run settling an earlier one); default true. */
  createIfMissing?: boolean
}): Promise<CommentResult> {
  const { octokit, owner, repo } = input
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: input.issueNumber, per_page: 100 })
    const mine = comments.find((c) => c.user?.type === 'Bot' && (c.body ?? '').startsWith(input.marker))
    if (mine !== undefined) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: input.body })
      return { action: 'updated', id: mine.id }
    }
    if (input.createIfMissing === false) return { action: 'absent' }
    const created = await octokit.rest.issues.createComment({ owner, repo, issue_number: input.issueNumber, body: input.body })
    return { action: 'created', id: created.data.id }
  } catch (error) {
    return { action: 'failed', status: statusOf(error), reason: reasonOf(error) }
  }
}
