/**
 * The entry point (checkout's `main.ts`): read the inputs and the event, wire the real
 * dependencies, run, and turn any error into a failed step. Nothing else happens here.
 */
import * as core from '@actions/core'
import { readEventInfo } from './context.js'
import { createDeps } from './deps.js'
import { readSettings } from './inputs.js'
import { run } from './run.js'

export async function main(): Promise<void> {
  try {
    // readSettings masks the key, the token and env-vars values before anything can print them.
    const settings = readSettings()
    const event = readEventInfo()
    await run(settings, event, createDeps(settings, event))
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
