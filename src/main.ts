/**
 * The entry point (checkout's `main.ts`): read the inputs and the event, wire the real
 * dependencies, run, and turn any error into a failed step. Nothing else happens here.
 */
import * as core from '@actions/core'
import { readEventInfo } from './context.js'
import { createDeps } from './deps.js'
import { readSettings } from './inputs.js'
import { escapeHtml } from './report/escape.js'
import { run } from './run.js'

export async function main(): Promise<void> {
  try {
    // readSettings masks the key, the token and env-vars values before anything can print them.
    const settings = readSettings()
    const event = readEventInfo()
    await run(settings, event, createDeps(settings, event))
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    core.setFailed(message)
    // The annotation is easy to miss on a busy run page; the summary is where users look first.
    // The message never holds a secret (errors are built without them), and masking still applies.
    await core.summary
      .addRaw(`## Postman Sync\n\n❌ ${escapeHtml(message)}\n`)
      .write()
      .catch(() => undefined)
  }
}
