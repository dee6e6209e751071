/**
 * What the sync does differently for collections and environments, as one record of operations
 * per resource kind. The orchestrator (`sync.ts`) is written once against `ResourceOps`; the record
 * is chosen by the kind discovery gave the file (the glob that matched it), never from its name.
 * Adding a kind is adding a record here.
 */
import { isV3EnvironmentPath } from '../discovery/native-git/read-environment.js'
import type { CollectionBody, EnvironmentBody, JsonPatchOperation } from '../model/resources.js'
import { plural } from '../util/plural.js'
import type { LocalFile, PlanEntry, ResourceKind } from '../model/sync-result.js'
import type { PostmanApi, ResourceSummary } from '../postman/api.js'
import { validateCollectionText, validateEnvironmentText } from '../discovery/validate.js'
import { parseV3EnvironmentText } from '../discovery/native-git/local-files.js'
import { v3CollectionFromFiles } from '../discovery/native-git/collection-at-commit.js'
import { collectionsEqual, contentHash, environmentsEqual, normalizeCollection, normalizeEnvironment } from '../content/normalize.js'
import { diffCollections, diffEnvironments } from '../content/diff.js'
import { mapItemIds } from '../content/id-map.js'
import { mergeEnvironment } from '../content/environment-merge.js'
import { redactCollection, redactEnvironment } from '../content/redact.js'
import { environmentWrite } from '../content/environment-patch.js'
import type { Listing } from './resolve.js'

/** The body a push sends, and the keys of secret values the file committed (never uploaded). */
export interface PushBody<B> {
  body: B
  committedSecrets: string[]
}

/** An update sent otherwise than by one full replace, and what the plan says about it. */
export interface UpdatePlan {
  /** PATCH calls, in order; `undefined` = the full replace after all. */
  patch?: JsonPatchOperation[][]
  note: string
}

export interface ResourceOps<B> {
  kind: ResourceKind
  /** The file's content as validated (discovery guarantees it for a LocalFile). */
  local(file: LocalFile): B | undefined
  /** The file's text at another revision, validated like the file; `undefined` when invalid. */
  parse(path: string, text: string): B | undefined
  /** A Native Git directory's files at another revision (path → content), read like the directory; `undefined` when invalid. */
  parseTree(dir: string, files: ReadonlyMap<string, Buffer>): Promise<B | undefined>
  /** The workspace's resources of this kind, from a listing. */
  listed(listing: Listing): ResourceSummary[]
  list(api: PostmanApi, workspace: string): Promise<ResourceSummary[]>
  /** `undefined` when not found. */
  get(api: PostmanApi, idOrUid: string): Promise<B | undefined>
  name(body: B): string
  /**
   * The hash the state keeps for `body` written from (or read for) a file whose own content is
   * `local`. An environment counts only the variables the file defines: a push never touches the
   * others, so a variable added in Postman is not drift.
   */
  stateHash(local: B, body: B): string
  /** An empty resource of the file's kind and name: what a create's diff starts from. */
  empty(file: LocalFile, local: B): B
  /** What pushing `local` over `remote` sends. */
  pushBody(local: B, remote: B | undefined, targetId: string | undefined): PushBody<B>
  /** Keys of secret values the file commits (never uploaded; said on every run). */
  committedSecrets(local: B): string[]
  /** How an update is sent when not by a full replace of `merged`; `undefined` = full replace. */
  updateBy(merged: B, remote: B, local: B): UpdatePlan | undefined
  /** Whether the remote already holds what `candidate` (the repository, or the base) says. */
  holds(candidate: B, remote: B): boolean
  diff(from: B, to: B): PlanEntry['diff']
  /** A copy fit to write to disk: the secrets Postman holds left out. */
  redact(remote: B): B
}

export const COLLECTION_OPS: ResourceOps<CollectionBody> = {
  kind: 'collection',
  local: (file) => file.collection,
  parse: (path, text) => validateCollectionText(path, text).file?.collection,
  parseTree: (dir, files) => v3CollectionFromFiles(dir, files),
  listed: (listing) => listing.collections,
  list: (api, workspace) => api.listCollections(workspace),
  get: (api, idOrUid) => api.tryGetCollection(idOrUid),
  name: (body) => body.info.name,
  stateHash: (_local, body) => contentHash(normalizeCollection(body)),
  empty: (file, local) => ({ info: { name: file.name, schema: local.info.schema }, item: [] }),
  pushBody: (local, remote, targetId) => ({ body: mapItemIds(local, remote, targetId), committedSecrets: [] }),
  committedSecrets: () => [],
  updateBy: () => undefined,
  holds: (candidate, remote) => collectionsEqual(candidate, remote),
  diff: (from, to) => diffCollections(from, to),
  redact: (remote) => redactCollection(remote)
}

export const ENVIRONMENT_OPS: ResourceOps<EnvironmentBody> = {
  kind: 'environment',
  local: (file) => file.environment,
  parse: (path, text) => (isV3EnvironmentPath(path) ? parseV3EnvironmentText(path, text) : validateEnvironmentText(path, text).file?.environment),
  // An environment is one file in either format, never a directory.
  parseTree: () => Promise.resolve(undefined),
  listed: (listing) => listing.environments,
  list: (api, workspace) => api.listEnvironments(workspace),
  get: (api, idOrUid) => api.tryGetEnvironment(idOrUid),
  name: (body) => body.name,
  stateHash: (local, body) => {
    const own = new Set(local.values.map((v) => v.key))
    return contentHash(normalizeEnvironment({ name: body.name, values: (body.values ?? []).filter((v) => own.has(v.key)) }))
  },
  empty: (file) => ({ name: file.name, values: [] }),
  pushBody: (local, remote) => mergeEnvironment(local, remote),
  committedSecrets: (local) => mergeEnvironment(local, undefined).committedSecrets,
  updateBy: (merged, remote, local) => environmentUpdate(merged, remote, local.values.length),
  // An environment write keeps Postman-only variables and secret values: compare what it would leave.
  holds: (candidate, remote) => environmentsEqual(mergeEnvironment(candidate, remote).body, remote),
  diff: (from, to) => diffEnvironments(from, to),
  redact: (remote) => redactEnvironment(remote)
}

/** Either record: the operations that do not depend on the body type are callable on it directly. */
export type AnyResourceOps = ResourceOps<CollectionBody> | ResourceOps<EnvironmentBody>

export function opsFor(kind: ResourceKind): AnyResourceOps {
  return kind === 'collection' ? COLLECTION_OPS : ENVIRONMENT_OPS
}

/**
 * Calls `use` with the record of `kind`, typed by its body: the one place the kind picks the
 * record, so the code inside `use` is written once for both and needs no cast.
 */
export function withOps<R>(kind: ResourceKind, use: <B extends CollectionBody | EnvironmentBody>(ops: ResourceOps<B>) => R): R {
  return kind === 'collection' ? use(COLLECTION_OPS) : use(ENVIRONMENT_OPS)
}

/**
 * An environment update by PATCH when it can be (Postman-only variables and secret values are
 * then never sent), else the merged PUT; the plan says which, why, and what it costs.
 */
function environmentUpdate(merged: EnvironmentBody, remote: EnvironmentBody, ownCount: number): UpdatePlan {
  const how = environmentWrite(merged, remote, ownCount)
  if (how.method === 'PATCH' && how.calls.length > 0) {
    return { patch: how.calls, note: `Update by PATCH, ${plural(how.calls.length, 'call')}, of ${how.keys.join(', ')}; no other variable is sent.` }
  }
  const why = how.method === 'PUT' ? how.why : 'nothing PATCH can express'
  return { note: `Update by PUT, 1 call: ${why}, so every variable is sent (secret values as Postman holds them).` }
}
