/**
 * The emulated endpoints (docs/postman-api.md): each handler turns a parsed request into an answer
 * against the store. Transport concerns (auth, rate limits, faults, body limits) live in server.ts.
 */
import { randomUUID } from 'node:crypto'
import { isObject, validateCollection } from './collection-format.js'
import { applyEnvironmentPatch, duplicateKey, validateValues } from './environment-format.js'
import { errors, type ErrorSpec } from './errors.js'
import { MAX_ENVIRONMENT_VALUES } from './options.js'
import type { EmulatorStore, StoredCollection, StoredEnvironment } from './store.js'

/** A request as a handler sees it. */
export interface RouteRequest {
  method: string
  path: string
  params: string[]
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  /** Parsed JSON body; `undefined` when there was none. */
  body: unknown
}

/** A handler's answer: JSON with a status, or an error rendered in the route's family. */
export type RouteResult = { status: number; json: unknown } | { error: ErrorSpec }

/** What a handler may use. */
export interface RouteContext {
  store: EmulatorStore
  tasks: AsyncTasks
  /** Calls counted this month, including the current one (for `GET /me`). */
  monthlyUsage(): number
  monthlyLimit: number
  /** Whether an environment write that leaves one key twice is refused. */
  duplicateEnvKeys: 'refuse' | 'accept'
}

/** One route of the table. */
export interface Route {
  /** Stable name, e.g. `GET /collections/{id}`; also picks the family under `errorFamily: mixed`. */
  id: string
  method: string
  pattern: RegExp
  /** Counted in the 10-per-10-s list bucket (the documented list-endpoint limit). */
  list?: boolean
  /** Which body size limit applies. */
  bodyLimit?: 'collection' | 'environment'
  /** A create (for the lost-create fault). */
  create?: boolean
  handle(req: RouteRequest, ctx: RouteContext): RouteResult
}

const ok = (json: unknown): RouteResult => ({ status: 200, json })
const fail = (error: ErrorSpec): RouteResult => ({ error })

// ---- async PUT tasks (`Prefer: respond-async`) ----

interface Task {
  id: string
  collectionId: string
  status: 'in-progress' | 'successful' | 'failed'
  run: () => boolean
  timer: NodeJS.Timeout
}

/**
 * `Prefer: respond-async` PUTs. A task applies its PUT at its first poll or after `delayMs`,
 * whichever comes first, so tests need no sleeps and idle clients still see it finish.
 */
export class AsyncTasks {
  private readonly tasks = new Map<string, Task>()

  constructor(
    private readonly delayMs: number,
    private readonly fails: () => boolean
  ) {}

  inProgressFor(collectionId: string): boolean {
    return [...this.tasks.values()].some((t) => t.collectionId === collectionId && t.status === 'in-progress')
  }

  /** Starts a task whose `run` applies the update and says whether it worked. */
  start(collectionId: string, run: () => boolean): Task {
    const id = randomUUID()
    const timer = setTimeout(() => this.finish(id), this.delayMs)
    timer.unref()
    const task: Task = { id, collectionId, status: 'in-progress', run, timer }
    this.tasks.set(id, task)
    return task
  }

  /** Polls (and finishes) a task. */
  poll(id: string): Task | undefined {
    this.finish(id)
    return this.tasks.get(id)
  }

  private finish(id: string): void {
    const task = this.tasks.get(id)
    if (!task || task.status !== 'in-progress') return
    clearTimeout(task.timer)
    task.status = !this.fails() && task.run() ? 'successful' : 'failed'
  }

  close(): void {
    for (const t of this.tasks.values()) clearTimeout(t.timer)
  }
}

// ---- helpers ----

const ID = '([^/]+)'

function workspaceOf(req: RouteRequest, ctx: RouteContext): string | undefined {
  const ws = req.query.workspace
  if (ws === undefined) return ctx.store.defaultWorkspace().id
  return ctx.store.workspace(ws)?.id
}

function collectionSummary(c: StoredCollection): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    owner: c.uid.slice(0, c.uid.length - c.id.length - 1),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    uid: c.uid,
    isPublic: false,
    ...(c.fork ? { fork: c.fork } : {})
  }
}

function environmentSummary(e: StoredEnvironment): Record<string, unknown> {
  return { id: e.id, name: e.name, createdAt: e.createdAt, updatedAt: e.updatedAt, owner: e.body.owner, uid: e.uid, isPublic: false }
}

/** The `model=minimal` form: item UIDs instead of items (getCollectionMinimal). */
function minimal(c: StoredCollection): Record<string, unknown> {
  const items = (c.body.item as Array<Record<string, unknown>>) ?? []
  const uids = (folders: boolean): unknown[] => items.filter((i) => Array.isArray(i.item) === folders).map((i) => i.uid)
  const { info, variable, auth, event } = c.body
  return { info, variable, auth, events: event, rootLevelRequests: uids(false), rootLevelFolders: uids(true) }
}

function collectionInput(req: RouteRequest): RouteResult | Record<string, unknown> {
  if (!isObject(req.body) || !('collection' in req.body)) return fail(errors.paramMissing('collection'))
  const collection = req.body.collection
  const { details } = validateCollection(collection)
  if (details.length > 0) return fail(errors.malformed('collection', details))
  return collection as Record<string, unknown>
}

/**
 * What the API refuses in the values an environment write would leave: one key twice (400
 * invalidParamsError, param `key`; postman-app-support #5947, #12605) and more than 500 variables
 * (#9014; no verbatim body is public, the same error family is used with param `values`).
 */
function valuesRefusal(values: unknown[] | undefined, ctx: RouteContext): RouteResult | undefined {
  if (values === undefined) return undefined
  if (values.length > MAX_ENVIRONMENT_VALUES) return fail(errors.invalidParams('values'))
  if (ctx.duplicateEnvKeys === 'refuse' && duplicateKey(values) !== undefined) return fail(errors.invalidParams('key'))
  return undefined
}

function isResult(x: unknown): x is RouteResult {
  return isObject(x) && ('error' in x || 'json' in x)
}

function environmentInput(req: RouteRequest, ctx: RouteContext, nameRequired: boolean): RouteResult | { name?: string; values?: unknown[] } {
  if (!isObject(req.body) || !isObject(req.body.environment)) {
    return fail(errors.malformed('environment', [": must have required property 'environment'"]))
  }
  const env = req.body.environment
  if (nameRequired && typeof env.name !== 'string') return fail(errors.malformed('environment', ["environment: must have required property 'name'"]))
  if (env.name !== undefined && typeof env.name !== 'string') return fail(errors.malformed('environment', ['environment/name: must be string']))
  const problem = validateValues(env.values)
  if (problem?.kind === 'malformed') return fail(errors.malformed('environment', problem.details))
  if (problem?.kind === 'message') return fail(errors.malformedMessage(problem.message))
  const refusal = valuesRefusal(env.values as unknown[] | undefined, ctx)
  if (refusal) return refusal
  return { name: env.name, values: env.values as unknown[] | undefined }
}

// ---- the table ----

export const routes: Route[] = [
  {
    id: 'GET /me',
    method: 'GET',
    pattern: /^\/me$/,
    handle: (_req, ctx) =>
      ok({
        user: {
          id: Number(ctx.store.ownerId),
          username: 'emulator-user',
          email: 'emulator@example.com',
          fullName: 'Emulator User',
          avatar: null,
          isPublic: false,
          teamId: 0,
          teamName: '',
          teamDomain: '',
          roles: ['user']
        },
        operations: [
          { name: 'api_usage', limit: ctx.monthlyLimit, usage: ctx.monthlyUsage(), overage: 0 },
          { name: 'mock_usage', limit: 1_000_000, usage: 0, overage: 0 }
        ]
      })
  },
  {
    id: 'GET /workspaces',
    method: 'GET',
    pattern: /^\/workspaces$/,
    list: true,
    handle: (req, ctx) => {
      if (req.query.limit !== undefined && Number(req.query.limit) > 100) {
        return fail({ ...errors.badRequest('The limit parameter must not exceed 100.'), name: 'badRequestError' })
      }
      const list = ctx.store.workspaces.filter((w) => req.query.type === undefined || w.type === req.query.type)
      return ok({
        workspaces: list.map((w) => ({
          id: w.id,
          name: w.name,
          type: w.type,
          visibility: w.type,
          createdBy: ctx.store.ownerId,
          createdAt: w.createdAt,
          updatedAt: w.createdAt
        }))
      })
    }
  },
  {
    id: 'GET /workspaces/{id}',
    method: 'GET',
    pattern: new RegExp(`^/workspaces/${ID}$`),
    list: true,
    handle: (req, ctx) => {
      const w = ctx.store.workspace(idParam(req))
      if (!w) return fail(errors.workspaceNotFound())
      const ref = (x: { id: string; name: string; uid: string }): Record<string, string> => ({ id: x.id, name: x.name, uid: x.uid })
      return ok({
        workspace: {
          id: w.id,
          name: w.name,
          type: w.type,
          description: '',
          visibility: w.type,
          createdBy: ctx.store.ownerId,
          updatedBy: ctx.store.ownerId,
          createdAt: w.createdAt,
          updatedAt: w.createdAt,
          about: '',
          collections: ctx.store.listCollections(w.id).map(ref),
          environments: ctx.store.listEnvironments(w.id).map(ref),
          mocks: [],
          monitors: [],
          apis: []
        }
      })
    }
  },
  {
    id: 'GET /collections',
    method: 'GET',
    pattern: /^\/collections$/,
    list: true,
    handle: (req, ctx) => {
      const { workspace, name, limit, offset } = req.query
      if (name !== undefined && (limit !== undefined || offset !== undefined)) {
        return fail(errors.badRequest('The name parameter cannot be combined with limit or offset.'))
      }
      // An unknown workspace lists nothing, with 200, as the real listing does.
      let list = workspace === undefined ? ctx.store.listCollections() : ctx.store.workspace(workspace) ? ctx.store.listCollections(workspace) : []
      if (name !== undefined) list = list.filter((c) => c.name === name)
      if (limit === undefined && offset === undefined) return ok({ collections: list.map(collectionSummary) })
      const from = Math.max(0, Number(offset ?? 0) || 0)
      const size = Math.max(1, Number(limit ?? list.length) || list.length || 1)
      return ok({
        collections: list.slice(from, from + size).map(collectionSummary),
        meta: { total: list.length, offset: from, limit: size }
      })
    }
  },
  {
    id: 'POST /collections',
    method: 'POST',
    pattern: /^\/collections$/,
    bodyLimit: 'collection',
    create: true,
    handle: (req, ctx) => {
      const input = collectionInput(req)
      if (isResult(input)) return input
      const ws = workspaceOf(req, ctx)
      if (!ws) return fail(errors.workspaceNotFound())
      const c = ctx.store.createCollection(ws, input)
      return ok({ collection: { id: c.id, name: c.name, uid: c.uid } })
    }
  },
  {
    id: 'GET /collections/{id}',
    method: 'GET',
    pattern: new RegExp(`^/collections/${ID}$`),
    handle: (req, ctx) => {
      const c = ctx.store.collection(idParam(req))
      if (!c) return fail(errors.collectionNotFound(idParam(req), true))
      return ok({ collection: req.query.model === 'minimal' ? minimal(c) : c.body })
    }
  },
  {
    id: 'PUT /collections/{id}',
    method: 'PUT',
    pattern: new RegExp(`^/collections/${ID}$`),
    bodyLimit: 'collection',
    handle: (req, ctx) => {
      const c = ctx.store.collection(idParam(req))
      if (!c) return fail(errors.collectionNotFound(idParam(req), false))
      const input = collectionInput(req)
      if (isResult(input)) return input
      const info = input.info as Record<string, unknown>
      if (info._postman_id !== undefined && info._postman_id !== c.id) return fail(errors.collectionMismatch())
      const prefer = String(req.headers.prefer ?? '').toLowerCase()
      if (prefer.includes('respond-async')) {
        if (ctx.tasks.inProgressFor(c.id)) return fail(errors.deepUpdateInProgress())
        // Refusals are checked now, so a 202 means the update will be applied unless a fault says otherwise.
        const dryRun = ctx.store.wouldRefuse(c, input)
        if (dryRun) return fail(dryRun === 'mismatch' ? errors.collectionMismatch() : errors.instanceFoundForeign())
        const task = ctx.tasks.start(c.id, () => {
          const current = ctx.store.collection(c.id)
          return current !== undefined && !('refused' in ctx.store.replaceCollection(current, input))
        })
        return { status: 202, json: { task: { id: task.id, status: task.status } } }
      }
      const result = ctx.store.replaceCollection(c, input)
      if ('refused' in result) return fail(result.refused === 'mismatch' ? errors.collectionMismatch() : errors.instanceFoundForeign())
      return ok({ collection: { id: c.id, name: c.name, uid: c.uid } })
    }
  },
  {
    id: 'PATCH /collections/{id}',
    method: 'PATCH',
    pattern: new RegExp(`^/collections/${ID}$`),
    bodyLimit: 'collection',
    handle: (req, ctx) => {
      const c = ctx.store.collection(idParam(req))
      if (!c) return fail(errors.collectionNotFound(idParam(req), false))
      if (!isObject(req.body) || !isObject(req.body.collection)) return fail(errors.paramMissing('collection'))
      const patch = req.body.collection
      if (Object.keys(patch).length === 0) return fail(errors.paramMissing('info'))
      ctx.store.patchCollection(c, patch)
      const info = c.body.info as Record<string, unknown>
      return ok({ collection: { id: c.id, name: c.name, description: typeof info.description === 'string' ? info.description : '' } })
    }
  },
  {
    id: 'DELETE /collections/{id}',
    method: 'DELETE',
    pattern: new RegExp(`^/collections/${ID}$`),
    handle: (req, ctx) => {
      const c = ctx.store.collection(idParam(req))
      if (!c) return fail(errors.collectionNotFound(idParam(req), false))
      ctx.store.deleteCollection(c)
      return ok({ collection: { id: c.id, uid: c.uid } })
    }
  },
  {
    id: 'GET /collection-updates-tasks/{id}',
    method: 'GET',
    pattern: new RegExp(`^/collection-updates-tasks/${ID}$`),
    handle: (req, ctx) => {
      const task = ctx.tasks.poll(idParam(req))
      if (!task) return fail(errors.routeNotFound(req.path))
      // Not wrapped: the task object is the whole body, as documented.
      return ok({ id: task.id, status: task.status })
    }
  },
  {
    id: 'GET /environments',
    method: 'GET',
    pattern: /^\/environments$/,
    handle: (req, ctx) => {
      const ws = req.query.workspace
      const list = ws === undefined ? ctx.store.listEnvironments() : ctx.store.workspace(ws) ? ctx.store.listEnvironments(ws) : []
      return ok({ environments: list.map(environmentSummary) })
    }
  },
  {
    id: 'POST /environments',
    method: 'POST',
    pattern: /^\/environments$/,
    bodyLimit: 'environment',
    create: true,
    handle: (req, ctx) => {
      const input = environmentInput(req, ctx, true)
      if (isResult(input)) return input
      const ws = workspaceOf(req, ctx)
      if (!ws) return fail(errors.workspaceNotFound())
      const e = ctx.store.createEnvironment(ws, input.name as string, input.values ?? [])
      return ok({ environment: { id: e.id, name: e.name, uid: e.uid } })
    }
  },
  {
    id: 'GET /environments/{id}',
    method: 'GET',
    pattern: new RegExp(`^/environments/${ID}$`),
    handle: (req, ctx) => {
      const e = ctx.store.environment(idParam(req))
      if (!e) return fail(errors.environmentNotFound(true))
      return ok({ environment: e.body })
    }
  },
  {
    id: 'PUT /environments/{id}',
    method: 'PUT',
    pattern: new RegExp(`^/environments/${ID}$`),
    bodyLimit: 'environment',
    handle: (req, ctx) => {
      const e = ctx.store.environment(idParam(req))
      if (!e) return fail(errors.environmentNotFound(false))
      const input = environmentInput(req, ctx, false)
      if (isResult(input)) return input
      ctx.store.replaceEnvironment(e, input.name, input.values)
      return ok({ environment: { id: e.id, name: e.name, uid: e.uid } })
    }
  },
  {
    id: 'PATCH /environments/{id}',
    method: 'PATCH',
    pattern: new RegExp(`^/environments/${ID}$`),
    bodyLimit: 'environment',
    handle: (req, ctx) => {
      const e = ctx.store.environment(idParam(req))
      if (!e) return fail(errors.environmentNotFound(false))
      const patched = applyEnvironmentPatch({ name: e.body.name, values: e.body.values }, req.body)
      if ('problem' in patched) return fail(errors.patchInvalid(patched.problem))
      const refusal = valuesRefusal(patched.values, ctx)
      if (refusal) return refusal
      ctx.store.touchEnvironment(e, { ...e.body, name: patched.name, values: patched.values })
      return ok({ environment: { ...e.body, uid: e.uid } })
    }
  },
  {
    id: 'DELETE /environments/{id}',
    method: 'DELETE',
    pattern: new RegExp(`^/environments/${ID}$`),
    handle: (req, ctx) => {
      const e = ctx.store.environment(idParam(req))
      if (!e) return fail(errors.environmentNotFound(false))
      ctx.store.deleteEnvironment(e)
      return ok({ environment: { id: e.id, uid: e.uid } })
    }
  }
]

/** The id a route's pattern captures (every route that reads one has `${ID}` in its pattern). */
function idParam(req: RouteRequest): string {
  const id = req.params[0]
  if (id === undefined) throw new Error(`The route for ${req.method} ${req.path} captures no id.`)
  return id
}

/** Finds the route for a method and path; `params` are the decoded path parameters. */
export function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue
    const m = route.pattern.exec(path)
    if (m) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) }
  }
  return undefined
}
