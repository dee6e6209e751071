/**
 * The emulator's data: workspaces, collections and environments, stored the way the Postman API
 * stores them (`collection-format.ts`, `environment-format.ts`). No HTTP here: the routes and the
 * test-facing helpers (`seedCollection`, `editCollection`, …) both go through this class.
 */
import { randomUUID } from 'node:crypto'
import { bodyChanged, clone, collectItemIds, indexElements, isObject, sameContent, storeCollectionBody, type StoreContext } from './collection-format.js'
import { storeEnvironmentValues } from './environment-format.js'

/** A stored collection. `body` is what `GET /collections/{id}` returns under `collection`. */
export interface StoredCollection {
  id: string
  uid: string
  name: string
  workspace: string
  createdAt: string
  updatedAt: string
  fork?: { label: string; createdAt: string; from: string }
  body: Record<string, unknown>
}

/** A stored environment. `body` is what `GET /environments/{id}` returns under `environment`. */
export interface StoredEnvironment {
  id: string
  uid: string
  name: string
  workspace: string
  createdAt: string
  updatedAt: string
  body: { id: string; name: string; owner: string; createdAt: string; updatedAt: string; values: unknown[]; isPublic: boolean }
}

export interface WorkspaceRecord {
  id: string
  name: string
  type: string
  createdAt: string
}

/** Store behaviours the options switch (see `EmulatorOptions`). */
export interface StoreBehaviour {
  updatedAtOnItemEdit: 'moves' | 'stale'
  /** When set, every second created resource gets this owner id in its uid (listings of one workspace mix owners). */
  otherOwnerId?: string
}

/** Why a write was refused; the routes turn it into an error body. */
export type StoreRefusal = { refused: 'foreignIds' } | { refused: 'mismatch' }

export class EmulatorStore {
  readonly workspaces: WorkspaceRecord[]
  private readonly collectionsById = new Map<string, StoredCollection>()
  private readonly environmentsById = new Map<string, StoredEnvironment>()
  private lastStamp = 0
  private created = 0

  constructor(
    readonly ownerId: string,
    workspaces: Array<{ id: string; name: string; type?: string }>,
    private readonly now: () => number,
    private readonly behaviour: StoreBehaviour = { updatedAtOnItemEdit: 'moves' }
  ) {
    // The first workspace is the oldest: creates without `?workspace=` land there.
    const created = new Date(now() - 86_400_000).toISOString()
    this.workspaces = workspaces.map((w) => ({ id: w.id, name: w.name, type: w.type ?? 'personal', createdAt: created }))
  }

  /**
   * A timestamp strictly later than the previous one: an injected, frozen clock must still let a
   * test see `updatedAt` move after a write.
   */
  stamp(): string {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1)
    return new Date(this.lastStamp).toISOString()
  }

  workspace(id: string): WorkspaceRecord | undefined {
    return this.workspaces.find((w) => w.id === id)
  }

  defaultWorkspace(): WorkspaceRecord {
    const first = this.workspaces[0]
    if (first === undefined) throw new Error('The emulator was started with no workspace.')
    return first
  }

  // ---- collections ----

  collection(idOrUid: string): StoredCollection | undefined {
    return this.collectionsById.get(idOrUid) ?? [...this.collectionsById.values()].find((c) => c.uid === idOrUid)
  }

  listCollections(workspaceId?: string): StoredCollection[] {
    return [...this.collectionsById.values()].filter((c) => workspaceId === undefined || c.workspace === workspaceId)
  }

  /** The owner id of the next created resource: the user's, or every second one another's under `mixedOwners`. */
  private nextOwner(): string {
    this.created++
    return this.behaviour.otherOwnerId !== undefined && this.created % 2 === 0 ? this.behaviour.otherOwnerId : this.ownerId
  }

  /** Create: every incoming id is stripped and replaced (postman-app-support #4229). */
  createCollection(workspaceId: string, input: Record<string, unknown>, opts: { fork?: boolean } = {}): StoredCollection {
    const id = randomUUID()
    const owner = this.nextOwner()
    const now = this.stamp()
    const fork = opts.fork ? { label: 'Fork', createdAt: now, from: `${this.ownerId}-${randomUUID()}` } : undefined
    const body = storeCollectionBody(
      input,
      id,
      { createdAt: now, fork },
      this.context(owner, now, () => false, new Map())
    )
    const stored: StoredCollection = {
      id,
      uid: `${owner}-${id}`,
      name: String((input.info as Record<string, unknown>).name),
      workspace: workspaceId,
      createdAt: now,
      updatedAt: now,
      fork,
      body
    }
    this.collectionsById.set(id, stored)
    return stored
  }

  /**
   * Full replace with the API's id rules: ids of this collection are kept, missing ids are
   * generated, absent elements disappear, ids of another collection refuse the whole PUT.
   * Returns `changed: false` (and keeps every timestamp) when the content is identical.
   */
  replaceCollection(target: StoredCollection, input: Record<string, unknown>): StoreRefusal | { changed: boolean } {
    const refusal = this.wouldRefuse(target, input)
    if (refusal) return { refused: refusal }
    const info = input.info as Record<string, unknown>
    const own = indexElements(target.body)
    const foreign = this.foreignIds(target.id)

    const now = this.stamp()
    // Unknown ids (in no collection) are kept as sent: the server creates the element with that id.
    const ctx = this.context(ownerOf(target), now, (id) => !foreign.has(id), own)
    const body = storeCollectionBody(input, target.id, { createdAt: target.createdAt, fork: target.fork }, ctx)
    if (!bodyChanged(body, target.body, ctx.changed === true)) return { changed: false }
    this.keepStaleUpdatedAt(target, body)
    target.body = body
    target.name = String(info.name)
    target.updatedAt = (body.info as Record<string, unknown>).updatedAt as string
    return { changed: true }
  }

  /**
   * Under `updatedAtOnItemEdit: 'stale'`, a change to items only (the collection's own fields are
   * the same) leaves the collection's `updatedAt` and `lastUpdatedBy` as they were, as
   * postman-app-support #13034 observed of an edit inside a collection.
   */
  private keepStaleUpdatedAt(target: StoredCollection, body: Record<string, unknown>): boolean {
    if (this.behaviour.updatedAtOnItemEdit !== 'stale') return false
    const own = (b: Record<string, unknown>): Record<string, unknown> => ({ ...b, item: undefined })
    if (!sameContent(own(body), own(target.body))) return false
    const info = body.info as Record<string, unknown>
    const before = target.body.info as Record<string, unknown>
    info.updatedAt = before.updatedAt
    info.lastUpdatedBy = before.lastUpdatedBy
    return true
  }

  /** Why a PUT of `input` onto `target` would be refused, if it would (wrong `_postman_id`, another collection's ids). */
  wouldRefuse(target: StoredCollection, input: Record<string, unknown>): 'mismatch' | 'foreignIds' | undefined {
    const info = input.info as Record<string, unknown>
    if (info._postman_id !== undefined && info._postman_id !== target.id) return 'mismatch'
    const foreign = this.foreignIds(target.id)
    if (collectItemIds(input.item).some((id) => foreign.has(id))) return 'foreignIds'
    return undefined
  }

  /** PATCH: `info.name/description`, `auth`, `variable`, `events`; never `item`. */
  patchCollection(target: StoredCollection, patch: Record<string, unknown>): void {
    const body = clone(target.body)
    const info = body.info as Record<string, unknown>
    if (isObject(patch.info)) {
      if (typeof patch.info.name === 'string') info.name = patch.info.name
      if (patch.info.description !== undefined) info.description = patch.info.description
    }
    if (patch.auth !== undefined) body.auth = clone(patch.auth)
    if (patch.variable !== undefined) body.variable = clone(patch.variable)
    if (patch.events !== undefined) body.event = clone(patch.events)
    if (sameContent(body, target.body)) return
    this.touchCollection(target, body)
  }

  /** An edit "made in Postman" of a whole body: re-stored (new elements get ids), then touched. */
  editCollection(target: StoredCollection, edited: Record<string, unknown>): void {
    const now = this.stamp()
    const foreign = this.foreignIds(target.id)
    const ctx = this.context(ownerOf(target), now, (id) => !foreign.has(id), indexElements(target.body))
    const { _postman_id: _ignored, ...info } = edited.info as Record<string, unknown>
    const body = storeCollectionBody({ ...edited, info }, target.id, { createdAt: target.createdAt, fork: target.fork }, ctx)
    if (!this.keepStaleUpdatedAt(target, body)) return this.touchCollection(target, body)
    target.body = body
    target.name = String((body.info as Record<string, unknown>).name)
  }

  /** An edit "made in Postman": new content, new `updatedAt`, `lastUpdatedBy` = the owner. */
  touchCollection(target: StoredCollection, body: Record<string, unknown>): void {
    const now = this.stamp()
    const info = body.info as Record<string, unknown>
    info.updatedAt = now
    info.lastUpdatedBy = this.ownerId
    target.body = body
    target.name = String(info.name)
    target.updatedAt = now
  }

  deleteCollection(target: StoredCollection): void {
    this.collectionsById.delete(target.id)
  }

  /** Element ids of every collection but `exceptId`. */
  private foreignIds(exceptId: string): Set<string> {
    const ids = new Set<string>()
    for (const c of this.collectionsById.values()) {
      if (c.id === exceptId) continue
      for (const id of indexElements(c.body).keys()) ids.add(id)
    }
    return ids
  }

  private context(owner: string, now: string, keepId: (id: string) => boolean, previous: Map<string, Record<string, unknown>>): StoreContext {
    return { ownerId: owner, editorId: this.ownerId, now, newId: () => randomUUID(), keepId, previous: (id) => previous.get(id) }
  }

  // ---- environments ----

  environment(idOrUid: string): StoredEnvironment | undefined {
    return this.environmentsById.get(idOrUid) ?? [...this.environmentsById.values()].find((e) => e.uid === idOrUid)
  }

  listEnvironments(workspaceId?: string): StoredEnvironment[] {
    return [...this.environmentsById.values()].filter((e) => workspaceId === undefined || e.workspace === workspaceId)
  }

  createEnvironment(workspaceId: string, name: string, values: unknown[]): StoredEnvironment {
    const id = randomUUID()
    const owner = this.nextOwner()
    const now = this.stamp()
    const stored: StoredEnvironment = {
      id,
      uid: `${owner}-${id}`,
      name,
      workspace: workspaceId,
      createdAt: now,
      updatedAt: now,
      body: { id, name, owner, createdAt: now, updatedAt: now, values: storeEnvironmentValues(values), isPublic: false }
    }
    this.environmentsById.set(id, stored)
    return stored
  }

  /** Replace name and/or values; `updatedAt` moves only when something changed. */
  replaceEnvironment(target: StoredEnvironment, name: string | undefined, values: unknown[] | undefined): boolean {
    const next = {
      ...target.body,
      name: name ?? target.body.name,
      values: values === undefined ? target.body.values : storeEnvironmentValues(values)
    }
    if (sameContent(next, target.body)) return false
    this.touchEnvironment(target, next)
    return true
  }

  touchEnvironment(target: StoredEnvironment, body: StoredEnvironment['body']): void {
    const now = this.stamp()
    target.body = { ...body, updatedAt: now }
    target.name = body.name
    target.updatedAt = now
  }

  deleteEnvironment(target: StoredEnvironment): void {
    this.environmentsById.delete(target.id)
  }
}

/** The owner id a stored collection's uid starts with. */
function ownerOf(c: StoredCollection): string {
  return c.uid.slice(0, c.uid.length - c.id.length - 1)
}
