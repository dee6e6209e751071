/**
 * The sync orchestrator (docs/architecture.md#the-pipeline): discover → check the workspace → resolve → compare and
 * judge drift → (push) gates → writes → state. Everything is decided before the first write.
 * The decisions are pure (`resolve.ts`, `plan.ts`, `state.ts`); this module does the I/O around
 * them and keeps the call count low: a no-op sync is four calls (the workspace, two listings, the
 * state), k changed files at most 5 + 3k.
 *
 * With an invalid file the run still plans (read-only calls: the plan report is most useful when
 * it shows the whole picture) but writes nothing at all: a half-applied push is worse than none.
 */
import nodePath from 'node:path'
import type { CollectionBody, EnvironmentBody, PostmanApi, ResourceSummary } from '../postman/api.js'
import { AuthError, NotFoundError, PostmanApiError, QuotaExhaustedError } from '../postman/errors.js'
import { ActionError } from '../errors.js'
import { RESOURCES_FILE } from '../constants.js'
import type { Finding } from '../report/finding.js'
import type { LocalFile, PlanEntry, ResourceKind, SyncResult } from './model.js'
import { validateCollectionText, validateEnvironmentText, discover } from './validate.js'
import { readResourcesMap } from './resources-file.js'
import { collectionsEqual, contentHash, normalizeCollection, normalizeEnvironment, environmentsEqual, isVaultLinked, environmentType } from './normalize.js'
import { diffCollections, diffEnvironments } from './diff.js'
import { mapItemIds } from './id-map.js'
import { mergeEnvironment } from './environment-merge.js'
import { foreignIdFound, isStateEnvironment, resolveTargets, unclaimed, type Listing, type Resolution } from './resolve.js'
import { applyConflictPolicy, callsNeeded, decide, unchangedWithoutFetch, writeBlocker, writesOf, type ConflictPolicy } from './plan.js'
import { buildStateEnvironment, lastWrittenTargets, parseState, stateKey, type StateEntry, type SyncState } from './state.js'
import { applyWrites, type WriteJob } from './apply.js'
import type { GitSource } from './git-base.js'
import { writeConfinedFile } from '../util/safe-write.js'

export type { GitSource } from './git-base.js'

/** What one sync does; `run.ts` builds it from the settings and the event. */
export interface SyncOptions {
  /** The repository root; every path is relative to it. */
  root: string
  mode: 'push' | 'plan'
  /** Workspace id; may be '' when `.postman/resources.yaml` names one. */
  workspace: string
  /** Globs, already split. */
  collections: string[]
  environments: string[]
  createMissing: boolean
  onConflict: ConflictPolicy
  state: 'workspace' | 'off'
  /** The base commit (docs/architecture.md#comparison-and-drift), resolved by the caller; `undefined` = none. */
  baseSha: string | undefined
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
  body?: CollectionBody | EnvironmentBody
  localHash: string
  /** Warnings about the file found while planning (a committed secret value). */
  notes?: Finding[]
  /** State to record with the next write, for a resource found unchanged with a stale entry. */
  record?: Omit<StateEntry, 'updatedAt'> & { updatedAt?: string }
}

type Remote = CollectionBody | EnvironmentBody

/** Runs the sync. Throws `ActionError` only when nothing can be planned (no or unknown workspace). */
export async function sync(options: SyncOptions, deps: SyncDeps): Promise<SyncResult> {
  const { api, log } = deps
  const findings: Finding[] = []

  // 1. Discover and validate; an error anywhere blocks every write.
  const discovery = await discover(options.root, { collections: options.collections, environments: options.environments })
  const resources = await readResourcesMap(options.root)
  findings.push(...discovery.findings, ...resources.findings)
  const invalidPaths = [...new Set(findings.filter((f) => f.level === 'error').map((f) => f.file))]

  // 2. The workspace, checked first.
  const workspace = options.workspace || resources.map?.workspace || ''
  const source = options.workspace ? "the 'workspace' input" : `named in ${RESOURCES_FILE}`
  if (!workspace) throw new ActionError(`No workspace to sync with: set the 'workspace' input, or name one in ${RESOURCES_FILE}.`)
  try {
    await api.getWorkspace(workspace)
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ActionError(`Workspace '${workspace}' (${source}) was not found, or the API key cannot see it. Check the workspace id and that the key's user is a member.`)
    }
    throw error
  }
  const [collections, environments] = await Promise.all([api.listCollections(workspace), api.listEnvironments(workspace)])
  const listing: Listing = { collections, environments }

  // State: read only when there is one, one GET.
  const stateOn = options.state === 'workspace'
  const stateTarget = stateOn ? environments.find(isStateEnvironment) : undefined
  const state: SyncState = stateTarget ? parseState(await api.tryGetEnvironment(stateTarget.uid)) : parseState(undefined)

  // 3. Resolve; check a file's foreign id only where a create or a first adoption depends on it.
  let resolved = resolveTargets(discovery.files, resources.map, listing, {
    createMissing: options.createMissing,
    workspace,
    known: new Set(state.keys()),
    lastWritten: lastWrittenTargets(state)
  })
  resolved = await Promise.all(resolved.map((r) => checkForeign(api, workspace, r).catch((error: unknown) => readFailed(r, error))))

  // 4–6. Compare, judge drift, decide; conflicts' remote copies are written out.
  const copyNames = new Set<string>()
  const works = await Promise.all(
    resolved.map((r) => planOne(r, options, deps, state, copyNames).catch(async (error: unknown) => planOne(readFailed(r, error), options, deps, state, copyNames)))
  )
  for (const w of works) {
    findings.push(...entryFindings(w.entry, options.onConflict), ...(w.notes ?? []))
    for (const note of w.notes ?? []) log.warning(`${note.file}: ${note.message}`)
  }
  const entries = [
    ...works.map((w) => w.entry),
    // The resources file is not a resource: its findings stand, it gets no plan entry.
    ...invalidPaths.filter((p) => p && p !== RESOURCES_FILE && !works.some((w) => w.file.path === p)).map((p) => invalidEntry(p, findings))
  ]

  const result: SyncResult = {
    mode: options.mode,
    entries,
    unclaimed: unclaimed(listing, resolved),
    apiCalls: 0,
    findings
  }
  if (options.mode === 'push' && writesOf(entries).length > 0) {
    result.writesSkipped = await writeGate(options, deps, entries, works, invalidPaths.length, stateOn, findings)
    if (result.writesSkipped === undefined) await push(works, listing, state, stateTarget, workspace, stateOn, deps, findings)
  }
  result.quotaRemaining = api.quota().remaining
  result.apiCalls = api.stats().calls
  return result
}

async function checkForeign(api: PostmanApi, workspace: string, r: Resolution): Promise<Resolution> {
  if (!r.checkForeignId) return r
  const found = r.file.kind === 'collection' ? await api.tryGetCollection(r.checkForeignId) : await api.tryGetEnvironment(r.checkForeignId)
  const name = found ? (r.file.kind === 'collection' ? (found as CollectionBody).info?.name : (found as EnvironmentBody).name) : undefined
  return foreignIdFound(r, workspace, found ? { name } : undefined)
}

/**
 * A read for one file failed after the client's retries: that file cannot be planned, the others
 * can. A used-up quota or a refused key is the run's problem, not the file's: those propagate.
 */
function readFailed(r: Resolution, error: unknown): Resolution {
  if (!(error instanceof PostmanApiError) || error instanceof QuotaExhaustedError || error instanceof AuthError) throw error
  return { ...r, action: 'error', checkForeignId: undefined, reason: `Could not read the ${r.file.kind} from Postman: ${error.message}` }
}

/**
 * The hash the state keeps for a body written to (or read from) `file`'s target. For an
 * environment only the variables the file defines count: a push never touches the others, so a
 * variable added in Postman is not drift. (Should the file's set of keys change while Postman
 * also moved, the hashes differ and the file shows as a conflict: safe, and rare.)
 */
function stateHash(file: LocalFile, body: Remote): string {
  if (file.kind === 'collection') return contentHash(normalizeCollection(body as CollectionBody))
  const own = new Set((localBody(file) as EnvironmentBody).values.map((v) => v.key))
  const env = body as EnvironmentBody
  return contentHash(normalizeEnvironment({ name: env.name, values: (env.values ?? []).filter((v) => own.has(v.key)) }))
}

function localBody(file: LocalFile): Remote {
  const body = file.kind === 'collection' ? file.collection : file.environment
  if (!body) throw new Error(`${file.path}: validated file without content`) // validate.ts guarantees it
  return body
}

/** An empty resource of the file's kind and name: what a create's diff starts from. */
function emptyLike(file: LocalFile, local: Remote): Remote {
  if (file.kind === 'environment') return { name: file.name, values: [] }
  const info = (local as CollectionBody).info
  return { info: { name: file.name, schema: info.schema }, item: [] }
}

/** What pushing `local` over `remote` sends (and, for environments, the committed secret keys). */
function pushBody(file: LocalFile, local: Remote, remote: Remote | undefined, targetId: string | undefined): { body: Remote; committedSecrets: string[] } {
  if (file.kind === 'collection') return { body: mapItemIds(local as CollectionBody, remote as CollectionBody | undefined, targetId), committedSecrets: [] }
  return mergeEnvironment(local as EnvironmentBody, remote as EnvironmentBody | undefined)
}

/** Whether the remote already holds what `candidate` (the repository, or the base) says. */
function remoteHolds(file: LocalFile, candidate: Remote, remote: Remote): boolean {
  if (file.kind === 'collection') return collectionsEqual(candidate as CollectionBody, remote as CollectionBody)
  // An environment write keeps Postman-only variables and secret values: compare what it would leave.
  return environmentsEqual(mergeEnvironment(candidate as EnvironmentBody, remote as EnvironmentBody).body, remote as EnvironmentBody)
}

function diffOf(file: LocalFile, from: Remote, to: Remote): PlanEntry['diff'] {
  return file.kind === 'collection' ? diffCollections(from as CollectionBody, to as CollectionBody) : diffEnvironments(from as EnvironmentBody, to as EnvironmentBody)
}

/** The file at the base commit, validated like the local one; `undefined` when there is none. */
async function readBase(git: GitSource, sha: string | undefined, file: LocalFile): Promise<Remote | undefined> {
  if (!sha) return undefined
  let text: string | undefined
  try {
    text = await git.readAtCommit(sha, file.path)
  } catch {
    return undefined // an unreadable base is no base: the decision then needs the remote to equal the file
  }
  if (text === undefined) return undefined
  const checked = file.kind === 'collection' ? validateCollectionText(file.path, text) : validateEnvironmentText(file.path, text)
  return file.kind === 'collection' ? checked.file?.collection : checked.file?.environment
}

async function planOne(r: Resolution, options: SyncOptions, deps: SyncDeps, state: SyncState, copyNames: Set<string>): Promise<Work> {
  const { file } = r
  const entry: PlanEntry = { kind: file.kind, path: file.path, name: file.name, action: 'skip', resolvedBy: r.resolvedBy, reason: r.reason }
  if (r.action === 'error' || r.action === 'skip') return { file, entry: { ...entry, action: r.action }, localHash: '' }

  const local = localBody(file)
  const localHash = stateHash(file, local)
  // Said on every run while the file holds the value, whatever the plan (never uploaded anyway).
  const notes = file.kind === 'environment' ? secretNotes(file, mergeEnvironment(local as EnvironmentBody, undefined).committedSecrets) : []
  if (r.action === 'create') {
    const { body } = pushBody(file, local, undefined, undefined)
    return { file, entry: { ...entry, action: 'create', diff: diffOf(file, emptyLike(file, local), body) }, body, localHash, notes }
  }

  const target = r.target as ResourceSummary
  entry.uid = target.uid
  const key = stateKey(file.kind, target.uid)
  const precheck = { localHash, remoteUpdatedAt: target.updatedAt, entry: state.get(key) }
  if (unchangedWithoutFetch(precheck)) return { file, entry: { ...entry, action: 'unchanged' }, target, localHash, notes }

  const remote = file.kind === 'collection' ? await deps.api.tryGetCollection(target.uid) : await deps.api.tryGetEnvironment(target.uid)
  if (!remote) {
    return { file, entry: { ...entry, action: 'error', reason: `The ${file.kind} ${target.uid} was listed but could not be read; it may have just been deleted. Run again.` }, target, localHash, notes }
  }
  const { body } = pushBody(file, local, remote, target.id)
  const remoteHash = stateHash(file, remote)
  const equalsLocal = remoteHolds(file, local, remote)
  let equalsBase: boolean | undefined
  if (!precheck.entry && !equalsLocal) {
    const base = await readBase(deps.git, options.baseSha, file)
    equalsBase = base === undefined ? undefined : remoteHolds(file, base, remote)
  }
  const decision = applyConflictPolicy(decide(precheck, { remoteHash, equalsLocal, equalsBase }), options.onConflict)
  const work: Work = { file, entry: { ...entry, action: decision.action, reason: decision.reason ?? entry.reason }, target, localHash, notes }

  if (decision.action === 'unchanged') {
    // Remember it with the next write, so the next run needs no GET for it.
    const recorded = precheck.entry
    if (!recorded || recorded.updatedAt !== target.updatedAt || recorded.hash !== remoteHash) {
      work.record = { hash: remoteHash, source: localHash, updatedAt: target.updatedAt, path: file.path }
    }
    return work
  }
  work.entry.diff = diffOf(file, remote, body)
  if (decision.action === 'update') work.body = body
  else work.entry.remoteCopy = await writeRemoteCopy(options.outDir, file, remote, copyNames)
  return work
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
      message: `Secret variable(s) ${keys.join(', ')} have a value in the repository; it is not uploaded. Remove the value from the file and rotate the secret.`
    }
  ]
}

/** Secret and vault-linked values are blanked: the copy is for diffing content, not for holding secrets. */
function redactEnvironment(env: EnvironmentBody): EnvironmentBody {
  return { ...env, values: env.values.map((v) => (environmentType(v.type) === 'secret' || isVaultLinked(v as unknown as Record<string, unknown>) ? { ...v, value: '' } : v)) }
}

async function writeRemoteCopy(outDir: string, file: LocalFile, remote: Remote, used: Set<string>): Promise<string> {
  const stem = nodePath.posix.basename(file.path).replace(/\.json$/i, '')
  let name = `${stem}.remote.json`
  for (let i = 2; used.has(name); i++) name = `${stem}.${i}.remote.json`
  used.add(name)
  const content = file.kind === 'environment' ? redactEnvironment(remote as EnvironmentBody) : remote
  return writeConfinedFile(nodePath.join(outDir, name), `${JSON.stringify(content, null, 2)}\n`, { roots: [outDir], input: 'RUNNER_TEMP' })
}

function quotaBlocker(api: PostmanApi, works: Work[], stateOn: boolean): string | undefined {
  const remaining = api.quota().remaining
  const needed = callsNeeded(
    works.map((w) => w.entry),
    stateOn
  )
  if (remaining === undefined || remaining >= needed) return undefined
  return `Only ${remaining} Postman API call(s) are left this month and this push needs ${needed}; nothing was written, so no file is half-synced.`
}

/**
 * Whether a push with writes may write, checked in order of cost: invalid files and blocking
 * conflicts (no call), the monthly quota (known from headers), then the stale-run guard (a git
 * call). Returns why not, after saying it; `undefined` = go.
 */
async function writeGate(
  options: SyncOptions,
  deps: SyncDeps,
  entries: PlanEntry[],
  works: Work[],
  invalidFiles: number,
  stateOn: boolean,
  findings: Finding[]
): Promise<string | undefined> {
  const blocked = writeBlocker(entries, { invalidFiles, onConflict: options.onConflict })
  if (blocked !== undefined) {
    deps.log.warning(blocked)
    return blocked
  }
  const quota = quotaBlocker(deps.api, works, stateOn)
  if (quota !== undefined) {
    deps.log.warning(quota)
    // A push that cannot happen is a failed push, as when the quota runs out mid-way: the files it
    // would have written are errors at their path (in place: the result's entries are these
    // objects), so the step fails instead of passing with Postman behind the repository.
    for (const entry of writesOf(entries)) {
      Object.assign(entry, { action: 'error', reason: `Not written: ${quota}` })
      findings.push(...entryFindings(entry, 'fail'))
    }
    return quota
  }
  if (options.headSha && options.ref && (await deps.git.isStale(options.headSha, options.ref))) {
    // Expected on a re-run of an old workflow: a notice, not a warning.
    const stale = `${options.headSha.slice(0, 7)} is no longer the tip of ${options.ref}: an old run must not roll Postman back, so nothing was written.`
    ;(deps.log.notice ?? deps.log.info)(stale)
    return stale
  }
  return undefined
}

/** The writes, the new `updatedAt`s, then the state (last, and only when something was written). */
async function push(
  works: Work[],
  listing: Listing,
  state: SyncState,
  stateTarget: ResourceSummary | undefined,
  workspace: string,
  stateOn: boolean,
  deps: SyncDeps,
  findings: Finding[]
): Promise<void> {
  const { api, log } = deps
  const pending = works.filter((w) => w.body && (w.entry.action === 'create' || w.entry.action === 'update'))
  const jobs: WriteJob[] = pending.map((w) => ({ kind: w.file.kind, path: w.file.path, uid: w.entry.action === 'update' ? w.target?.uid : undefined, body: w.body as Remote }))
  const { outcomes, quotaExhausted } = await applyWrites(api, workspace, jobs)

  const written: Work[] = []
  outcomes.forEach((o, i) => {
    const w = pending[i]! // one outcome per job, one job per pending work, in order
    if (o.ref) {
      w.entry.uid = o.ref.uid
      written.push(w)
    } else {
      const reason = o.notStarted ? 'Not written: the monthly API quota ran out first.' : `Write failed: ${o.error?.message ?? 'unknown error'}`
      // In place: the result's entry list holds these objects.
      Object.assign(w.entry, { action: 'error', reason })
      findings.push(...entryFindings(w.entry, 'fail'))
    }
  })
  if (quotaExhausted) {
    const pushed = written.map((w) => w.file.path)
    log.warning(`The Postman API monthly quota ran out during the push. Written: ${pushed.length > 0 ? pushed.join(', ') : 'nothing'}. The state is not updated; the next run compares these with the repository.`)
    return
  }
  if (!stateOn || written.length === 0) return

  // The write responses carry no updatedAt: one listing per kind written gives them all.
  const kinds = new Set(written.map((w) => w.file.kind))
  try {
    const after: Listing = {
      collections: kinds.has('collection') ? await api.listCollections(workspace) : listing.collections,
      environments: kinds.has('environment') ? await api.listEnvironments(workspace) : listing.environments
    }
    const changes: SyncState = new Map()
    for (const w of written) {
      const uid = w.entry.uid as string
      const updatedAt = (w.file.kind === 'collection' ? after.collections : after.environments).find((r) => r.uid === uid)?.updatedAt
      if (updatedAt) changes.set(stateKey(w.file.kind, uid), { hash: stateHash(w.file, w.body as Remote), source: w.localHash, updatedAt, path: w.file.path })
    }
    for (const w of works) {
      if (w.record?.updatedAt && w.target) changes.set(stateKey(w.file.kind, w.target.uid), { hash: w.record.hash, source: w.record.source, updatedAt: w.record.updatedAt, path: w.record.path })
    }
    const live = new Set([...after.collections.map((r) => stateKey('collection', r.uid)), ...after.environments.map((r) => stateKey('environment', r.uid))])
    const body = buildStateEnvironment(state, changes, live)
    if (stateTarget) await api.updateEnvironment(stateTarget.uid, body)
    else await api.createEnvironment(workspace, body)
  } catch (error) {
    // The pushes stand; without the state the next run judges drift from git, which is safe.
    log.warning(`The pushes succeeded but the sync state could not be saved (${(error as Error).message}); the next run will compare with the base commit instead.`)
  }
}

/** Error and conflict entries as findings at their file. */
function entryFindings(e: PlanEntry, onConflict: ConflictPolicy): Finding[] {
  if (e.action === 'error') {
    return [{ level: 'error', kind: 'sync-error', file: e.path, line: 1, title: `Cannot sync ${e.kind} '${e.name}'`, message: e.reason ?? 'Unknown error.' }]
  }
  if (e.action === 'conflict') {
    const copy = e.remoteCopy ? ` The Postman copy is in ${e.remoteCopy}: diff it with this file and commit the edits you keep.` : ''
    return [
      {
        level: onConflict === 'skip' ? 'warning' : 'error',
        kind: 'conflict',
        file: e.path,
        line: 1,
        title: `Conflict: ${e.kind} '${e.name}' changed in Postman`,
        message: `${e.reason ?? ''}${copy}`
      }
    ]
  }
  return []
}

function invalidEntry(path: string, findings: Finding[]): PlanEntry {
  const first = findings.find((f) => f.file === path && f.level === 'error')
  const kind: ResourceKind = /environment/i.test(path) ? 'environment' : 'collection'
  return { kind, path, name: nodePath.posix.basename(path), action: 'error', reason: first ? `${first.title}: ${first.message}` : 'Invalid file.' }
}
