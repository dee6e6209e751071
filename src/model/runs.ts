/**
 * What the runs produce (docs/architecture.md#runs-and-findings): per collection, its counts and
 * its test cases. `newman/runner.ts` builds these; the reports and the outputs render them.
 */
import type { Finding } from './finding.js'

/** One assertion (or a request/script error standing in for one) of one request in one iteration. */
export interface TestCase {
  /** Folder path › request name. */
  request: string
  /** `pm.test` name, or `request` / `<listen> script` for errors outside a test. */
  assertion: string
  iteration: number
  /** Redacted failure message; undefined when the case passed. */
  failure?: string
  kind?: Finding['kind']
  /**
   * The file the request was read from when it is not the collection's own (a Native Git
   * `.request.yaml`, repository-relative); JUnit names it.
   */
  file?: string
}

/** One request sent in one iteration: what the HTML report shows per request besides its tests. */
export interface RequestExchange {
  /** Folder path › request name, as in `TestCase.request`. */
  request: string
  iteration: number
  method: string
  /** The response's status code; undefined when the request failed before a response. */
  status?: number
  /** newman's response time, ms. */
  ms?: number
}

/** The outcome of one collection. */
export interface CollectionRun {
  /** Repository-relative path. */
  file: string
  name: string
  requests: number
  assertions: number
  failedAssertions: number
  durationMs: number
  /** Why the collection was not run (e.g. none of the `folder` names is in it). */
  skipped?: string
  /** newman's own error, reworded to name the input at fault. */
  error?: string
  /** Every assertion and error, for JUnit. */
  cases: TestCase[]
  /** Every request sent, in order (at most `MAX_EXCHANGES`; the rest are counted in `requests` only). */
  exchanges?: RequestExchange[]
}

/** Requests kept per collection for the HTML report: a run of 100,000 requests must not hold them all. */
export const MAX_EXCHANGES = 10_000

/** Everything the runs produced. */
export interface RunsResult {
  runs: CollectionRun[]
  findings: Finding[]
  /** No failed assertion, script error, request error or run error. */
  testsPassed: boolean
  assertionsFailed: number
}

/** Collections whose run could not complete (newman refused it, it threw, it timed out). */
export function runErrorCount(runs: RunsResult | undefined): number {
  return runs?.runs.filter((run) => run.error !== undefined).length ?? 0
}

/** Whether a finding is about a run's collection: its file, or (a Native Git directory) a file inside it. */
export function isFindingOfRun(finding: Pick<Finding, 'file'>, run: Pick<CollectionRun, 'file'>): boolean {
  return finding.file === run.file || finding.file.startsWith(`${run.file}/`)
}
