/**
 * The HTML report (`html-report` input): one self-contained page of the runs — per collection its
 * totals, time and iterations, per request its method, status codes, response times and
 * assertions passed and failed, then each failure
 * with its file:line — for those used to `newman-reporter-htmlextra`. Built from the same run
 * results as the summary and the JUnit file; every text goes through the step's redactor, then is
 * HTML-escaped. No script, no external stylesheet or font: it opens from an artifact or a disk.
 */
import type { Redactor } from '../util/redact.js'
import { isFindingOfRun, type CollectionRun, type RequestExchange, type RunsResult, type TestCase } from '../model/runs.js'
import { escapeHtml } from './escape.js'
import type { Finding } from '../model/finding.js'
import { formatDuration } from './summary.js'
import { isRunFinding } from '../model/finding.js'
import { plural } from '../util/plural.js'
import { checkConfinedPath, writeConfinedFile, type ConfinedTarget } from '../util/safe-write.js'

/** Per request of one collection: how it was sent and answered, and its assertions passed and failed, over every iteration. */
interface RequestRow {
  request: string
  methods: Set<string>
  /** Status codes answered, in the order first seen. */
  statuses: Set<number>
  /** Response times, ms, one per answered send. */
  times: number[]
  passed: number
  failed: number
  iterations: Set<number>
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1f2328}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em}table{border-collapse:collapse;margin:.5em 0 1em}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}td.n{text-align:right}
.pass{color:#1a7f37}.fail{color:#cf222e}pre{white-space:pre-wrap;background:#f6f8fa;padding:6px;margin:4px 0}`

/** The whole document. `redact` is the redactor every other renderer of the step uses. */
export function buildHtmlReport(runs: RunsResult, redact: Redactor, title = 'Postman Sync — runs'): string {
  const text = (value: string) => escapeHtml(redact(value))
  const failures = runs.findings.filter(isRunFinding)
  const totals = runs.runs.reduce((t, r) => ({ requests: t.requests + r.requests, assertions: t.assertions + r.assertions }), { requests: 0, assertions: 0 })
  const verdict = runs.testsPassed ? '<span class="pass">✅ passed</span>' : '<span class="fail">❌ failed</span>'
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${text(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${text(title)}</h1>`,
    `<p>${verdict}: ${plural(runs.runs.length, 'collection')}, ${plural(totals.requests, 'request')}, ${plural(totals.assertions, 'assertion')}, ${runs.assertionsFailed} failed.</p>`,
    ...runs.runs.map((run) => collectionSection(run, failures, text)),
    '</body></html>',
    ''
  ].join('\n')
}

function collectionSection(run: CollectionRun, failures: Finding[], text: (value: string) => string): string {
  const rows = requestRows(run.cases, run.exchanges ?? [])
  const iterations = new Set(run.cases.map((c) => c.iteration)).size
  const status =
    run.error !== undefined ? `<p class="fail">Run error: ${text(run.error)}</p>` : run.skipped !== undefined ? `<p>Skipped: ${text(run.skipped)}</p>` : ''
  const mine = failures.filter((f) => isFindingOfRun(f, run))
  return [
    `<section><h2>${text(run.name)} <small>${text(run.file)}</small></h2>`,
    `<p>${plural(run.requests, 'request')}, ${plural(run.assertions, 'assertion')}, <span class="${run.failedAssertions > 0 ? 'fail' : 'pass'}">${run.failedAssertions} failed</span>, ${plural(Math.max(iterations, run.cases.length > 0 ? 1 : 0), 'iteration')}, ${escapeHtml(formatDuration(run.durationMs))}.</p>`,
    status,
    rows.length === 0 ? '' : requestTable(rows, text),
    mine.length === 0 ? '' : failureList(mine, text),
    '</section>'
  ].join('\n')
}

/** One row per request, in the order requests were sent (a request with tests but no send, e.g. a failed run, comes after). */
function requestRows(cases: TestCase[], exchanges: RequestExchange[]): RequestRow[] {
  const byRequest = new Map<string, RequestRow>()
  const rowOf = (request: string): RequestRow => {
    let row = byRequest.get(request)
    if (row === undefined) {
      row = { request, methods: new Set(), statuses: new Set(), times: [], passed: 0, failed: 0, iterations: new Set() }
      byRequest.set(request, row)
    }
    return row
  }
  for (const exchange of exchanges) {
    const row = rowOf(exchange.request)
    row.methods.add(exchange.method)
    if (exchange.status !== undefined) row.statuses.add(exchange.status)
    if (exchange.ms !== undefined) row.times.push(exchange.ms)
    row.iterations.add(exchange.iteration)
  }
  for (const c of cases) {
    const row = rowOf(c.request)
    if (c.failure === undefined) row.passed++
    else row.failed++
    row.iterations.add(c.iteration)
  }
  return [...byRequest.values()]
}

/** `avg 120 ms, max 340 ms` over the sends of a request; one send shows its time alone. */
function timing(times: number[]): string {
  if (times.length === 0) return '—'
  const max = Math.max(...times)
  if (times.length === 1) return `${max} ms`
  const avg = Math.round(times.reduce((sum, t) => sum + t, 0) / times.length)
  return `avg ${avg} ms, max ${max} ms`
}

function requestTable(rows: RequestRow[], text: (value: string) => string): string {
  const body = rows.map((r) =>
    [
      `<tr><td>${text(r.request)}</td><td>${text([...r.methods].join(', '))}</td><td>${r.statuses.size === 0 ? '—' : [...r.statuses].join(', ')}</td>`,
      `<td class="n">${timing(r.times)}</td><td class="n pass">${r.passed}</td><td class="n${r.failed > 0 ? ' fail' : ''}">${r.failed}</td><td class="n">${r.iterations.size}</td></tr>`
    ].join('')
  )
  const head = '<tr><th>Request</th><th>Method</th><th>Status</th><th>Time</th><th>Passed</th><th>Failed</th><th>Iterations</th></tr>'
  return [`<table><thead>${head}</thead><tbody>`, ...body, '</tbody></table>'].join('\n')
}

function failureList(failures: Finding[], text: (value: string) => string): string {
  const items = failures.map((f) => {
    const where = `${f.file}${f.line === undefined ? '' : `:${f.line}`}`
    const iteration = f.iteration === undefined ? '' : ` (iteration ${f.iteration + 1})`
    const test = f.assertion ?? (f.kind === 'request-error' ? '(request)' : '(script)')
    const excerpt = f.excerpt === undefined ? '' : `<pre>${text(f.excerpt)}</pre>`
    return `<li><code>${text(where)}</code> ${text(f.request ?? f.title)} — <b>${text(test)}</b>${escapeHtml(iteration)}: ${text(f.message)}${excerpt}</li>`
  })
  return [`<h3>Failures (${failures.length})</h3><ol>`, ...items, '</ol>'].join('\n')
}

/** Writes the HTML report to `path` (relative to `root`), confined like `junit-report` to the repository or `RUNNER_TEMP`. */
export async function writeHtmlReport(runs: RunsResult, redact: Redactor, target: { path: string; root: string; tempDir: string }): Promise<string> {
  return writeConfinedFile(target.path, buildHtmlReport(runs, redact), htmlTarget(target.root, target.tempDir))
}

/** Where `html-report` may point: inside the repository (relative to it) or `RUNNER_TEMP`. */
export function htmlTarget(root: string, tempDir: string): ConfinedTarget {
  return { roots: [root, tempDir], base: root, input: 'html-report' }
}

/** Refuses, naming the input, an `html-report` path the writer would refuse (run before the sync). */
export function checkHtmlPath(path: string, root: string, tempDir: string): void {
  checkConfinedPath(path, htmlTarget(root, tempDir))
}
