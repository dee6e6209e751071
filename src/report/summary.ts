/**
 * The job summary (and, with a smaller limit, the check-run summary and the PR comment body):
 * Markdown rendered once from the same records — the sync plan, the runs, the findings, notes.
 * Pure: no I/O. Every value from a file or a response is escaped; values of variables, headers
 * and auth never appear (the plan carries names and aspects only, findings are redacted).
 */
import type { CollectionRun, RunsResult } from '../model/runs.js'
import type { CollectionDiff, EnvironmentDiff, PlanEntry, SyncResult } from '../model/sync-result.js'
import { BoundedText, escapeCell, escapeHtml, escapePre } from './escape.js'
import { isRunFinding, type Finding } from '../model/finding.js'
import { plural } from '../util/plural.js'
import type { UploadedArtifact } from '../model/artifact.js'

/** GitHub refuses a step summary over 1 MiB. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024
/** A check run's `output.summary` holds at most 65,535 characters. */
export const CHECK_SUMMARY_LIMIT = 65_535

export interface SummaryInput {
  sync?: SyncResult
  runs?: RunsResult
  /** Every finding of the step (sync and runs). */
  findings: Finding[]
  /** Short remarks shown as a list (fallbacks, skips, quota). Plain text; escaped here. */
  notes: string[]
  /** Heading; default `Postman Sync`. */
  title?: string
  /** Where files can be browsed: findings then link to their line at this commit. */
  links?: FileLinks
  /** The workflow artifact holding the plan, the Postman copies and the reports, when one was uploaded. */
  artifact?: UploadedArtifact
}

/** The repository and commit findings' files are linked to. */
export interface FileLinks {
  /** `GITHUB_SERVER_URL`, e.g. `https://github.com`. */
  serverUrl: string
  /** `owner/name`. */
  repository: string
  /** The commit the pull request shows (its head), not the merge commit. */
  sha: string
}

/**
 * The summary in Markdown with HTML, at most `limitBytes` (default 1 MiB, a little under for
 * safety), truncated with a note saying how many blocks were left out.
 */
export function buildSummary(input: SummaryInput, limitBytes: number = SUMMARY_LIMIT_BYTES - 1024): string {
  const out = new BoundedText(limitBytes)
  out.add(`## ${escapeCell(input.title ?? 'Postman Sync')}\n\n`)
  out.add(`${headline(input)}\n\n`)
  if (input.notes.length > 0) out.add(`${input.notes.map((note) => `- ${escapeCell(note)}`).join('\n')}\n\n`)
  if (input.artifact !== undefined) out.add(`${artifactLine(input.artifact)}\n\n`)
  if (input.runs !== undefined) addRuns(out, input.runs)
  const where = locator(input.links)
  addFailures(out, input.findings.filter(isRunFinding), where)
  addOtherFindings(
    out,
    input.findings.filter((f) => !isRunFinding(f)),
    where
  )
  if (input.sync !== undefined) addPlan(out, input.sync, input.artifact)
  return out.build(
    (omitted) =>
      `This summary was truncated to stay under GitHub's size limit: ${omitted} more block${omitted === 1 ? '' : 's'} (rows, diffs or sections) are not shown. The full results are in the run report (\`report\` output) and the JUnit file.`
  )
}

function headline(input: SummaryInput): string {
  const parts: string[] = []
  if (input.sync?.mode === 'pull') parts.push(pullHeadline(input.sync))
  else if (input.sync !== undefined) {
    const count = (action: string) => input.sync!.entries.filter((e) => e.action === action).length
    // A push reports what it did; a plan, or a push whose writes were all skipped, what push would do.
    const done = input.sync.mode === 'push' && input.sync.writesSkipped === undefined
    const [verb, created, updated] = done ? ['Sync', 'created', 'updated'] : ['Plan', 'to create', 'to update']
    parts.push(
      `**${verb}:** ${count('create')} ${created}, ${count('update')} ${updated}, ${count('unchanged')} unchanged, ${plural(count('conflict'), 'conflict')}, ${plural(count('error'), 'error')}` +
        (input.sync.writesSkipped === undefined || input.sync.mode === 'plan' ? '' : ' — **nothing was written**')
    )
  }
  if (input.runs !== undefined) {
    const runs = input.runs.runs
    const total = (pick: (run: CollectionRun) => number) => runs.reduce((sum, run) => sum + pick(run), 0)
    parts.push(
      `**Runs:** ${input.runs.testsPassed ? '✅ passed' : '❌ failed'}, ${plural(runs.length, 'collection')}, ${plural(
        total((r) => r.requests),
        'request'
      )}, ` +
        `${plural(
          total((r) => r.assertions),
          'assertion'
        )}, ${input.runs.assertionsFailed} failed`
    )
  }
  return parts.length > 0 ? parts.join('<br>\n') : 'Nothing was synced or run.'
}

/** A pull rewrites files in the working tree: `update` entries are the files rewritten. */
function pullHeadline(sync: SyncResult): string {
  const count = (action: string) => sync.entries.filter((e) => e.action === action).length
  const skipped = count('skip') > 0 ? `, ${count('skip')} not pulled` : ''
  return `**Pulled from Postman:** ${plural(count('update'), 'file')}; ${count('unchanged')} unchanged${skipped}, ${plural(count('error'), 'error')}`
}

function addRuns(out: BoundedText, runs: RunsResult): void {
  if (runs.runs.length === 0) return
  out.add('### Runs\n\n| Collection | Requests | Assertions | Failed | Time | Status |\n| --- | ---: | ---: | ---: | ---: | --- |\n')
  for (const run of runs.runs) {
    const status =
      run.error !== undefined
        ? `❌ ${escapeCell(run.error)}`
        : run.skipped !== undefined
          ? `⏭️ skipped: ${escapeCell(run.skipped)}`
          : run.failedAssertions > 0
            ? '❌'
            : '✅'
    out.add(
      `| ${escapeCell(run.name)}<br><sub>${escapeCell(run.file)}</sub> | ${run.requests} | ${run.assertions} | ${run.failedAssertions} | ${formatDuration(run.durationMs)} | ${status} |\n`
    )
  }
  out.add('\n')
}

function addFailures(out: BoundedText, failures: Finding[], where: (f: Finding) => string): void {
  if (failures.length === 0) return
  out.add(`### Failures (${failures.length})\n\n| Where | Request | Test | Message |\n| --- | --- | --- | --- |\n`)
  for (const f of failures) {
    const test = f.assertion ?? (f.kind === 'request-error' ? '(request)' : '(script)')
    const iteration = f.iteration !== undefined && f.iteration > 0 ? ` <sub>iteration ${f.iteration + 1}</sub>` : ''
    out.add(`| ${where(f)} | ${escapeCell(f.request ?? f.title)}${iteration} | ${escapeCell(test)} | ${escapeCell(f.message)} |\n`)
  }
  out.add('\n')
  const excerpts = failures.filter((f) => f.excerpt !== undefined)
  if (excerpts.length === 0) return
  out.add('<details><summary>Requests and responses of the failures</summary>\n\n')
  for (const f of excerpts)
    out.add(`<p>${escapeCell(f.request ?? f.title)}${f.assertion ? ` — ${escapeCell(f.assertion)}` : ''}</p>\n<pre>${escapePre(f.excerpt ?? '')}</pre>\n\n`)
  out.add('</details>\n\n')
}

function addOtherFindings(out: BoundedText, findings: Finding[], where: (f: Finding) => string): void {
  if (findings.length === 0) return
  out.add(`### Problems (${findings.length})\n\n| Level | Where | Problem | Message |\n| --- | --- | --- | --- |\n`)
  for (const f of findings) out.add(`| ${LEVEL_ICON[f.level]} ${f.level} | ${where(f)} | ${escapeCell(f.title)} | ${escapeCell(f.message)} |\n`)
  out.add('\n')
}

const LEVEL_ICON: Record<Finding['level'], string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' }

const ACTION_LABEL: Record<PlanEntry['action'], string> = {
  create: '➕ create',
  update: '✏️ update',
  unchanged: '✔️ unchanged',
  conflict: '⚠️ conflict',
  error: '❌ error',
  skip: '⏭️ skip'
}

const PLAN_HEADING: Record<SyncResult['mode'], string> = {
  push: 'Sync',
  plan: 'Sync plan (nothing written)',
  pull: 'Pulled from Postman (nothing written to Postman)'
}

/** The label of an entry's action; in a pull, an update is a file rewritten from Postman. */
const actionLabel = (sync: SyncResult, entry: PlanEntry): string =>
  sync.mode === 'pull' && entry.action === 'update' ? '⬇️ pulled' : ACTION_LABEL[entry.action]

/** Where the artifact is and what it holds: its name (a link to download it, when known) and its files. */
function artifactLine(artifact: UploadedArtifact): string {
  const name = `<code>${escapeCell(artifact.name)}</code>`
  const where = artifact.url === undefined ? `${name} (on the workflow run's page)` : `<a href="${escapeHtml(artifact.url)}">${name}</a>`
  return `📦 **Artifact:** ${where}: ${artifact.files.map((f) => escapeCell(f.entry)).join(', ')}`
}

/** A conflict's Postman copy: its name in the artifact when it was uploaded, else where it was written. */
function remoteCopyCell(path: string, artifact: UploadedArtifact | undefined): string {
  const inArtifact = artifact?.files.find((f) => f.source === path)
  if (artifact === undefined || inArtifact === undefined) return `<br>remote copy: ${escapeCell(path)}`
  return `<br>Postman copy: ${escapeCell(inArtifact.entry)} in the artifact <code>${escapeCell(artifact.name)}</code>`
}

function addPlan(out: BoundedText, sync: SyncResult, artifact: UploadedArtifact | undefined): void {
  out.add(`### ${PLAN_HEADING[sync.mode]}\n\n`)
  if (sync.writesSkipped !== undefined) out.add(`> [!NOTE]\n> Writes skipped: ${escapeCell(sync.writesSkipped)}\n\n`)
  if (sync.entries.length > 0) {
    out.add('| File | Kind | Action | Changes |\n| --- | --- | --- | --- |\n')
    for (const entry of sync.entries) {
      const reason = entry.reason !== undefined ? `<br>${escapeCell(entry.reason)}` : ''
      const copy = entry.remoteCopy !== undefined ? remoteCopyCell(entry.remoteCopy, artifact) : ''
      out.add(`| ${escapeCell(entry.path)} | ${entry.kind} | ${actionLabel(sync, entry)}${reason}${copy} | ${escapeCell(diffStat(entry.diff))} |\n`)
    }
    out.add('\n')
    for (const entry of sync.entries) {
      const lines = entry.diff === undefined ? [] : diffLines(entry.diff)
      if (lines.length === 0) continue
      out.add(`<details><summary>${escapeCell(entry.path)}</summary>\n\n${lines.map((line) => `- ${line}`).join('\n')}\n\n</details>\n\n`)
    }
  }
  if (sync.unclaimed.length > 0) {
    out.add(
      `**In the workspace, claimed by no file (${sync.unclaimed.length}):** ${sync.unclaimed.map((u) => `${escapeCell(u.name)} (${u.kind})`).join(', ')}\n\n`
    )
  }
  const quota = sync.quotaRemaining !== undefined ? `, ${sync.quotaRemaining} left this month` : ''
  out.add(`<sub>Postman API calls: ${sync.apiCalls}${quota}</sub>\n\n`)
}

function isCollectionDiff(diff: CollectionDiff | EnvironmentDiff): diff is CollectionDiff {
  return Array.isArray((diff as CollectionDiff).collection)
}

/** `+2 −1 ~3` style counts of a diff. */
export function diffStat(diff: PlanEntry['diff']): string {
  if (diff === undefined) return ''
  const changed = diff.changed.length + (isCollectionDiff(diff) ? diff.collection.length : diff.name ? 1 : 0)
  const parts = [
    diff.added.length > 0 ? `+${diff.added.length}` : '',
    diff.removed.length > 0 ? `−${diff.removed.length}` : '',
    changed > 0 ? `~${changed}` : ''
  ]
  return parts.filter(Boolean).join(' ')
}

/** One escaped line per added, removed or changed request, folder or variable — names only. */
function diffLines(diff: CollectionDiff | EnvironmentDiff): string[] {
  const lines = [...diff.added.map((p) => `added ${escapeCell(p)}`), ...diff.removed.map((p) => `removed ${escapeCell(p)}`)]
  if (isCollectionDiff(diff)) {
    lines.push(...diff.changed.map((c) => `changed ${escapeCell(c.path)}: ${c.aspects.map(escapeCell).join(', ')}`))
    if (diff.collection.length > 0) lines.push(`collection: ${diff.collection.map(escapeCell).join(', ')}`)
  } else {
    lines.push(...diff.changed.map((key) => `changed ${escapeCell(key)}`))
    if (diff.name) lines.push('renamed')
  }
  return lines
}

/** Renders a finding's place as `file:line`, a link to that line when `links` is known. */
function locator(links: FileLinks | undefined): (f: Finding) => string {
  return (f) => {
    const text = `${escapeCell(f.file)}${f.line !== undefined ? `:${f.line}` : ''}`
    if (links === undefined || f.file === '') return text
    const path = f.file.split('/').map(encodeURIComponent).join('/')
    const href = `${links.serverUrl}/${links.repository}/blob/${encodeURIComponent(links.sha)}/${path}${f.line !== undefined ? `#L${f.line}` : ''}`
    return `<a href="${escapeHtml(href)}">${text}</a>`
  }
}

/** `850 ms`, `12.3 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}
