/**
 * Where the runner writes what newman did: one group per collection, its lines wrapped in
 * `::stop-commands::<random token>` … `::<token>::` so nothing a response or a script prints
 * (`::error::`, `::add-mask::`, `::set-output::`) is read by the runner as a workflow command.
 * Lines outside a group (and group titles) carry file and collection names: they are escaped.
 */
import * as core from '@actions/core'
import { escapeForLog, printGuarded, safeLog } from '../util/log-text.js'

export { guardedLines } from '../util/log-text.js'

/** The runner's output sink; tests pass one that records. */
export interface RunLog {
  /** Masks a value in everything the job prints afterwards. */
  setSecret(value: string): void
  /** Prints a collapsed block of already redacted lines. */
  group(title: string, lines: string[]): void
  /** One line outside any group. */
  info(line: string): void
}

/** A group title on one line with no `::` in it: a title with a line break could start a command of its own. */
export function safeTitle(title: string): string {
  return escapeForLog(title)
}

/** The real sink, over `@actions/core`. */
export const coreRunLog: RunLog = {
  setSecret: (value) => core.setSecret(value),
  group: (title, lines) => printGuarded(title, lines),
  info: (line) => safeLog.info(line)
}
