/**
 * `sync: pull`: Postman's version of every managed resource whose content differs from its file
 * is written into the working tree, so a workflow can open a pull request with the edits made in
 * Postman. Files are resolved exactly as a push resolves them (`resolve.ts`, with the state); every
 * target is fetched, because `updatedAt` does not always move on an edit (docs/postman-api.md), and
 * compared by content (`normalize.ts`). Nothing is written to Postman: the client a pull gets is
 * read-only, and the state is read (for the targets a push last wrote) but never written.
 *
 * What is written is the export form with the file's own layout (`content/pulled-file.ts`), read
 * back and validated like any committed file before it replaces the file, through the confined
 * writer. A file whose content equals Postman's is not touched, so a pull with nothing to pull
 * leaves every file byte for byte as it was. A file the repository changed since the last push
 * while Postman did not is left alone: that change is the repository's, for a push to take.
 */
import { readFile } from 'node:fs/promises'
import type { CollectionBody, EnvironmentBody, PostmanApi } from '../postman/api.js'
import type { Finding } from '../model/finding.js'
import type { LocalFile, PlanEntry, ResourceKind, SyncResult } from '../model/sync-result.js'
import { collectionsEqual, environmentsEqual } from '../content/normalize.js'
import { pulledCollectionText, pulledEnvironmentText, type PulledText } from '../content/pulled-file.js'
import { validateCollectionText, validateEnvironmentText } from '../discovery/validate.js'
import { writeConfinedFile } from '../util/safe-write.js'
import { pool } from '../util/pool.js'
import { unclaimed, type Listing, type Resolution } from './resolve.js'
import { currentEntry } from './plan.js'
import { sourceHash, stateKey, type SyncState } from './state.js'
import { withOps, type ResourceOps } from './resource-ops.js'
import { errorFindings, invalidEntry, listedButUnreadable, readFailed } from './entries.js'
import { plural } from '../util/plural.js'

/** Targets fetched at once: each holds a remote body and a file's text in memory. */
export const PULL_CONCURRENCY = 4

/** What a pull needs once the workspace is open. */
export interface PullContext {
  /** The repository root: the only place a pull writes. */
  root: string
  /** Read-only (`postman/read-only.ts`). */
  api: PostmanApi
  log: { info(m: string): void; warning(m: string): void }
  listing: Listing
  state: SyncState
  /** The run's findings so far (discovery's); the pull adds its own. */
  findings: Finding[]
  /** Matched files that failed validation: error entries, not pulled. */
  invalid: Array<{ path: string; kind: ResourceKind }>
}

/** A file with no target in the workspace: a push would create it, a pull has nothing to read. */
export function withoutCreates(r: Resolution): Resolution {
  if (r.action !== 'create') return r
  return { ...r, action: 'skip', checkForeignId: undefined, reason: `No ${r.file.kind} in the workspace for this file: nothing to pull (a push creates it).` }
}

/** Pulls every resolved file; returns the sync result of the pull. */
export async function pull(ctx: PullContext, resolved: Resolution[]): Promise<SyncResult> {
  const pulled = await pool(resolved, PULL_CONCURRENCY, (r) => pullOne(ctx, r).catch((error: unknown) => pullOne(ctx, readFailed(r, error))))
  const findings = [...ctx.findings]
  for (const { entry, notes } of pulled) findings.push(...errorFindings(entry), ...notes)
  const entries = [
    ...pulled.map((p) => p.entry),
    ...ctx.invalid.filter((p) => !pulled.some((w) => w.entry.path === p.path)).map((p) => invalidEntry(p, findings))
  ]
  const count = entries.filter((e) => e.action === 'update').length
  ctx.log.info(
    count === 0 ? 'Pull: every file already holds what Postman holds.' : `Pull: ${plural(entries.length, 'file')} checked, ${count} rewritten from Postman.`
  )
  return {
    mode: 'pull',
    entries,
    unclaimed: unclaimed(ctx.listing, resolved),
    apiCalls: ctx.api.stats().calls,
    quotaRemaining: ctx.api.quota().remaining,
    findings
  }
}

interface Pulled {
  entry: PlanEntry
  notes: Finding[]
}

function pullOne(ctx: PullContext, r: Resolution): Promise<Pulled> {
  const { file } = r
  const entry: PlanEntry = { kind: file.kind, path: file.path, name: file.name, action: 'skip', resolvedBy: r.resolvedBy, reason: r.reason }
  if (r.action !== 'found' || r.target === undefined)
    return Promise.resolve({ entry: { ...entry, action: r.action === 'error' ? 'error' : 'skip' }, notes: [] })
  entry.uid = r.target.uid
  return withOps(file.kind, (ops) => pullWith(ops, ctx, file, entry))
}

async function pullWith<B extends CollectionBody | EnvironmentBody>(ops: ResourceOps<B>, ctx: PullContext, file: LocalFile, entry: PlanEntry): Promise<Pulled> {
  if (file.format === 'v3') {
    const reason = 'A Native Git (v3) collection or environment: pulling those is not supported yet; only JSON files are pulled.'
    return { entry: { ...entry, action: 'skip', reason }, notes: [] }
  }
  const uid = entry.uid as string
  const remote = await ops.get(ctx.api, uid)
  if (!remote) return { entry: { ...entry, action: 'error', reason: listedButUnreadable(file.kind, uid) }, notes: [] }
  const local = ops.local(file) as B
  if (sameContent(file.kind, local, remote)) return { entry: { ...entry, action: 'unchanged' }, notes: [] }

  const recorded = currentEntry(ctx.state.get(stateKey(file.kind, uid)))
  const localHash = ops.stateHash(local, local)
  const repositoryChanged = recorded !== undefined && sourceHash(recorded) !== localHash
  if (repositoryChanged && ops.stateHash(local, remote) === recorded.hash) {
    const reason =
      'Postman still holds what this action last pushed; the file changed in the repository since. That change is for a push to take to Postman, not for a pull to undo.'
    return { entry: { ...entry, action: 'skip', reason }, notes: [] }
  }
  if (file.format === 'v2.0.0') {
    const reason =
      'Postman holds another version, but this file is in Collection Format v2.0.0 and a pull writes v2.1.0 only: export the collection as v2.1.0 to pull it.'
    return {
      entry: { ...entry, action: 'skip', reason },
      notes: [{ level: 'warning', kind: 'sync-error', file: file.path, line: 1, title: 'Not pulled', message: reason }]
    }
  }
  const written = await writePulled(ctx, file, remote)
  if (written.error !== undefined) return { entry: { ...entry, action: 'error', reason: `Not pulled: ${written.error}` }, notes: [] }
  if (!written.changed) return { entry: { ...entry, action: 'unchanged', reason: 'Only secret values differ; a pull never writes them.' }, notes: [] }
  ctx.log.info(`Pulled ${file.path} from Postman.`)
  const both = repositoryChanged
    ? "Changed in the repository too since the last push: this is Postman's version over the repository's edits; review the diff."
    : undefined
  return { entry: { ...entry, action: 'update', diff: ops.diff(local, remote), ...(both ? { reason: both } : {}) }, notes: [] }
}

/** The whole content, both ways: a variable only Postman has is a difference a pull brings in. */
function sameContent(kind: ResourceKind, local: CollectionBody | EnvironmentBody, remote: CollectionBody | EnvironmentBody): boolean {
  return kind === 'collection'
    ? collectionsEqual(local as CollectionBody, remote as CollectionBody)
    : environmentsEqual(local as EnvironmentBody, remote as EnvironmentBody)
}

/**
 * Writes Postman's version over the file, once it reads back valid. `changed: false` when the text
 * to write is the file's own (only secret values differed).
 */
async function writePulled(ctx: PullContext, file: LocalFile, remote: CollectionBody | EnvironmentBody): Promise<{ changed?: boolean; error?: string }> {
  let text: string
  try {
    text = await readFile(file.absPath, 'utf8')
  } catch (error) {
    return { error: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).` }
  }
  const pulled: PulledText =
    file.kind === 'collection' ? pulledCollectionText(text, remote as CollectionBody) : pulledEnvironmentText(text, remote as EnvironmentBody)
  if ('problem' in pulled) return { error: `${pulled.problem}.` }
  if (pulled.text === text) return { changed: false }
  const validate = file.kind === 'collection' ? validateCollectionText : validateEnvironmentText
  const problem = validate(file.path, pulled.text).findings.find((f) => f.level === 'error')
  if (problem !== undefined)
    return { error: `Postman's version would not pass validation here (${problem.title}: ${problem.message}); the file is left as it is.` }
  try {
    await writeConfinedFile(file.absPath, pulled.text, { roots: [ctx.root], input: file.kind === 'collection' ? 'collections' : 'environments' })
  } catch (error) {
    return { error: (error as Error).message }
  }
  return { changed: true }
}
