/**
 * JUnit XML of the runs: one `<testsuite>` per collection, one `<testcase>` per request ×
 * assertion (and per request error or script error, which are `<error>`s). Test reporters in CI
 * (dorny/test-reporter, mikepenz/action-junit-report) read it.
 */
import type { CollectionRun, RunsResult, TestCase } from '../model/runs.js'

/** The JUnit document. Values are escaped and characters XML 1.0 forbids are dropped. */
export function buildJUnit(runs: RunsResult): string {
  const suites = runs.runs.map(suite)
  const count = (pick: (run: CollectionRun) => number) => runs.runs.reduce((sum, run) => sum + pick(run), 0)
  const tests = count((run) => casesOf(run).length)
  const failures = count((run) => casesOf(run).filter((c) => c.failure !== undefined && c.kind === 'assertion').length)
  const errors = count((run) => casesOf(run).filter((c) => (c.failure !== undefined && c.kind !== 'assertion') || c.runError).length)
  const time = seconds(count((run) => run.durationMs))
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Postman Sync" tests="${tests}" failures="${failures}" errors="${errors}" time="${time}">`,
    ...suites,
    '</testsuites>',
    ''
  ].join('\n')
}

interface JUnitCase extends TestCase {
  runError?: boolean
  skipped?: string
}

/** The test cases of a run, with the run's own error or skip as a case of its own. */
function casesOf(run: CollectionRun): JUnitCase[] {
  const cases: JUnitCase[] = [...run.cases]
  if (run.skipped !== undefined) cases.push({ request: '(collection)', assertion: 'skipped', iteration: 0, skipped: run.skipped })
  if (run.error !== undefined) cases.push({ request: '(collection)', assertion: 'run', iteration: 0, failure: run.error, runError: true })
  return cases
}

function suite(run: CollectionRun): string {
  const cases = casesOf(run)
  const failures = cases.filter((c) => c.failure !== undefined && c.kind === 'assertion').length
  const errors = cases.filter((c) => (c.failure !== undefined && c.kind !== 'assertion') || c.runError).length
  const skipped = cases.filter((c) => c.skipped !== undefined).length
  const head = `  <testsuite name="${xml(run.name)}" file="${xml(run.file)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(run.durationMs)}">`
  return [head, ...cases.map((c) => testcase(run, c)), '  </testsuite>'].join('\n')
}

function testcase(run: CollectionRun, c: JUnitCase): string {
  const name = `${c.request} › ${c.assertion}${c.iteration > 0 ? ` [iteration ${c.iteration + 1}]` : ''}`
  // A Native Git request is read from its own file: the case names it (reporters annotate it there).
  const open = `    <testcase classname="${xml(run.name)}" name="${xml(name)}" file="${xml(c.file ?? run.file)}"`
  if (c.skipped !== undefined) return `${open}>\n      <skipped message="${xml(c.skipped)}"/>\n    </testcase>`
  if (c.failure === undefined) return `${open}/>`
  const tag = c.kind === 'assertion' ? 'failure' : 'error'
  const type = c.runError ? 'RunError' : c.kind === 'assertion' ? 'AssertionError' : c.kind === 'request-error' ? 'RequestError' : 'ScriptError'
  return `${open}>\n      <${tag} message="${xml(c.failure)}" type="${type}">${xml(c.failure)}</${tag}>\n    </testcase>`
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}

/**
 * Escapes text for XML content and attributes, and drops the characters XML 1.0 cannot hold at
 * all (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
 */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] as string)
    .replace(/\n/g, '&#10;')
}
