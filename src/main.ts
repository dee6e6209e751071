import * as core from '@actions/core'

/** Entry point: read settings, run, turn any error into a failed step. Filled in by the orchestrator work. */
export async function main(): Promise<void> {
  core.setFailed('Postman Sync is not built yet: this bundle only proves newman bundles.')
}
