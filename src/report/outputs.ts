/**
 * The run outputs (`tests-passed`, `assertions-failed`, `report`, `junit-report`) and the files
 * behind them: the run summary JSON and the JUnit XML. Everything written is already redacted:
 * findings and test cases never hold an `env-vars` value.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { OUTPUTS } from '../constants.js'
import type { RunsResult } from '../newman/runner.js'
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
    sink.setOutput(OUTPUTS.junitReport, junit)
  }
  sink.setOutput(OUTPUTS.testsPassed, String(result.testsPassed))
  sink.setOutput(OUTPUTS.assertionsFailed, String(result.assertionsFailed))
  sink.setOutput(OUTPUTS.report, report)
  return { report, ...(junit === undefined ? {} : { junit }) }
}
