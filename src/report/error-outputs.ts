/**
 * The outputs of a step that stopped on an error before it had results (a rejected API key, an
 * unknown workspace, a bad input): every output that can still be known is set — nothing was
 * created, updated or changed — plus `error`, naming the reason, so a later step can tell "failed"
 * from "did nothing" without parsing the log. `skipped` stays for benign skips, and is `false` here.
 */
import { OUTPUTS } from '../constants.js'

/** The reason, on one line: the message of the error (the action's errors never carry a secret). */
export function errorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/\s+/g, ' ').trim()
}

/**
 * The outputs for `error`. `syncStopped`: the sync ended without a result, so its counts are
 * zeros (nothing was written) rather than left empty.
 */
export function errorOutputs(error: unknown, syncStopped: boolean): Record<string, string> {
  const counts: Record<string, string> = syncStopped
    ? {
        [OUTPUTS.created]: '0',
        [OUTPUTS.updated]: '0',
        [OUTPUTS.unchanged]: '0',
        [OUTPUTS.conflicts]: '0',
        [OUTPUTS.failed]: '0',
        [OUTPUTS.changed]: 'false',
        [OUTPUTS.skipped]: 'false',
        [OUTPUTS.uids]: '{}'
      }
    : {}
  return { ...counts, [OUTPUTS.error]: errorReason(error) }
}
