/**
 * One problem the action found, in a file the user can open. Every report (workflow annotations,
 * the check run, the job summary, the PR comment, JUnit, the outputs) is rendered from these.
 */
export type FindingLevel = 'error' | 'warning' | 'notice'

export type FindingKind =
  /** A file failed validation (JSON, schema, secrets inside, duplicates). */
  | 'invalid-file'
  /** The sync could not resolve, plan or write a resource. */
  | 'sync-error'
  /** A remote copy changed in Postman since the action last wrote it. */
  | 'conflict'
  /** A `pm.test` assertion failed. */
  | 'assertion'
  /** A pre-request or test script threw. */
  | 'script-error'
  /** The request itself failed (connection refused, timeout, …). */
  | 'request-error'
  /** One collection's run could not complete (newman refused it, it threw, it timed out). */
  | 'run-error'

export interface Finding {
  level: FindingLevel
  kind: FindingKind
  /** Repository-relative path with `/` separators (GitHub attaches annotations only then). */
  file: string
  /** 1-based line; undefined when the finding is about the whole file. */
  line?: number
  /** 1-based column. */
  column?: number
  /** Short title, e.g. `Users › Create user` or `Invalid JSON`. */
  title: string
  /** What went wrong and what to do. Never contains a secret value. */
  message: string
  /** Run findings: the collection name. */
  collection?: string
  /** Run findings: folder path › request name. */
  request?: string
  /** Run findings: the `pm.test` name. */
  assertion?: string
  /** Run findings: 0-based iteration. */
  iteration?: number
  /** Run findings: redacted request/response excerpt for the summary. */
  excerpt?: string
}

/**
 * Findings that come from the runs (a failed test, in the `fail-on` sense): the one rule the
 * failure decision (`run.ts`), the summary and the check run's title all count by.
 */
export function isRunFinding(finding: Finding): boolean {
  return finding.kind === 'assertion' || finding.kind === 'script-error' || finding.kind === 'request-error'
}
