/**
 * The Postman API as the rest of the action sees it: envelopes unwrapped, errors typed
 * (`src/postman/errors.ts`). The axios implementation is `src/postman/client.ts`; tests may pass
 * any object with this shape. Paths take an id or a uid, as the API does (docs/postman-api.md).
 */
import type { CollectionBody, EnvironmentBody, JsonPatchOperation } from '../model/resources.js'

export type { CollectionBody, EnvironmentBody, EnvironmentValue, JsonPatchOperation } from '../model/resources.js'

/** A collection or environment as listed (`GET /collections`, `GET /environments`). */
export interface ResourceSummary {
  id: string
  uid: string
  name: string
  owner?: string
  createdAt?: string
  updatedAt?: string
  /** Present on forks only; forks are never matched by name. */
  fork?: { label?: string; createdAt?: string; from?: string }
}

export interface Workspace {
  id: string
  name: string
  type?: string
  visibility?: string
  collections: Array<{ id: string; uid: string; name: string }>
  environments: Array<{ id: string; uid: string; name: string }>
}

/** A workspace as `GET /workspaces` lists it. */
export interface WorkspaceSummary {
  id: string
  name: string
  type?: string
}

/** Identity returned by creates and updates. */
export interface ResourceRef {
  id: string
  uid: string
  name?: string
}

/** Monthly quota, from `*-Remaining-Month` headers or `GET /me` (docs/postman-api.md). */
export interface QuotaInfo {
  limit?: number
  remaining?: number
}

export interface Me {
  user: { id: number; username?: string; teamId?: number }
  apiUsage?: { limit: number; usage: number; overage?: number }
}

export interface PostmanApi {
  me(): Promise<Me>
  /** Throws `NotFoundError` for an unknown workspace. */
  getWorkspace(id: string): Promise<Workspace>
  /** The workspaces the key can see (to name them when a workspace id is unknown). */
  listWorkspaces(): Promise<WorkspaceSummary[]>
  listCollections(workspaceId: string): Promise<ResourceSummary[]>
  /** Exact-name lookup (`?name=`), used to adopt a create whose response was lost. */
  findCollectionsByName(workspaceId: string, name: string): Promise<ResourceSummary[]>
  /** `undefined` when not found (404, or 400 `instanceNotFoundError`). */
  tryGetCollection(idOrUid: string): Promise<CollectionBody | undefined>
  /** Never retried blindly: after an ambiguous failure it looks the name up and adopts. */
  createCollection(workspaceId: string, collection: CollectionBody): Promise<ResourceRef>
  /** Full replace. Large bodies go through `Prefer: respond-async` and task polling. */
  updateCollection(idOrUid: string, collection: CollectionBody): Promise<ResourceRef>
  deleteCollection(idOrUid: string): Promise<void>
  listEnvironments(workspaceId: string): Promise<ResourceSummary[]>
  tryGetEnvironment(idOrUid: string): Promise<EnvironmentBody | undefined>
  createEnvironment(workspaceId: string, environment: EnvironmentBody): Promise<ResourceRef>
  updateEnvironment(idOrUid: string, environment: EnvironmentBody): Promise<ResourceRef>
  /** JSON Patch; never retried blindly (an `add` twice would add twice). */
  patchEnvironment(idOrUid: string, operations: JsonPatchOperation[]): Promise<ResourceRef>
  deleteEnvironment(idOrUid: string): Promise<void>
  /** What the client has learned of the monthly quota so far (headers), if anything. */
  quota(): QuotaInfo
  /** Calls made so far, for the summary and the benchmarks. */
  stats(): { calls: number; retries: number; rateLimited: number }
}
