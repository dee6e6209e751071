/**
 * The check run: every finding as an annotation (workflow annotations stop at 10 per level), on
 * the commit the pull request shows — `pull_request.head.sha`, not the merge commit.
 * The API takes at most 50 annotations per request: the first 50 go with the create, the rest
 * with updates of 50 each (https://docs.github.com/rest/checks/runs#update-a-check-run).
 */
import { emitAnnotations, withOneMoreNotice, type AnnotationCounts, type AnnotationSink } from './annotations.js'
import type { Finding } from '../model/finding.js'
import { reasonOf, statusOf, type GitHubClient } from '../github/client.js'
import { CHECK_SUMMARY_LIMIT } from './summary.js'

/** Annotations per check-run request. */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50
/** Limits of one annotation's fields. */
const MESSAGE_LIMIT = 64 * 1024 - 1
const TITLE_LIMIT = 255

export interface CheckRunInput {
  octokit: GitHubClient
  owner: string
  repo: string
  /** `check-name`, with the shard already appended (`checkRunName`). */
  name: string
  /** `pull_request.head.sha` on pull-request events, else `GITHUB_SHA`. */
  headSha: string
  findings: Finding[]
  /** One-line title of the output, e.g. `3 failed tests`. */
  title: string
  /** Markdown summary; cut to 65,535 characters if longer. */
  summary: string
  conclusion: 'success' | 'failure' | 'neutral'
  /** Link to the workflow run. */
  detailsUrl?: string
  /** Warnings and notices the step logged before, counted in the fallback's 10 per level. */
  logged?: AnnotationCounts
}

export type CheckRunResult = { published: true; id: number; requests: number; htmlUrl?: string } | { published: false; status?: number; reason: string }

/** `check-name`, with `i/n` appended when there is more than one shard, so one shard cannot hide another. */
export function checkRunName(name: string, shard: { index: number; total: number }): string {
  return shard.total > 1 ? `${name} (${shard.index}/${shard.total})` : name
}

/** A check-run annotation for each finding. */
export function toCheckAnnotations(findings: Finding[]): Array<{
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: 'failure' | 'warning' | 'notice'
  message: string
  title: string
  raw_details?: string
}> {
  return findings.map((f) => {
    const line = f.line ?? 1
    return {
      path: f.file,
      start_line: line,
      end_line: line,
      // Columns are only allowed on single-line annotations, which these are.
      ...(f.column === undefined ? {} : { start_column: f.column, end_column: f.column }),
      annotation_level: f.level === 'error' ? 'failure' : f.level,
      message: f.message.slice(0, MESSAGE_LIMIT),
      title: f.title.slice(0, TITLE_LIMIT),
      ...(f.excerpt === undefined ? {} : { raw_details: f.excerpt.slice(0, MESSAGE_LIMIT) })
    }
  })
}

/**
 * Creates the completed check run with all annotations. When the token may not write checks
 * (403: no `checks: write`, or a fork's read-only token) or the API fails, and `fallback` is
 * given, the findings go out as workflow annotations instead, with a notice saying why.
 */
export async function publishCheckRun(input: CheckRunInput, fallback?: AnnotationSink): Promise<CheckRunResult> {
  const annotations = toCheckAnnotations(input.findings)
  const batches: Array<typeof annotations> = []
  for (let i = 0; i < annotations.length; i += CHECK_ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + CHECK_ANNOTATIONS_PER_REQUEST))
  const output = (batch: typeof annotations = []) => ({
    title: input.title.slice(0, TITLE_LIMIT),
    summary: cut(input.summary, CHECK_SUMMARY_LIMIT),
    ...(batch.length > 0 ? { annotations: batch } : {})
  })
  let requests = 0
  try {
    const created = await input.octokit.rest.checks.create({
      owner: input.owner,
      repo: input.repo,
      name: input.name,
      head_sha: input.headSha,
      status: 'completed',
      conclusion: input.conclusion,
      ...(input.detailsUrl === undefined ? {} : { details_url: input.detailsUrl }),
      output: output(batches[0])
    })
    requests++
    for (const batch of batches.slice(1)) {
      await input.octokit.rest.checks.update({ owner: input.owner, repo: input.repo, check_run_id: created.data.id, output: output(batch) })
      requests++
    }
    return { published: true, id: created.data.id, requests, htmlUrl: created.data.html_url ?? undefined }
  } catch (error) {
    const status = statusOf(error)
    const reason =
      status === 403
        ? 'the token may not write checks (403); give the job `permissions: checks: write`'
        : `the check run could not be written (${reasonOf(error)})`
    if (fallback !== undefined) {
      fallback.notice(
        `Check run '${input.name}': ${reason}. Findings are shown as workflow annotations instead (at most 10 per level; all are in the job summary).`,
        {
          title: 'No check run'
        }
      )
      emitAnnotations(input.findings, fallback, 'the job summary', withOneMoreNotice(input.logged))
    }
    return { published: false, status, reason }
  }
}

/** `text` cut to `limit` characters, ending with a note when cut. */
function cut(text: string, limit: number): string {
  if (text.length <= limit) return text
  const note = '\n\n… (cut: the check-run summary is limited to 65,535 characters; see the job summary)'
  return text.slice(0, limit - note.length) + note
}
