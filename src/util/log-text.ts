/**
 * The one way text reaches the job log. The runner reads every stdout line that starts with
 * `::` as a workflow command (`::error::`, `::set-output::`, `::add-mask::`, `::stop-commands::`),
 * and the text the action prints comes largely from the pull request and from services: file
 * names, collection, environment and test names, response text, Postman's messages. So:
 *
 * - every log line goes through `escapeForLog`: line breaks (`\r`, `\n`, and the Unicode line and
 *   paragraph separators some viewers break on) become visible `\n`-style escapes, and every `::`
 *   gets a zero-width space between its colons, so no part of the text can start a command;
 * - blocks of many untrusted lines (a collection's run log) are printed raw inside a
 *   `::stop-commands::<random token>` guard instead (`printGuarded`);
 * - annotations go through `@actions/core`'s command encoding, which escapes `%`, `\r`, `\n` in the
 *   message and `:`/`,` in properties, so their text is data, never a command.
 *
 * The lint rule in eslint.config.js forbids calling `core.info/warning/error/notice/debug/
 * startGroup` (or `console`, `process.stdout`) anywhere else in src/.
 */
import * as core from '@actions/core'
import { randomUUID } from 'node:crypto'

const LINE_BREAKS: Record<string, string> = { '\r\n': '\\r\\n', '\r': '\\r', '\n': '\\n', '\u2028': '\\u2028', '\u2029': '\\u2029', '\u0085': '\\u0085' }

/** `text` on one line, with no `::` left in it: safe anywhere in a log line. */
export function escapeForLog(text: string): string {
  return String(text)
    .replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, (brk) => LINE_BREAKS[brk] ?? brk)
    .replace(/::/g, ':\u200b:')
}

/** The log functions the action uses; each escapes its whole message. Plain functions (no `this`), so they can be passed around. */
export interface SafeLog {
  debug: (message: string) => void
  info: (message: string) => void
  notice: (message: string) => void
  warning: (message: string) => void
  error: (message: string) => void
}

/** `@actions/core`'s log functions with every message passed through `escapeForLog`. */
export const safeLog: SafeLog = {
  debug: (message) => core.debug(escapeForLog(message)),
  info: (message) => core.info(escapeForLog(message)),
  notice: (message) => core.notice(escapeForLog(message)),
  warning: (message) => core.warning(escapeForLog(message)),
  error: (message) => core.error(escapeForLog(message))
}

/** The lines of a guarded block: the token is random per block, so no script can print the closing marker ahead of time. */
export function guardedLines(lines: string[], token: string = randomUUID()): string[] {
  return [`::stop-commands::${token}`, ...lines, `::${token}::`]
}

/**
 * A collapsed group whose title is escaped and whose lines are printed as they are, inside a
 * stop-commands guard: the runner reads no command from them.
 */
export function printGuarded(title: string, lines: string[]): void {
  core.startGroup(escapeForLog(title))
  for (const line of guardedLines(lines)) core.info(line)
  core.endGroup()
}

/** The separators some log viewers break lines on; `@actions/core` escapes only `\r` and `\n`. */
const UNICODE_BREAKS = /[\u2028\u2029\u0085]/g

/** Annotations through `@actions/core` (see above); Unicode line separators become spaces. */
export const annotationSink = {
  error: (message: string, properties?: core.AnnotationProperties) => core.error(message.replace(UNICODE_BREAKS, ' '), properties),
  warning: (message: string, properties?: core.AnnotationProperties) => core.warning(message.replace(UNICODE_BREAKS, ' '), properties),
  notice: (message: string, properties?: core.AnnotationProperties) => core.notice(message.replace(UNICODE_BREAKS, ' '), properties)
}
