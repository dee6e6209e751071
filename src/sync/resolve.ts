/**
 * Target resolution (docs/architecture.md#resolution), pure: which workspace resource each file writes to. In order:
 * the path → id map of `.postman/resources.yaml`; the file's own id **inside the workspace**; the
 * resource this action last wrote from the same path (the state; so a rename on either side is an
 * update or a conflict, never a second resource); a unique name among the workspace's non-fork
 * resources; else create (`create-missing`) or skip.
 * An id of another workspace, a name matching several, or two files on one target is an error —
 * never a create, never a write elsewhere. The state environment is never a target.
 *
 * Whether a file's id lives in another workspace takes a GET the listing cannot answer; this
 * module only says when that check is needed (`checkForeignId`), `sync.ts` makes it and calls
 * `foreignIdFound`.
 */
import type { ResourceSummary } from '../postman/api.js'
import { RESOURCES_FILE, STATE_ENVIRONMENT_NAME } from '../constants.js'
import type { Finding } from '../model/finding.js'
import { mappedLineKey, type LocalFile, type ResourceKind, type ResourcesMap } from '../model/sync-result.js'
import { isPublicApiId } from '../discovery/resources-file.js'
import { pathKey, stateKey } from './state.js'

/** What the workspace holds, as listed. */
export interface Listing {
  collections: ResourceSummary[]
  environments: ResourceSummary[]
}

/** Where one file goes. */
export interface Resolution {
  file: LocalFile
  /** `found`: an existing target; `create`; `skip` (no target, `create-missing: false`); `error`. */
  action: 'found' | 'create' | 'skip' | 'error'
  target?: ResourceSummary
  resolvedBy?: 'resources-file' | 'id' | 'state' | 'name' | 'create'
  reason?: string
  /**
   * The file's id, not found in this workspace, to look up before this resolution stands: found
   * elsewhere makes it an error. Only set where it matters — before a create, and before a first
   * adoption by name (a target the state already records was checked when it was first written).
   */
  checkForeignId?: string
  /** Where `checkForeignId` comes from: the file's own id (default), or the id `.postman/resources.yaml` maps it to. */
  foreignIdFrom?: 'file' | 'resources-file'
  /** Where an error is annotated when not at the file: the resources file's line that caused it. */
  at?: { file: string; line?: number }
  /** A warning about the resolution (a mapping the workspace does not hold, resolved otherwise). */
  note?: Finding
}

export interface ResolveOptions {
  createMissing: boolean
  workspace: string
  /** State keys (`collection:<uid>`) of resources this action has written before. */
  known: ReadonlySet<string>
  /** `pathKey(kind, path)` → uid of the resource last written from that file (`lastWrittenTargets`); default none. */
  lastWritten?: ReadonlyMap<string, string>
}

/** The state environment(s) of a listing: never matched, never unclaimed. */
export function isStateEnvironment(r: ResourceSummary): boolean {
  return r.name === STATE_ENVIRONMENT_NAME
}

/** Whether `ref` (an id or a uid `<owner>-<id>`) names `r`. */
export function refersTo(r: ResourceSummary, ref: string): boolean {
  // A uid is `<owner>-<id>`: compare whole ids, never a suffix of one.
  return r.id === ref || r.uid === ref || ref.endsWith(`-${r.id}`)
}

function candidates(listing: Listing, kind: ResourceKind): ResourceSummary[] {
  return kind === 'collection' ? listing.collections : listing.environments.filter((r) => !isStateEnvironment(r))
}

/** Resolves every file, then turns two files on one target into errors for both. */
export function resolveTargets(files: readonly LocalFile[], map: ResourcesMap | undefined, listing: Listing, opts: ResolveOptions): Resolution[] {
  const resolved = files.map((file) => resolveOne(file, map, listing, opts))
  return flagSharedTargets(resolved)
}

function resolveOne(file: LocalFile, map: ResourcesMap | undefined, listing: Listing, opts: ResolveOptions): Resolution {
  const kind = file.kind
  const pool = candidates(listing, kind)
  if (kind === 'environment' && file.name === STATE_ENVIRONMENT_NAME) {
    return {
      file,
      action: 'error',
      reason: `'${STATE_ENVIRONMENT_NAME}' is the name of the environment where this action keeps its state; rename the file's environment.`
    }
  }

  const mapped = (kind === 'collection' ? map?.collections : map?.environments)?.[file.path]
  if (mapped === undefined) return resolveUnmapped(file, pool, opts)
  const target = pool.find((r) => refersTo(r, mapped))
  if (target) return { file, action: 'found', target, resolvedBy: 'resources-file' }
  const line = map?.lines?.[mappedLineKey(kind, file.path)]
  return staleMapping(resolveUnmapped(file, pool, opts), { id: mapped, at: { file: RESOURCES_FILE, ...(line === undefined ? {} : { line }) } }, opts)
}

/** The file's own id inside the workspace, the state's last target for its path, its unique name; else create or skip. */
function resolveUnmapped(file: LocalFile, pool: ResourceSummary[], opts: ResolveOptions): Resolution {
  const kind = file.kind
  if (file.localId) {
    const target = pool.find((r) => refersTo(r, file.localId as string))
    if (target) return { file, action: 'found', target, resolvedBy: 'id' }
  }

  // Creates get server-assigned ids, so after the first push the file's id matches nothing: the
  // resource last written from this path is its target even when either side renamed it.
  const remembered = opts.lastWritten?.get(pathKey(kind, file.path))
  if (remembered !== undefined) {
    const target = pool.find((r) => r.uid === remembered)
    if (target) return { file, action: 'found', target, resolvedBy: 'state' }
  }

  const named = pool.filter((r) => r.name === file.name && !r.fork)
  if (named.length > 1) {
    return {
      file,
      action: 'error',
      reason: `${named.length} ${kind}s in workspace ${opts.workspace} are named '${file.name}' (${named.map((r) => r.uid).join(', ')}); map this file to one in .postman/resources.yaml.`
    }
  }
  if (named.length === 1) {
    const target = named[0]!
    const firstAdoption = !opts.known.has(stateKey(kind, target.uid))
    return { file, action: 'found', target, resolvedBy: 'name', checkForeignId: firstAdoption ? file.localId : undefined }
  }
  if (!opts.createMissing) {
    return { file, action: 'skip', reason: `No ${kind} named '${file.name}' in workspace ${opts.workspace}, and create-missing is false.` }
  }
  return { file, action: 'create', resolvedBy: 'create', checkForeignId: file.localId }
}

/**
 * The file is mapped to an id the workspace does not hold (deleted, in another workspace, or an id
 * the public API does not serve). The other rules still apply — but a create would make a second
 * resource where the repository names one: that is an error at the mapping's line, never a silent
 * create. Found otherwise, the mapping is out of date: a warning at its line says so, and a first
 * adoption by name checks the mapped id is not a resource of another workspace.
 */
function staleMapping(rest: Resolution, mapping: { id: string; at: { file: string; line?: number } }, opts: ResolveOptions): Resolution {
  const { file } = rest
  const stale = `${RESOURCES_FILE} maps ${file.path} to ${file.kind} ${mapping.id}, which is not in workspace ${opts.workspace} (deleted, in another workspace, or an id the Postman API does not serve)`
  if (rest.action === 'create') {
    return {
      file,
      action: 'error',
      at: mapping.at,
      reason: `${stale}; it is not created in its place. Map the file to a ${file.kind} of this workspace, or remove that line to create one.`
    }
  }
  if (rest.action !== 'found' || rest.target === undefined) return { ...rest, reason: rest.reason === undefined ? `${stale}.` : `${stale}. ${rest.reason}` }
  const note: Finding = {
    level: 'warning',
    kind: 'sync-error',
    file: mapping.at.file,
    ...(mapping.at.line === undefined ? {} : { line: mapping.at.line }),
    title: 'Mapped id not in the workspace',
    message: `${stale}; the file resolved by ${rest.resolvedBy ?? 'name'} to '${rest.target.name}' (${rest.target.uid}) instead. Update that line to ${rest.target.uid}.`
  }
  // A first adoption by name: the mapped id (a stronger claim than an exporter id in the file),
  // found in another workspace, makes it an error, as a file's own id does.
  if (rest.resolvedBy === 'name' && !opts.known.has(stateKey(file.kind, rest.target.uid)) && isPublicApiId(mapping.id)) {
    return { ...rest, note, checkForeignId: mapping.id, foreignIdFrom: 'resources-file', at: mapping.at }
  }
  return { ...rest, note }
}

function flagSharedTargets(list: Resolution[]): Resolution[] {
  const byTarget = new Map<string, Resolution[]>()
  for (const r of list) {
    let key: string | undefined
    if (r.action === 'found' && r.target) key = stateKey(r.file.kind, r.target.uid)
    // Two files creating one name would make two resources that every later run finds ambiguous.
    else if (r.action === 'create') key = `new ${r.file.kind}:${r.file.name}`
    if (key === undefined) continue
    byTarget.set(key, [...(byTarget.get(key) ?? []), r])
  }
  return list.map((r) => {
    const group = [...byTarget.values()].find((g) => g.length > 1 && g.includes(r))
    if (!group) return r
    const others = group.filter((o) => o !== r).map((o) => o.file.path)
    const what = r.target ? `${r.file.kind} ${r.target.uid}` : `a new ${r.file.kind} named '${r.file.name}'`
    return {
      ...r,
      action: 'error',
      checkForeignId: undefined,
      reason: `This file and ${others.join(', ')} both resolve to ${what}; give each its own name or map them in .postman/resources.yaml.`
    }
  })
}

/** The resolution after the foreign-id check: an id found in another workspace is an error. */
export function foreignIdFound(r: Resolution, workspace: string, elsewhere: { name?: string } | undefined): Resolution {
  // `at` only ever pointed at the mapping for the error this check could become.
  if (!elsewhere) return { ...r, checkForeignId: undefined, foreignIdFrom: undefined, at: undefined }
  const what = r.action === 'create' ? 'Creating a copy here' : `Adopting '${r.target?.name}' here by name`
  const id = r.foreignIdFrom === 'resources-file' ? `The id ${r.checkForeignId} that ${RESOURCES_FILE} maps the file to` : `The file's id ${r.checkForeignId}`
  return {
    ...r,
    action: 'error',
    target: undefined,
    checkForeignId: undefined,
    note: undefined,
    reason: `${id} belongs to a ${r.file.kind}${elsewhere.name ? ` ('${elsewhere.name}')` : ''} outside workspace ${workspace}. ${what} would split it in two; set the workspace input to its workspace, or map the file in .postman/resources.yaml.`
  }
}

/** Workspace resources no file claims (the state environment excluded). */
export function unclaimed(listing: Listing, resolved: readonly Resolution[]): Array<{ kind: ResourceKind; name: string; uid: string }> {
  const claimed = new Set(resolved.filter((r) => r.target).map((r) => stateKey(r.file.kind, (r.target as ResourceSummary).uid)))
  const out: Array<{ kind: ResourceKind; name: string; uid: string }> = []
  for (const kind of ['collection', 'environment'] as const) {
    for (const r of candidates(listing, kind)) {
      if (!claimed.has(stateKey(kind, r.uid))) out.push({ kind, name: r.name, uid: r.uid })
    }
  }
  return out
}
