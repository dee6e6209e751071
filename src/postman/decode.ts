/**
 * The shapes of the answers the client uses, checked before anything reads them: a server that
 * answers something else (an old API version, a proxy's page, a changed field) gets an
 * `UnexpectedResponseError` naming the call and what was expected, never a crash further on.
 * Two layers: the fields the client reads are checked by hand first (the message names the one
 * missing), then the whole body is validated against the response schema of its kind in
 * `schemas/`, the same schemas the emulator's contract tests hold the emulator to, so the client
 * and the emulator cannot drift apart.
 */
import type { CollectionBody, EnvironmentBody, Me, ResourceRef, ResourceSummary, Workspace, WorkspaceSummary } from './api.js'
import { UnexpectedResponseError } from './errors.js'
import type { Call } from './request.js'
import { isRecord } from '../util/records.js'
import { responseErrors, type ResponseKind } from './schemas/index.js'
import { scalarText } from '../util/scalar-text.js'

type Rec = Record<string, unknown>

function unexpected(call: Call, expected: string): never {
  throw new UnexpectedResponseError({ method: call.method, path: call.path, status: 200 }, expected)
}

const isString = (x: unknown): x is string => typeof x === 'string' && x !== ''

/** The whole body against the schema of `kind`; the first problems go into the error. */
function conform(kind: ResponseKind, call: Call, data: unknown): void {
  const problems = responseErrors(kind, data)
  if (problems.length > 0) unexpected(call, `a ${kind} answer as documented in docs/postman-api.md (${problems.slice(0, 3).join('; ')})`)
}

/** `{ <key>: {...} }` → the inner object, checked to be one. */
export function envelope(call: Call, data: unknown, key: string): Rec {
  if (!isRecord(data)) unexpected(call, `a JSON object with '${key}'`)
  const inner = data[key]
  if (!isRecord(inner)) unexpected(call, `a JSON object with '${key}'`)
  return inner
}

/** The id, uid and name a create or update answers with. */
export function decodeRef(call: Call, data: unknown, key: 'collection' | 'environment'): ResourceRef {
  const inner = envelope(call, data, key)
  const { id, uid, name } = inner
  if (!isString(id) || !isString(uid)) unexpected(call, `'${key}' with 'id' and 'uid'`)
  conform(`${key}${call.method === 'PATCH' ? 'Patch' : 'Write'}`, call, data)
  return { id, uid, ...(typeof name === 'string' ? { name } : {}) }
}

/** One listed resource. Never a uid built from an owner id (owners differ within one workspace, docs/postman-api.md): without a uid the id serves, as every path takes either. */
function summary(call: Call, key: string, x: unknown): ResourceSummary {
  if (!isRecord(x)) unexpected(call, `'${key}' entries with 'id' and 'name'`)
  const { id, uid, name, owner, createdAt, updatedAt, fork } = x
  if (!isString(id) || typeof name !== 'string') unexpected(call, `'${key}' entries with 'id' and 'name'`)
  const s: ResourceSummary = { id, uid: isString(uid) ? uid : id, name }
  if (typeof owner === 'string') s.owner = owner
  if (typeof createdAt === 'string') s.createdAt = createdAt
  if (typeof updatedAt === 'string') s.updatedAt = updatedAt
  if (isRecord(fork)) s.fork = forkOf(fork)
  return s
}

function forkOf(fork: Rec): NonNullable<ResourceSummary['fork']> {
  const out: NonNullable<ResourceSummary['fork']> = {}
  for (const field of ['label', 'createdAt', 'from'] as const) {
    const value = fork[field]
    if (typeof value === 'string') out[field] = value
  }
  return out
}

/** `{ <key>: [...] }` of a listing. */
export function decodeSummaries(call: Call, data: unknown, key: 'collections' | 'environments'): ResourceSummary[] {
  const list = isRecord(data) ? data[key] : undefined
  if (!Array.isArray(list)) unexpected(call, `a JSON object with a '${key}' array`)
  const summaries = list.map((x: unknown) => summary(call, key, x))
  conform(key === 'collections' ? 'collectionList' : 'environmentList', call, data)
  return summaries
}

/** `meta: {total, limit}` of a paginated list, when both are usable. */
export function pageMeta(data: unknown): { total: number; limit: number } | undefined {
  const meta = isRecord(data) && isRecord(data.meta) ? data.meta : undefined
  const total = Number(meta?.total)
  const limit = Number(meta?.limit)
  return Number.isInteger(total) && Number.isInteger(limit) && limit > 0 && total >= 0 ? { total, limit } : undefined
}

export function decodeMe(call: Call, data: unknown): Me {
  const user = isRecord(data) ? data.user : undefined
  if (!isRecord(data) || !isRecord(user) || typeof user.id !== 'number') unexpected(call, "a JSON object with 'user.id'")
  conform('me', call, data)
  const me: Me = { user: { id: user.id } }
  if (typeof user.username === 'string') me.user.username = user.username
  if (typeof user.teamId === 'number') me.user.teamId = user.teamId
  const operations: unknown[] = Array.isArray(data.operations) ? data.operations : []
  const usage = operations.find((x): x is Rec => isRecord(x) && x.name === 'api_usage')
  if (usage && typeof usage.limit === 'number' && typeof usage.usage === 'number') {
    me.apiUsage = { limit: usage.limit, usage: usage.usage, ...(typeof usage.overage === 'number' ? { overage: usage.overage } : {}) }
  }
  return me
}

export function decodeWorkspace(call: Call, data: unknown): Workspace {
  const ws = envelope(call, data, 'workspace')
  if (!isString(ws.id)) unexpected(call, "'workspace' with an 'id'")
  const refs = (key: 'collections' | 'environments'): Workspace['collections'] => {
    const list = ws[key] === undefined ? [] : ws[key]
    if (!Array.isArray(list)) unexpected(call, `'workspace.${key}' as an array`)
    return list.map((x: unknown) => {
      const s = summary(call, `workspace.${key}`, x)
      return { id: s.id, uid: s.uid, name: s.name }
    })
  }
  const result: Workspace = { id: ws.id, name: scalarText(ws.name ?? ''), collections: refs('collections'), environments: refs('environments') }
  conform('workspace', call, data)
  if (typeof ws.type === 'string') result.type = ws.type
  if (typeof ws.visibility === 'string') result.visibility = ws.visibility
  return result
}

/** `{ workspaces: [...] }` of `GET /workspaces`: each with its id and name. */
export function decodeWorkspaces(call: Call, data: unknown): WorkspaceSummary[] {
  const list = isRecord(data) ? data.workspaces : undefined
  if (!Array.isArray(list)) unexpected(call, "a JSON object with a 'workspaces' array")
  const workspaces = list.map((x: unknown): WorkspaceSummary => {
    if (!isRecord(x) || !isString(x.id) || typeof x.name !== 'string') unexpected(call, "'workspaces' entries with 'id' and 'name'")
    return { id: x.id, name: x.name, ...(typeof x.type === 'string' ? { type: x.type } : {}) }
  })
  conform('workspaceList', call, data)
  return workspaces
}

/**
 * A stored collection. Checked: `info.name` and `item`, what the sync reads before it compares;
 * the rest is content, compared and diffed as it is (the body is passed on unchanged).
 */
export function decodeCollection(call: Call, data: unknown): CollectionBody {
  const c = envelope(call, data, 'collection')
  if (!isRecord(c.info) || typeof c.info.name !== 'string' || !Array.isArray(c.item)) unexpected(call, "'collection' with 'info.name' and 'item'")
  conform('collection', call, data)
  // Checked: the schema requires info.name, info.schema and item; the rest is content, passed on as it is.
  return c as CollectionBody
}

/** A stored environment. Checked: `name` and `values`; each value is read through `environmentValueString`, whatever its type. */
export function decodeEnvironment(call: Call, data: unknown): EnvironmentBody {
  const e = envelope(call, data, 'environment')
  if (typeof e.name !== 'string' || !Array.isArray(e.values)) unexpected(call, "'environment' with 'name' and 'values'")
  conform('environment', call, data)
  // Checked: the schema requires id, name and values with a string key each.
  return e as unknown as EnvironmentBody
}

/** The task a 202 to `Prefer: respond-async` answers with. */
export function decodeTaskId(call: Call, data: unknown): string {
  const task = envelope(call, data, 'task')
  if (!isString(task.id)) unexpected(call, "'task' with an 'id'")
  conform('taskAccepted', call, data)
  return task.id
}

/**
 * A polled task's status: the task itself, or wrapped in `task`. Checked by hand only: the client
 * also waits through `pending` and `queued`, which the task schema (what the API documents) lacks.
 */
export function decodeTaskStatus(call: Call, data: unknown): 'successful' | 'failed' | 'running' {
  const task = isRecord(data) && isRecord(data.task) ? data.task : data
  const status = isRecord(task) ? task.status : undefined
  if (status === 'successful' || status === 'failed') return status
  if (status === 'in-progress' || status === 'pending' || status === 'queued') return 'running'
  return unexpected(call, "a task with 'status' successful, in-progress or failed")
}
