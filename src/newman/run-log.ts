/**
 * Where the runner writes what newman did: one `core.group` per collection, its lines wrapped in
 * `::stop-commands::<random token>` … `::<token>::` so nothing a response or a script prints
 * (`::error::`, `::add-mask::`, `::set-output::`) is read by the runner as a workflow command.
 */
import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'

/** The runner's output sink; tests pass one that records. */
export interface RunLog {
  /** Masks a value in everything the job prints afterwards. */
  setSecret(value: string): void
  /** Prints a collapsed block of already redacted lines. */
  group(title: string, lines: string[]): void
  /** One line outside any group. */
  info(line: string): void
}

/**
 * The lines of a guarded block as they reach stdout: the stop token is random per block, so a
 * script cannot print the closing marker ahead of time.
 */
export function guardedLines(lines: string[], token: string = randomUUID()): string[] {
  return [`::stop-commands::${token}`, ...lines, `::${token}::`]
}

/** A group title on one line: a title with a line break could start a command of its own. */
export function safeTitle(title: string): string {
  return title.replace(/[\r\n]+/g, ' ').replace(/^::/, ': :')
}

/** The real sink, over `@actions/core`. */
export const coreRunLog: RunLog = {
  setSecret: (value) => core.setSecret(value),
  group: (title, lines) => {
    core.startGroup(safeTitle(title))
    for (const line of guardedLines(lines)) core.info(line)
    core.endGroup()
  },
  info: (line) => core.info(line)
}
