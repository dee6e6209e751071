/**
 * Plan entries and findings that push, plan and pull make alike: a file whose read failed, a file
 * that failed validation, and an error entry as a finding at its file.
 */
import nodePath from 'node:path'
import type { Finding } from '../model/finding.js'
import type { PlanEntry, ResourceKind } from '../model/sync-result.js'
import { AuthError, PostmanApiError, QuotaExhaustedError } from '../postman/errors.js'
import type { Resolution } from './resolve.js'
import { isAtOrUnder } from '../util/paths.js'

/**
 * A read for one file failed after the client's retries: that file cannot be planned, the others
 * can. A used-up quota or a refused key is the run's problem, not the file's: those propagate.
 */
export function readFailed(r: Resolution, error: unknown): Resolution {
  if (!(error instanceof PostmanApiError) || error instanceof QuotaExhaustedError || error instanceof AuthError) throw error
  return { ...r, action: 'error', checkForeignId: undefined, reason: `Could not read the ${r.file.kind} from Postman: ${error.message}` }
}

/** Why a resource the listing named cannot be planned or pulled: its GET found nothing. */
export function listedButUnreadable(kind: ResourceKind, uid: string): string {
  return `The ${kind} ${uid} was listed but could not be read; it may have just been deleted. Run again.`
}

/** The entry of a matched file that failed validation, of the kind of the glob that matched it. */
export function invalidEntry({ path, kind }: { path: string; kind: ResourceKind }, findings: Finding[]): PlanEntry {
  // A v3 collection's findings are at the files inside its directory.
  const first = findings.find((f) => f.level === 'error' && isAtOrUnder(f.file, path))
  return { kind, path, name: nodePath.posix.basename(path), action: 'error', reason: first ? `${first.title}: ${first.message}` : 'Invalid file.' }
}

/** Where an entry is annotated: its file at line 1, or for a v3 collection its `definition.yaml` (a directory has no line). */
export function entryPlace(e: PlanEntry): Pick<Finding, 'file' | 'line'> {
  return e.at === undefined ? { file: e.path, line: 1 } : { file: e.at.file, ...(e.at.line === undefined ? {} : { line: e.at.line }) }
}

/** An error entry as a finding at its file; nothing for other entries. */
export function errorFindings(e: PlanEntry): Finding[] {
  if (e.action !== 'error') return []
  return [{ level: 'error', kind: 'sync-error', ...entryPlace(e), title: `Cannot sync ${e.kind} '${e.name}'`, message: e.reason ?? 'Unknown error.' }]
}
