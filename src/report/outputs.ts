/**
 * The run outputs (`tests-passed`, `assertions-failed`, `report`, `junit-report`) and the files
 * behind them: the run summary JSON and the JUnit XML. Everything written is already redacted:
 * findings and test cases never hold an `env-vars` value.
 */
import { join } from 'node:path'
import { OUTPUTS } from '../constants.js'
import type { RunsResult } from '../model/runs.js'
import type { SyncResult } from '../model/sync-result.js'
import { checkConfinedPath, writeConfinedFile, type ConfinedTarget } from '../util/safe-write.js'
import { buildJUnit } from './junit.js'

/** File name of the run summary JSON. */
export const RUN_REPORT_FILE = 'postman-sync-runs.json'

/** The part of `@actions/core` that sets outputs. */
export interface OutputSink {
  setOutput(name: string, value: string): void
}

/** The run summary JSON: totals, each collection, each finding. */
export function runReport(result: RunsResult): object {
  return {
    testsPassed: result.testsPassed,
    assertionsFailed: result.assertionsFailed,
    collections: result.runs,
    findings: result.findings
  }
}

/** Where `junit-report` may point: inside the repository (relative to it) or `RUNNER_TEMP`. */
export function junitTarget(root: string, tempDir: string): ConfinedTarget {
  return { roots: [root, tempDir], base: root, input: OUTPUTS.junitReport }
}

/** Refuses, naming the input, a `junit-report` path the writer would refuse (run before the sync). */
export function checkJUnitPath(junitPath: string, root: string, tempDir: string): void {
  checkConfinedPath(junitPath, junitTarget(root, tempDir))
}

/**
 * Writes the run summary JSON into `dir` (the runner's temp directory), the JUnit file when
 * `junitPath` is set (relative to `root`, confined to `root` or `tempDir`), and sets the outputs.
 * Returns the paths written.
 */
export async function writeRunOutputs(
  result: RunsResult,
  options: { dir: string; root: string; tempDir: string; junitPath?: string },
  sink: OutputSink
): Promise<{ report: string; junit?: string }> {
  const report = await writeConfinedFile(join(options.dir, RUN_REPORT_FILE), `${JSON.stringify(runReport(result), null, 2)}\n`, {
    roots: [options.dir],
    input: 'RUNNER_TEMP'
  })
  let junit: string | undefined
  if (options.junitPath) junit = await writeConfinedFile(options.junitPath, buildJUnit(result), junitTarget(options.root, options.tempDir))
  for (const [name, value] of Object.entries(runOutputs(result, report, junit ?? ''))) sink.setOutput(name, value)
  return { report, ...(junit === undefined ? {} : { junit }) }
}

/**
 * The sync's outputs (as action.yml declares them): counts per action, whether anything was or would be written,
 * whether writes were skipped for a benign reason, the plan file, and file → uid. A push whose writes were
 * stopped as a whole (validation, conflicts, a stale run) wrote nothing: created, updated and
 * changed say so; what it would have written is in the plan file.
 */
export function syncOutputs(result: SyncResult, planFile: string): Record<string, string> {
  const count = (action: string) => String(result.entries.filter((entry) => entry.action === action).length)
  const wrote = result.mode === 'plan' || result.writesSkipped === undefined
  const benign = result.writesSkippedBy === 'stale-run'
  const written = (action: 'create' | 'update') => (wrote ? count(action) : '0')
  const uids: Record<string, string> = {}
  for (const entry of result.entries) if (entry.uid !== undefined) uids[entry.path] = entry.uid
  return {
    [OUTPUTS.created]: written('create'),
    [OUTPUTS.updated]: written('update'),
    [OUTPUTS.unchanged]: count('unchanged'),
    [OUTPUTS.conflicts]: count('conflict'),
    [OUTPUTS.failed]: count('error'),
    [OUTPUTS.changed]: String(wrote && result.entries.some((entry) => entry.action === 'create' || entry.action === 'update')),
    // Only a benign skip (a stale run) is `skipped`: invalid files, conflicts and the quota fail
    // the step, and `failed`, `conflicts` and the plan say why.
    [OUTPUTS.skipped]: String(benign),
    [OUTPUTS.skipReason]: benign ? (result.writesSkipped ?? '') : '',
    [OUTPUTS.plan]: planFile,
    [OUTPUTS.uids]: JSON.stringify(uids)
  }
}

/**
 * The runs' outputs. `reportFile` is the run summary JSON the orchestrator wrote; `junitReport`
 * the `junit-report` input (the file itself is written by `publishReports`).
 */
export function runOutputs(result: RunsResult, reportFile: string, junitReport: string): Record<string, string> {
  return {
    [OUTPUTS.testsPassed]: String(result.testsPassed),
    [OUTPUTS.assertionsFailed]: String(result.assertionsFailed),
    [OUTPUTS.report]: reportFile,
    ...(junitReport ? { [OUTPUTS.junitReport]: junitReport } : {})
  }
}
