/**
 * The run outputs (`tests-passed`, `assertions-failed`, `report`, `junit-report`) and the files
 * behind them: the run summary JSON and the JUnit XML. Everything written is already redacted:
 * findings and test cases never hold an `env-vars` value.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { OUTPUTS } from '../constants.js'
import type { RunsResult } from '../model/runs.js'
import type { SyncResult } from '../model/sync-result.js'
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

/**
 * Writes the run summary JSON into `dir` (the runner's temp directory), the JUnit file when
 * `junitPath` is set (relative to `root`), and sets the outputs. Returns the paths written.
 */
export async function writeRunOutputs(
  result: RunsResult,
  options: { dir: string; root: string; junitPath?: string },
  sink: OutputSink
): Promise<{ report: string; junit?: string }> {
  const report = resolve(options.dir, RUN_REPORT_FILE)
  await mkdir(dirname(report), { recursive: true })
  await writeFile(report, `${JSON.stringify(runReport(result), null, 2)}\n`)
  let junit: string | undefined
  if (options.junitPath) {
    junit = resolve(options.root, options.junitPath)
    await mkdir(dirname(junit), { recursive: true })
    await writeFile(junit, buildJUnit(result))
  }
  for (const [name, value] of Object.entries(runOutputs(result, report, junit ?? ''))) sink.setOutput(name, value)
  return { report, ...(junit === undefined ? {} : { junit }) }
}

/**
 * The sync's outputs (as action.yml declares them): counts per action, whether anything was or would be written,
 * whether writes were skipped as a whole, the plan file, and file → uid.
 */
export function syncOutputs(result: SyncResult, planFile: string): Record<string, string> {
  const count = (action: string) => String(result.entries.filter((entry) => entry.action === action).length)
  const uids: Record<string, string> = {}
  for (const entry of result.entries) if (entry.uid !== undefined) uids[entry.path] = entry.uid
  return {
    [OUTPUTS.created]: count('create'),
    [OUTPUTS.updated]: count('update'),
    [OUTPUTS.unchanged]: count('unchanged'),
    [OUTPUTS.conflicts]: count('conflict'),
    [OUTPUTS.failed]: count('error'),
    [OUTPUTS.changed]: String(result.entries.some((entry) => entry.action === 'create' || entry.action === 'update')),
    [OUTPUTS.skipped]: String(result.writesSkipped !== undefined),
    [OUTPUTS.skipReason]: result.writesSkipped ?? '',
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
