/**
 * Whether the step fails, decided from the results as data, per the `fail-on` input. Newman never sets
 * an exit code; the action decides here, in one place.
 */
import type { FailOn } from './settings.js'

export interface OutcomeInput {
  failOn: FailOn
  /** Sync errors: invalid files, unresolved targets, failed writes. */
  syncErrors: number
  /** Conflicts that fail the step (`on-conflict: fail`); `skip` conflicts are warnings. */
  blockingConflicts: number
  /** Failed assertions, script errors and request errors from the runs. */
  failedTests: number
  /** A run that could not happen at all (bad folder, unreadable data, global timeout). */
  runErrors: number
}

/** The reason the step fails, or undefined when it passes. */
export function failureReason(input: OutcomeInput): string | undefined {
  if (input.failOn === 'never') return undefined
  const reasons: string[] = []
  if (input.syncErrors > 0) reasons.push(`${input.syncErrors} sync error${input.syncErrors === 1 ? '' : 's'}`)
  if (input.blockingConflicts > 0) {
    reasons.push(`${input.blockingConflicts} conflict${input.blockingConflicts === 1 ? '' : 's'} (on-conflict: fail, nothing was written)`)
  }
  if (input.runErrors > 0) reasons.push(`${input.runErrors} collection run${input.runErrors === 1 ? '' : 's'} could not complete`)
  if (input.failOn === 'error' && input.failedTests > 0) {
    reasons.push(`${input.failedTests} failed test${input.failedTests === 1 ? '' : 's'}`)
  }
  return reasons.length > 0 ? `Postman Sync failed: ${reasons.join(', ')}. See the job summary.` : undefined
}
