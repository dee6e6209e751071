/**
 * Publishes every report of a step from one set of results (collected as data, rendered once): the check run (or
 * workflow annotations), the pull-request comment and, last, the job summary (the JUnit file and
 * the run report are written with the outputs, by `writeRunOutputs`) —
 * last so it can say what happened to the others (a fallback, a comment the token could not
 * write).
 */
import * as core from '@actions/core'
import type { EventInfo } from '../context.js'
import { runErrorCount, type RunsResult } from '../model/runs.js'
import type { Settings } from '../settings.js'
import type { SyncResult } from '../model/sync-result.js'
import { emitAnnotations, withOneMoreNotice, type AnnotationCounts, type AnnotationSink } from './annotations.js'
import { checkRunName, publishCheckRun } from './check-run.js'
import { buildComment, commentMarker, upsertPullRequestComment } from './comment.js'
import { isRunFinding, type Finding } from '../model/finding.js'
import { createGitHubClient, type GitHubClient } from '../github/client.js'
import { allGreenComment, commentDecision, withoutQuota } from './comment-policy.js'
import { buildSummary, CHECK_SUMMARY_LIMIT } from './summary.js'
import { annotationSink } from '../util/log-text.js'
import type { UploadedArtifact } from '../model/artifact.js'

/** Everything a step produced. */
export interface PublishInput {
  settings: Settings
  event: EventInfo
  sync?: SyncResult
  runs?: RunsResult
  findings: Finding[]
  notes: string[]
  /** The workflow artifact uploaded before the reports, named in the summary and the comment. */
  artifact?: UploadedArtifact
  /** Warnings and notices the step logged before (the sync's, the artifact's): they use up GitHub's 10 per level too. */
  logged?: AnnotationCounts
}

/** What the orchestrator calls. */
export interface Reporter {
  publish(input: PublishInput): Promise<void>
}

/** The side effects of publishing, real in `createReporter`, fakes or loopback servers in tests. */
export interface PublishDeps {
  annotations: AnnotationSink
  /** Appends Markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>
  /** An octokit for the token; undefined when there is no token. */
  github?: GitHubClient
  /** `GITHUB_SERVER_URL`, `GITHUB_RUN_ID` for links to the run. */
  env: NodeJS.ProcessEnv
}

/** The real reporter: `@actions/core` and `@actions/github` with `GITHUB_API_URL`. */
export function createReporter(settings: Settings, _event: EventInfo, env: NodeJS.ProcessEnv = process.env): Reporter {
  const deps: PublishDeps = {
    annotations: annotationSink,
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown).write()
    },
    github: settings.githubToken ? createGitHubClient(settings.githubToken, env) : undefined,
    env
  }
  return { publish: (input) => publishReports(input, deps) }
}

/** One line for the check run's title: what failed, or that nothing did. */
export function checkRunTitle(input: Pick<PublishInput, 'runs' | 'findings' | 'sync'>): string {
  const parts: string[] = []
  const failedTests = input.findings.filter(isRunFinding).length
  const runErrors = runErrorCount(input.runs)
  const conflicts = input.sync?.entries.filter((e) => e.action === 'conflict').length ?? 0
  const other = input.findings.filter((f) => f.level === 'error' && (f.kind === 'invalid-file' || f.kind === 'sync-error')).length
  if (failedTests > 0) parts.push(`${failedTests} failed test${failedTests === 1 ? '' : 's'}`)
  if (runErrors > 0) parts.push(`${runErrors} run error${runErrors === 1 ? '' : 's'}`)
  if (conflicts > 0) parts.push(`${conflicts} conflict${conflicts === 1 ? '' : 's'}`)
  if (other > 0) parts.push(`${other} sync error${other === 1 ? '' : 's'}`)
  return parts.length > 0 ? parts.join(', ') : 'All checks passed'
}

/** Publishes every report. Failures of the GitHub API degrade to annotations and notes; they never throw. */
export async function publishReports(input: PublishInput, deps: PublishDeps): Promise<void> {
  const { settings, event } = input
  const notes = [...input.notes]
  const name = checkRunName(settings.checkName, settings.shard)
  const [owner, repo] = event.repository.split('/')
  const runUrl =
    deps.env.GITHUB_SERVER_URL && deps.env.GITHUB_RUN_ID
      ? `${deps.env.GITHUB_SERVER_URL}/${event.repository}/actions/runs/${deps.env.GITHUB_RUN_ID}`
      : undefined
  const links =
    deps.env.GITHUB_SERVER_URL && event.repository ? { serverUrl: deps.env.GITHUB_SERVER_URL, repository: event.repository, sha: event.headSha } : undefined
  const nothingHappened = input.sync === undefined && input.runs === undefined && input.findings.length === 0

  // Annotations: all of them in a check run when possible, else at most 10 per level.
  if (settings.checkRun === 'false' || nothingHappened) {
    emitAnnotations(input.findings, deps.annotations, 'the job summary', input.logged)
  } else if (deps.github === undefined || owner === undefined || repo === undefined) {
    deps.annotations.notice(`No check run '${name}': there is no GitHub token or repository. Findings are shown as workflow annotations.`)
    emitAnnotations(input.findings, deps.annotations, 'the job summary', withOneMoreNotice(input.logged))
    notes.push(`No check run: no GitHub token. Findings are workflow annotations (at most 10 per level).`)
  } else {
    const title = checkRunTitle(input)
    const conclusion = title === 'All checks passed' ? 'success' : 'failure'
    const result = await publishCheckRun(
      {
        octokit: deps.github,
        owner,
        repo,
        name,
        headSha: event.headSha,
        findings: input.findings,
        title,
        summary: buildSummary({ ...input, notes, links }, CHECK_SUMMARY_LIMIT),
        conclusion,
        ...(runUrl === undefined ? {} : { detailsUrl: runUrl }),
        ...(input.logged === undefined ? {} : { logged: input.logged })
      },
      deps.annotations
    )
    if (!result.published) notes.push(`No check run: ${result.reason}. Findings are workflow annotations (at most 10 per level).`)
  }

  // One comment per pull request (and check name), updated in place.
  const decision = commentDecision(settings.comment, input)
  if (decision !== 'none' && event.pullRequestNumber !== undefined && !nothingHappened) {
    if (deps.github === undefined || owner === undefined || repo === undefined) {
      if (decision === 'post') notes.push('No pull-request comment: there is no GitHub token.')
    } else {
      const marker = commentMarker(name)
      const shown = withoutQuota(input.sync, input.notes)
      const body =
        decision === 'settle'
          ? allGreenComment(marker, name, runUrl)
          : buildComment({
              sync: shown.sync,
              runs: input.runs,
              findings: input.findings,
              notes: shown.notes,
              artifact: input.artifact,
              name,
              links,
              ...(runUrl === undefined ? {} : { runUrl })
            })
      const result = await upsertPullRequestComment({
        octokit: deps.github,
        owner,
        repo,
        issueNumber: event.pullRequestNumber,
        body,
        marker,
        createIfMissing: decision === 'post'
      })
      if (result.action === 'failed') {
        const why = result.status === 403 ? 'the token may not write pull-request comments (a fork, or no `pull-requests: write`)' : result.reason
        notes.push(`No pull-request comment: ${why}. Everything is in this summary.`)
      }
    }
  }

  if (!nothingHappened || notes.length > 0)
    await deps.writeSummary(buildSummary({ sync: input.sync, runs: input.runs, findings: input.findings, notes, links, artifact: input.artifact }))
}
