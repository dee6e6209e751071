/**
 * The sync orchestrator (docs/architecture.md#the-pipeline): discover → check the workspace → resolve → compare and
 * judge drift → (push) gates → writes → state. Everything is decided before the first write.
 * The decisions are pure (`resolve.ts`, `plan.ts`, `state.ts`); this module does the I/O around
 * them and keeps the call count low: a no-op sync is four calls (the workspace, two listings, the
 * state), k changed files at most 5 + 3k.
 *
 * `sync: pull` shares discovery, the workspace check and resolution, then hands over to `pull.ts`
 * with a read-only client.
 *
 * With an invalid file the run still plans (read-only calls: the plan report is most useful when
 * it shows the whole picture) but writes nothing at all: a half-applied push is worse than none.
 */
import nodePath from 'node:path'
import type { CollectionBody, EnvironmentBody, JsonPatchOperation, PostmanApi, ResourceSummary } from '../postman/api.js'
import { NotFoundError, PostmanApiError } from '../postman/errors.js'
import { ActionError } from '../errors.js'
import { RESOURCES_FILE } from '../constants.js'
import type { Finding } from '../model/finding.js'
import type { LocalFile, PlanEntry, ResourceKind, ResourcesMap, SyncResult, WritesSkippedBy } from '../model/sync-result.js'
import { discover, matchedPathOf } from '../discovery/validate.js'
import { readResourcesMap } from '../discovery/resources-file.js'
import { collectionBodyBytes, collectionSizeFindings, formatMb } from '../discovery/size-check.js'
import { NORMALIZATION_VERSION } from '../content/normalize.js'
import { withRequestFiles } from '../content/native-git/plan-paths.js'
import { foreignIdFound, isStateEnvironment, resolveTargets, unclaimed, type Listing, type Resolution } from './resolve.js'
import {
  applyConflictPolicy,
  callsNeeded,
  CONFLICT_WAYS_OUT,
  currentEntry,
  decide,
  unchangedWithoutFetch,
  writeBlocker,
  writesOf,
  type ConflictPolicy
} from './plan.js'
import { entryPlace, errorFindings, invalidEntry, listedButUnreadable, readFailed } from './entries.js'
import { pull, withoutCreates } from './pull.js'
import { readOnlyApi } from '../postman/read-only.js'
import { buildStateEnvironment, lastWrittenTargets, parseState, stateKey, type StateEntry, type SyncState } from './state.js'
import { applyWrites, type WriteJob } from './apply.js'
import type { GitSource } from './git-base.js'
import { COLLECTION_OPS, ENVIRONMENT_OPS, opsFor, withOps, type AnyResourceOps, type ResourceOps } from './resource-ops.js'
import { writeConfinedFile } from '../util/safe-write.js'
import { plural } from '../util/plural.js'
import { unknownWorkspaceError } from './unknown-workspace.js'

export type { GitSource } from './git-base.js'

/** The documented limit on a collection body (docs/postman-api.md). */
export const DEFAULT_MAX_COLLECTION_MB = 20

/** What one sync does; `run.ts` builds it from the settings and the event. */
export interface SyncOptions {
  /** The repository root; every path is relative to it. */
  root: string
  /** `pull`: Postman's versions into the working tree (`pull.ts`), nothing written to Postman. */
  mode: 'push' | 'plan' | 'pull'
  /** Workspace id; may be '' when `.postman/resources.yaml` names one. */
  workspace: string
  /** Globs, already split. */
  collections: string[]
  environments: string[]
  /** `v3-collections` globs (Native Git collection directories); none searched when absent. */
  v3Collections?: string[]
  createMissing: boolean
  onConflict: ConflictPolicy
  state: 'workspace' | 'off'
  /** The base commit (docs/architecture.md#comparison-and-drift), resolved by the caller; `undefined` = none. */
  baseSha: string | undefined
  /** Largest collection pushed, in MB (10⁶ bytes) of compact JSON; default 20. */
  maxCollectionMb?: number
  /** Where remote copies of conflicts are written (e.g. `<runner temp>/postman-sync`). */
  outDir: string
  /** For the stale-run guard: the workflow's commit and its ref. */
  headSha?: string
  ref?: string
}

/** The side effects the sync needs. */
export interface SyncDeps {
  api: PostmanApi
  git: GitSource
  log: { info(m: string): void; warning(m: string): void; notice?(m: string): void }
}

/** One file's plan, with what the writes and the state need. */
interface Work {
  file: LocalFile
  entry: PlanEntry
  target?: ResourceSummary
  /** The body to send, for creates and updates. */
  body?: Remote
  /** The state hash of `body`, recorded once it is written. */
  bodyHash?: string
  localHash: string
  /** Warnings about the file found while planning (a committed secret value). */
  notes?: Finding[]
  /** An environment update as PATCH calls instead of a PUT of `body`. */
  patch?: JsonPatchOperation[][]
  /** State to record with the next write, for a resource found unchanged with a stale entry. */
  record?: Omit<StateEntry, 'updatedAt'> & { updatedAt?: string }
}

type Remote = CollectionBody | EnvironmentBody

/** What every stage of one sync shares once the workspace is known. */
interface SyncRun {
  options: SyncOptions
  deps: SyncDeps
  workspace: string
  listing: Listing
  state: SyncState
  stateTarget?: ResourceSummary
  stateOn: boolean
  /** Files with an error: any one blocks every write. */
  invalidFiles: number
  findings: Finding[]
  /** Names of the remote copies written so far (one per conflict). */
  copyNames: Set<string>
}

/** Runs the sync. Throws `ActionError` only when nothing can be planned (no or unknown workspace). */
export async function sync(options: SyncOptions, given: SyncDeps): Promise<SyncResult> {
  // A pull writes to the working tree only: its client cannot write to Postman at all.
  const deps = options.mode === 'pull' ? { ...given, api: readOnlyApi(given.api) } : given
  const { api } = deps
  // 1. Discover and validate; an error anywhere blocks every write.
  const found = await discoverFiles(options)
  // 2. The workspace, its listings and the state.
  const run = await openWorkspace(options, deps, found)

  // 3. Resolve; check a file's foreign id only where a create or a first adoption depends on it.
  let resolved = resolveTargets(found.files, found.resources, run.listing, {
    createMissing: options.createMissing,
    workspace: run.workspace,
    known: new Set(run.state.keys()),
    lastWritten: lastWrittenTargets(run.state)
  })
  if (options.mode === 'pull') resolved = resolved.map(withoutCreates)
  resolved = await Promise.all(resolved.map((r) => checkForeign(api, run.workspace, r).catch((error: unknown) => readFailed(r, error))))
  for (const note of resolved.flatMap((r) => (r.note === undefined ? [] : [r.note]))) {
    run.findings.push(note)
    deps.log.warning(`${note.file}${note.line === undefined ? '' : `:${note.line}`}: ${note.message}`)
  }
  if (options.mode === 'pull') {
    const { listing, state, findings } = run
    return pull({ root: options.root, api, log: deps.log, listing, state, findings, invalid: found.invalid }, resolved)
  }

  // 4–6. Compare, judge drift, decide; conflicts' remote copies are written out.
  const works = await Promise.all(resolved.map((r) => planOne(r, run).catch(async (error: unknown) => planOne(readFailed(r, error), run))))
  for (const w of works) {
    run.findings.push(...entryFindings(w.entry, options.onConflict), ...(w.notes ?? []))
    for (const note of w.notes ?? []) deps.log.warning(`${note.file}: ${note.message}`)
  }
  const entries = [
    ...works.map((w) => w.entry),
    // The resources file is not a resource: its findings stand, it gets no plan entry.
    ...found.invalid.filter((p) => !works.some((w) => w.file.path === p.path)).map((p) => invalidEntry(p, run.findings))
  ]

  const result: SyncResult = { mode: options.mode, entries, unclaimed: unclaimed(run.listing, resolved), apiCalls: 0, findings: run.findings }
  const skipped = options.mode === 'push' ? await pushStep(run, entries, works) : undefined
  if (skipped !== undefined) Object.assign(result, { writesSkipped: skipped.reason, writesSkippedBy: skipped.by })
  result.quotaRemaining = api.quota().remaining
  result.apiCalls = api.stats().calls
  return result
}

interface Discovered {
  files: LocalFile[]
  resources: ResourcesMap | undefined
  findings: Finding[]
  /** Matched files with an error, each with the kind of the glob that matched it. */
  invalid: Array<{ path: string; kind: ResourceKind }>
}

async function discoverFiles(options: SyncOptions): Promise<Discovered> {
  // The resources file first: the paths it registers are discovered with the globs' files.
  const resources = await readResourcesMap(options.root)
  const discovery = await discover(options.root, {
    collections: options.collections,
    environments: options.environments,
    v3Collections: options.v3Collections,
    registered: resources.map?.local
  })
  const sizes = collectionSizeFindings(discovery.files, options.maxCollectionMb ?? DEFAULT_MAX_COLLECTION_MB)
  // An oversize collection is invalid: it gets an error entry, like a file that failed validation.
  const oversize = new Set(sizes.filter((f) => f.level === 'error').map((f) => matchedPathOf(discovery.matched, f.file)?.path ?? f.file))
  const findings = [...discovery.findings, ...resources.findings, ...sizes]
  // In the order of their first error, as the findings list them; an error in a file of a v3
  // collection directory makes the directory invalid. The resources file is no matched path.
  const invalid = new Map<string, { path: string; kind: ResourceKind }>()
  for (const f of findings.filter((x) => x.level === 'error')) {
    const owner = matchedPathOf(discovery.matched, f.file)
    if (owner !== undefined && !invalid.has(owner.path)) invalid.set(owner.path, { path: owner.path, kind: owner.kind })
  }
  return { files: discovery.files.filter((f) => !oversize.has(f.path)), resources: resources.map, findings, invalid: [...invalid.values()] }
}

/** Checks the workspace first, then lists it and reads the state (one GET, only when there is one). */
async function openWorkspace(options: SyncOptions, deps: SyncDeps, found: Discovered): Promise<SyncRun> {
  const { api } = deps
  const workspace = options.workspace || found.resources?.workspace || ''
  const source = options.workspace ? "the 'workspace' input" : `named in ${found.resources?.workspaceFrom ?? RESOURCES_FILE}`
  if (!workspace) {
    // `workspace: {id: ""}` is how Postman writes the file before a workspace is chosen: no workspace, not an error of the file.
    throw new ActionError(`No workspace to sync with: set the 'workspace' input, or name one in ${RESOURCES_FILE} (\`workspace: {id: <workspace id>}\`).`)
  }
  try {
    await api.getWorkspace(workspace)
  } catch (error) {
    if (error instanceof NotFoundError) throw await unknownWorkspaceError(api, workspace, source)
    throw error
  }
  const [collections, environments] = await Promise.all([api.listCollections(workspace), api.listEnvironments(workspace)])
  const stateOn = options.state === 'workspace'
  const stateTarget = stateOn ? environments.find(isStateEnvironment) : undefined
  const state: SyncState = stateTarget ? parseState(await api.tryGetEnvironment(stateTarget.uid)) : new Map<string, StateEntry>()
  const invalidFiles = new Set(found.findings.filter((f) => f.level === 'error').map((f) => f.file)).size
  const listing: Listing = { collections, environments }
  return { options, deps, workspace, listing, state, stateTarget, stateOn, invalidFiles, findings: [...found.findings], copyNames: new Set() }
}

/** Why a push's writes were skipped as a whole, and what kind of reason that is. */
interface SkippedWrites {
  reason: string
  by: WritesSkippedBy
}

/** A push: the gates, then the writes and the state; or only the state when it is all there is to write. Returns why writes were skipped. */
async function pushStep(run: SyncRun, entries: PlanEntry[], works: Work[]): Promise<SkippedWrites | undefined> {
  if (writesOf(entries).length > 0) {
    const skipped = await writeGate(run, entries, works)
    if (skipped === undefined) await push(run, works)
    return skipped
  }
  const blocked = writeBlocker(entries, { invalidFiles: run.invalidFiles, onConflict: run.options.onConflict })
  if (run.stateOn && works.some((w) => w.record?.updatedAt) && blocked === undefined) {
    // Nothing to write but what the state should remember (an adoption found unchanged, an entry
    // of an older normalization): one state write, so the next run needs no GET for them.
    await push(run, works)
  }
  return undefined
}

async function checkForeign(api: PostmanApi, workspace: string, r: Resolution): Promise<Resolution> {
  const id = r.checkForeignId
  if (!id) return r
  const found = await withOps(r.file.kind, async (ops) => {
    const body = await ops.get(api, id)
    return body ? { name: ops.name(body) } : undefined
  })
  return foreignIdFound(r, workspace, found)
}

function localBody<B>(ops: ResourceOps<B>, file: LocalFile): B {
  const body = ops.local(file)
  if (!body) throw new Error(`${file.path}: validated file without content`) // validate.ts guarantees it
  return body
}

/**
 * The file at the base commit, validated like the local one; `undefined` when there is none. A
 * Native Git collection is a directory: its files at the base are read as the working tree's are
 * (docs/architecture.md#comparison-and-drift).
 */
async function readBase<B>(ops: ResourceOps<B>, git: GitSource, sha: string | undefined, file: LocalFile): Promise<B | undefined> {
  if (!sha) return undefined
  try {
    if (file.v3 !== undefined && file.kind === 'collection') {
      const files = await git.readTreeAtCommit(sha, file.path)
      return files === undefined ? undefined : await ops.parseTree(file.path, files)
    }
    const text = await git.readAtCommit(sha, file.path)
    return text === undefined ? undefined : ops.parse(file.path, text)
  } catch {
    return undefined // an unreadable base is no base: the decision then needs the remote to equal the file
  }
}

function planOne(r: Resolution, run: SyncRun): Promise<Work> {
  return withOps(r.file.kind, (ops) => planWith(ops, r, run))
}

async function planWith<B extends Remote>(ops: ResourceOps<B>, r: Resolution, run: SyncRun): Promise<Work> {
  const { file } = r
  const entry: PlanEntry = { kind: file.kind, path: file.path, name: file.name, action: 'skip', resolvedBy: r.resolvedBy, reason: r.reason }
  const at = r.at ?? v3Place(file)
  if (at !== undefined) entry.at = at
  if (r.action === 'error' || r.action === 'skip') return { file, entry: { ...entry, action: r.action }, localHash: '' }

  const local = localBody(ops, file)
  const localHash = ops.stateHash(local, local)
  // Said on every run while the file holds the value, whatever the plan (never uploaded anyway).
  const notes = secretNotes(file, ops.committedSecrets(local))
  if (r.action === 'create') {
    const { body } = ops.pushBody(local, undefined, undefined)
    const diff = namedByFiles(ops.diff(ops.empty(file, local), body), file)
    return { file, entry: { ...entry, action: 'create', diff }, body, bodyHash: ops.stateHash(local, body), localHash, notes }
  }

  const target = r.target as ResourceSummary
  entry.uid = target.uid
  const precheck = { localHash, remoteUpdatedAt: target.updatedAt, entry: run.state.get(stateKey(file.kind, target.uid)) }
  if (unchangedWithoutFetch(precheck)) return { file, entry: { ...entry, action: 'unchanged' }, target, localHash, notes }

  const remote = await ops.get(run.deps.api, target.uid)
  if (!remote) {
    return { file, entry: { ...entry, action: 'error', reason: listedButUnreadable(file.kind, target.uid) }, target, localHash, notes }
  }
  const remoteHash = ops.stateHash(local, remote)
  const equalsLocal = ops.holds(local, remote)
  let equalsBase: boolean | undefined
  if (!currentEntry(precheck.entry) && !equalsLocal) {
    const base = await readBase(ops, run.deps.git, run.options.baseSha, file)
    equalsBase = base === undefined ? undefined : ops.holds(base, remote)
  }
  const decision = applyConflictPolicy(decide(precheck, { remoteHash, equalsLocal, equalsBase }), run.options.onConflict)
  const work: Work = { file, entry: { ...entry, action: decision.action, reason: decision.reason ?? entry.reason }, target, localHash, notes }
  if (decision.action === 'unchanged') {
    work.record = recordIfStale(precheck.entry, target, remoteHash, work)
    return work
  }
  const { body } = ops.pushBody(local, remote, target.id)
  work.entry.diff = namedByFiles(ops.diff(remote, body), file)
  if (decision.action === 'update') planUpdate(work, ops.updateBy(body, remote, local), { body, bodyHash: ops.stateHash(local, body) })
  else work.entry.remoteCopy = await writeRemoteCopy(run, file, ops.redact(remote))
  return work
}

/** An unchanged resource is remembered with the next write, so the next run needs no GET for it. */
function recordIfStale(entry: StateEntry | undefined, target: ResourceSummary, remoteHash: string, work: Work): Work['record'] {
  const recorded = currentEntry(entry)
  if (recorded && recorded.updatedAt === target.updatedAt && recorded.hash === remoteHash) return undefined
  return { hash: remoteHash, source: work.localHash, updatedAt: target.updatedAt, path: work.file.path, version: NORMALIZATION_VERSION }
}

/** An update: the body, and how it is sent when not by one full replace (the plan says how). */
function planUpdate(work: Work, how: ReturnType<AnyResourceOps['updateBy']>, write: { body: Remote; bodyHash: string }): void {
  work.body = write.body
  work.bodyHash = write.bodyHash
  if (how === undefined) return
  if (how.patch) {
    work.patch = how.patch
    work.entry.calls = how.patch.length
  }
  work.entry.reason = work.entry.reason ? `${work.entry.reason} ${how.note}` : how.note
}

/** A committed secret value: never uploaded, but the repository should not hold it (keys only). */
function secretNotes(file: LocalFile, keys: string[]): Finding[] {
  if (keys.length === 0) return []
  return [
    {
      level: 'warning',
      kind: 'sync-error',
      file: file.path,
      line: 1,
      title: 'Secret value committed',
      message: `${keys.length === 1 ? 'Secret variable' : 'Secret variables'} ${keys.join(', ')} ${keys.length === 1 ? 'has' : 'have'} a value in the repository; it is not uploaded. Remove the value from the file and rotate the secret.`
    }
  ]
}

/** The remote copy of a conflict, already redacted (`content/redact.ts`: a copy is for diffing, not for holding Postman's secrets). */
async function writeRemoteCopy(run: SyncRun, file: LocalFile, content: Remote): Promise<string> {
  // A v3 collection's path is its directory: `<directory name>.remote.json`.
  const stem = nodePath.posix.basename(file.path).replace(/\.(json|ya?ml)$/i, '')
  let name = `${stem}.remote.json`
  for (let i = 2; run.copyNames.has(name); i++) name = `${stem}.${i}.remote.json`
  run.copyNames.add(name)
  const outDir = run.options.outDir
  return writeConfinedFile(nodePath.join(outDir, name), `${JSON.stringify(content, null, 2)}\n`, { roots: [outDir], input: 'RUNNER_TEMP' })
}

function quotaBlocker(api: PostmanApi, works: Work[], stateOn: boolean): string | undefined {
  const remaining = api.quota().remaining
  const needed = callsNeeded(
    works.map((w) => w.entry),
    stateOn
  )
  if (remaining === undefined || remaining >= needed) return undefined
  return `Only ${plural(remaining, 'Postman API call')} ${remaining === 1 ? 'is' : 'are'} left this month and this push needs ${needed}; nothing was written, so no file is half-synced.`
}

/**
 * Whether a push with writes may write, checked in order of cost: invalid files and blocking
 * conflicts (no call), the monthly quota (known from headers), then the stale-run guard (a git
 * call). Returns why not, after saying it; `undefined` = go.
 */
async function writeGate(run: SyncRun, entries: PlanEntry[], works: Work[]): Promise<SkippedWrites | undefined> {
  const { options, deps } = run
  const blocked = writeBlocker(entries, { invalidFiles: run.invalidFiles, onConflict: options.onConflict })
  if (blocked !== undefined) {
    // Said once where it is seen: the findings are annotated on their lines, the sentence is in the
    // summary and the step's failure message counts them; an annotation too would say it again.
    deps.log.info(blocked)
    return { reason: blocked, by: 'blocked' }
  }
  const quota = quotaBlocker(deps.api, works, run.stateOn)
  if (quota !== undefined) {
    deps.log.warning(quota)
    // A push that cannot happen is a failed push, as when the quota runs out mid-way: the files it
    // would have written are errors at their path (in place: the result's entries are these
    // objects), so the step fails instead of passing with Postman behind the repository.
    for (const entry of writesOf(entries)) {
      Object.assign(entry, { action: 'error', reason: `Not written: ${quota}` })
      run.findings.push(...entryFindings(entry, 'fail'))
    }
    return { reason: quota, by: 'quota' }
  }
  if (options.headSha && options.ref && (await deps.git.isStale(options.headSha, options.ref))) {
    // Expected on a re-run of an old workflow: a notice, not a warning.
    const stale = `${options.headSha.slice(0, 7)} is no longer the tip of ${options.ref}: an old run must not roll Postman back, so nothing was written.`
    ;(deps.log.notice ?? deps.log.info)(stale)
    return { reason: stale, by: 'stale-run' }
  }
  return undefined
}

/** The writes, the new `updatedAt`s, then the state (last, and only when something was written). */
async function push(run: SyncRun, works: Work[]): Promise<void> {
  const { written, quotaExhausted } = await writeAll(run, works)
  if (quotaExhausted) {
    const pushed = written.map((w) => w.file.path)
    run.deps.log.warning(
      `The Postman API monthly quota ran out during the push. Written: ${pushed.length > 0 ? pushed.join(', ') : 'nothing'}. The state is not updated; the next run compares these with the repository.`
    )
    return
  }
  // A record needs the listing's updatedAt: without one it would change nothing in the state.
  if (!run.stateOn || (written.length === 0 && !works.some((w) => w.record?.updatedAt))) return
  try {
    await saveState(run, works, written)
  } catch (error) {
    // The pushes stand; without the state the next run judges drift from git, which is safe.
    run.deps.log.warning(
      `The pushes succeeded but the sync state could not be saved (${(error as Error).message}); the next run will compare with the base commit instead.`
    )
  }
}

/** Every planned create and update; a failed one becomes an error entry (and finding) at its file. */
async function writeAll(run: SyncRun, works: Work[]): Promise<{ written: Work[]; quotaExhausted: boolean }> {
  const pending = works.filter((w) => w.body && (w.entry.action === 'create' || w.entry.action === 'update'))
  const jobs: WriteJob[] = pending.map((w) => ({
    kind: w.file.kind,
    path: w.file.path,
    uid: w.entry.action === 'update' ? w.target?.uid : undefined,
    body: w.body as Remote,
    ...(w.patch && w.entry.action === 'update' ? { patch: w.patch } : {})
  }))
  const { outcomes, quotaExhausted } = await applyWrites(run.deps.api, run.workspace, jobs)
  const written: Work[] = []
  outcomes.forEach((o, i) => {
    const w = pending[i] as Work
    if (o.ref) {
      w.entry.uid = o.ref.uid
      written.push(w)
      return
    }
    const reason = o.notStarted
      ? 'Not written: the monthly API quota ran out first.'
      : `Write failed: ${sizeNote(w.file, o.error)}${o.error?.message ?? 'unknown error'}`
    // In place: the result's entry list holds these objects.
    Object.assign(w.entry, { action: 'error', reason })
    run.findings.push(...entryFindings(w.entry, 'fail'))
  })
  return { written, quotaExhausted }
}

/** The state after the writes: the write responses carry no updatedAt, so one listing per kind written gives them all. */
async function saveState(run: SyncRun, works: Work[], written: Work[]): Promise<void> {
  const { api } = run.deps
  const kinds = new Set(written.map((w) => w.file.kind))
  const relist = (ops: AnyResourceOps): Promise<ResourceSummary[]> | ResourceSummary[] =>
    kinds.has(ops.kind) ? ops.list(api, run.workspace) : ops.listed(run.listing)
  const after: Listing = { collections: await relist(COLLECTION_OPS), environments: await relist(ENVIRONMENT_OPS) }
  const changes: SyncState = new Map()
  for (const w of written) {
    const uid = w.entry.uid as string
    const updatedAt = opsFor(w.file.kind)
      .listed(after)
      .find((r) => r.uid === uid)?.updatedAt
    if (updatedAt)
      changes.set(stateKey(w.file.kind, uid), { hash: w.bodyHash as string, source: w.localHash, updatedAt, path: w.file.path, version: NORMALIZATION_VERSION })
  }
  for (const w of works) {
    if (w.record?.updatedAt && w.target) changes.set(stateKey(w.file.kind, w.target.uid), { ...w.record, updatedAt: w.record.updatedAt })
  }
  const live = new Set([...after.collections.map((r) => stateKey('collection', r.uid)), ...after.environments.map((r) => stateKey('environment', r.uid))])
  const body = buildStateEnvironment(run.state, changes, live)
  if (run.stateTarget) await api.updateEnvironment(run.stateTarget.uid, body)
  else await api.createEnvironment(run.workspace, body)
}

/** For a collection write refused for its size (413, "size limit", HTML 504): the file and its size. */
function sizeNote(file: LocalFile, error: Error | undefined): string {
  if (file.kind !== 'collection' || !(error instanceof PostmanApiError)) return ''
  const bySize = error.status === 413 || error.status === 504 || /size limit/i.test(`${error.postmanName ?? ''} ${error.postmanMessage ?? ''}`)
  return bySize ? `${file.path} is ${formatMb(collectionBodyBytes(file))} as sent. ` : ''
}

/** Error and conflict entries as findings at their file. */
function entryFindings(e: PlanEntry, onConflict: ConflictPolicy): Finding[] {
  const place = entryPlace(e)
  if (e.action === 'error') return errorFindings(e)
  if (e.action === 'conflict') {
    // Said before the upload, so both places are named: on a runner the temp directory is gone once
    // the job ends, and the step's artifact (when uploaded; the job summary says so) keeps the copy.
    const copy = e.remoteCopy
      ? ` Postman's version is saved as ${nodePath.basename(e.remoteCopy)} in the step's artifact (see the job summary; without one, at ${e.remoteCopy} on the runner): diff it with this file and commit the edits you keep.`
      : ''
    return [
      {
        level: onConflict === 'skip' ? 'warning' : 'error',
        kind: 'conflict',
        ...place,
        title: `Conflict: ${e.kind} '${e.name}' changed in Postman`,
        message: `${e.reason ?? ''}${copy} ${CONFLICT_WAYS_OUT}`
      }
    ]
  }
  return []
}
/** Where a v3 collection's entry is annotated: its `definition.yaml`, else its directory (no line). */
function v3Place(file: LocalFile): PlanEntry['at'] {
  if (file.v3 === undefined) return undefined
  return file.v3.definition === undefined ? { file: file.path } : { file: file.v3.definition, line: 1 }
}

/** A v3 collection's plan names request files (`Folder/Create order.request.yaml`), not item paths. */
function namedByFiles(diff: PlanEntry['diff'], file: LocalFile): PlanEntry['diff'] {
  return diff === undefined || file.v3 === undefined || file.collection === undefined || !('collection' in diff)
    ? diff
    : withRequestFiles(diff, file.collection, file.v3.files, file.path)
}
