/**
 * `PostmanApi` over one axios instance (docs/architecture.md#the-postman-api-client). Every call: limiter permit (pacing) → HTTP →
 * rate headers back to the limiter → on failure, the retry policy decides → typed error. Envelopes
 * are unwrapped and shapes checked, so callers get plain data or a clear error.
 */
import type { AxiosResponse } from 'axios'
import type { Clock } from '../util/clock.js'
import { systemClock } from '../util/clock.js'
import { ActionError } from '../errors.js'
import type {
  CollectionBody,
  EnvironmentBody,
  Me,
  PostmanApi,
  QuotaInfo,
  ResourceRef,
  ResourceSummary,
  Workspace
} from './api.js'
import {
  AuthError,
  NetworkError,
  NotFoundError,
  PostmanApiError,
  QuotaExhaustedError,
  RateLimitError,
  ServerError,
  answerOrigin,
  UnexpectedResponseError,
  ValidationError,
  parseErrorBody,
  type ApiErrorDetails
} from './errors.js'
import { RateLimiter, type PacingLimits, type RouteClass } from './rate-limit/limiter.js'
import { decide, type AttemptOutcome, type Decision, type RetryLimits } from './rate-limit/policy.js'
import { parseMonthHeaders, parseRateHeaders, type Headers } from './rate-limit/timing.js'
import { createTransport, type Transport } from './transport.js'
import { isRecord } from '../util/records.js'
import { escapeForLog } from '../util/log-text.js'

/** Options of `createPostmanClient`; every optional field has the default its JSDoc gives. */
export interface ClientOptions {
  apiKey: string
  /** `https://api.postman.com`, `https://api.eu.postman.com`, or a loopback emulator. */
  baseUrl: string
  /** Default: the system clock. */
  clock?: Clock
  /** Per-request inactivity timeout; default 60000. */
  requestTimeoutMs?: number
  /** Cap on one server-given wait; past it a clear error. Default 120000. */
  maxRetryWaitMs?: number
  /** Retries of 5xx/network failures per call; default 5. */
  maxRetries?: number
  /** Total time budget for the retries of one call; default 300000. */
  maxRetryTimeMs?: number
  /** Parallel calls; default 4. */
  concurrency?: number
  /** PUT collection with `Prefer: respond-async` above this many bytes; default 10 MB. */
  asyncUpdateAboveBytes?: number
  /** Pacing before any header is seen; default 300 per 60000 ms, lists 10 per 10000 ms: Postman's documented limits (docs/postman-api.md). */
  limits?: PacingLimits
  logger?: { debug(msg: string): void; info(msg: string): void; warning(msg: string): void }
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number
  /** First step of computed backoff; default 1000 ms (steps double up to `maxBackoffMs`). */
  retryBaseDelayMs?: number
  /** Largest computed backoff step; default 30000 ms. */
  maxBackoffMs?: number
  /** Where `HTTPS_PROXY`/`NO_PROXY` are read; default `process.env`. */
  env?: Record<string, string | undefined>
  /** Extra trusted CA certificates (PEM); default none. */
  ca?: string | Buffer
}

/** The client, plus `close()` to free keep-alive sockets. */
export interface PostmanClient extends PostmanApi {
  close(): void
}

type Resolved = Required<Omit<ClientOptions, 'ca' | 'clock' | 'logger' | 'random' | 'env'>> & {
  clock: Clock
  logger: NonNullable<ClientOptions['logger']>
  random: () => number
  env: Record<string, string | undefined>
  ca?: string | Buffer
}

const silent = { debug: () => {}, info: () => {}, warning: () => {} }

/** Fills every default in one place, so no `?? default` is scattered through the client. */
function resolve(options: ClientOptions): Resolved {
  const positive = (n: number | undefined, fallback: number): number => (n !== undefined && Number.isFinite(n) && n >= 0 ? n : fallback)
  return {
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    clock: options.clock ?? systemClock,
    requestTimeoutMs: positive(options.requestTimeoutMs, 60_000),
    maxRetryWaitMs: positive(options.maxRetryWaitMs, 120_000),
    maxRetries: positive(options.maxRetries, 5),
    maxRetryTimeMs: positive(options.maxRetryTimeMs, 300_000),
    concurrency: Math.max(1, Math.floor(positive(options.concurrency, 4))),
    asyncUpdateAboveBytes: positive(options.asyncUpdateAboveBytes, 10 * 1024 * 1024),
    limits: options.limits ?? { perWindow: 300, windowMs: 60_000, listPerWindow: 10, listWindowMs: 10_000 },
    logger: options.logger ?? silent,
    random: options.random ?? Math.random,
    retryBaseDelayMs: positive(options.retryBaseDelayMs, 1000),
    maxBackoffMs: positive(options.maxBackoffMs, 30_000),
    env: options.env ?? process.env,
    ca: options.ca
  }
}

/** One call as the client makes it. */
interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  query?: Record<string, string>
  body?: unknown
  headers?: Record<string, string>
  /** Size of a large body, for telling a size refusal from a passing failure. */
  bodyBytes?: number
}

/**
 * From this size an HTML 504 on a write is taken as the gateway refusing the body: real PUTs of
 * 10–12 MB collections got one (docs/postman-api.md), and sending it again would only fail again.
 */
const LARGE_BODY_BYTES = 1_000_000

/** Budgets shared by every attempt of one logical operation (a create spans several calls). */
interface Budget {
  startedAt: number
  retries: number
  rateLimitedRetries: number
}

/** Thrown inside the client when a POST failed ambiguously; `createWithAdoption` handles it. */
class AmbiguousCreate extends Error {
  constructor(
    readonly reason: string,
    readonly delayMs: number,
    readonly failure: PostmanApiError,
    /** No retry left: look once more (it may have landed), then fail. */
    readonly final: boolean
  ) {
    super('ambiguous create')
  }
}

/** GET /collections and GET /workspaces[/id] have their own, stricter window: 10 calls per 10 s (docs/postman-api.md). */
function routeClassOf(method: string, path: string): RouteClass {
  return method === 'GET' && /^\/(collections|workspaces(\/[^/]+)?)$/.test(path) ? 'list' : 'default'
}

/** Node and axios error codes that no retry can fix. */
const FATAL_CODES = /^(ERR_INVALID_URL|ERR_BAD_OPTION|ERR_BAD_OPTION_VALUE|ERR_FR_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_CERT_ALTNAME_INVALID|ERR_INVALID_ARG)/

/** Creates the Postman API client. Throws at once for a base URL that would expose the key. */
export function createPostmanClient(options: ClientOptions): PostmanClient {
  const o = resolve(options)
  if (!o.apiKey) throw new ActionError("The Postman API key is empty; set the 'postman-api-key' input.")
  const transport: Transport = createTransport({
    apiKey: o.apiKey,
    baseUrl: o.baseUrl,
    requestTimeoutMs: o.requestTimeoutMs,
    env: o.env,
    ca: o.ca,
    userAgent: 'postman-sync-action'
  })
  if (transport.proxy) o.logger.debug(`Postman API calls go through the proxy ${transport.proxy} (CONNECT tunnel).`)
  const limiter = new RateLimiter(o.clock, o.limits, o.concurrency)
  const retryLimits: RetryLimits = {
    maxRetries: o.maxRetries,
    maxRetryTimeMs: o.maxRetryTimeMs,
    maxRetryWaitMs: o.maxRetryWaitMs,
    baseDelayMs: o.retryBaseDelayMs,
    maxDelayMs: o.maxBackoffMs,
    maxRateLimitedRetries: 20
  }
  const stats = { calls: 0, retries: 0, rateLimited: 0 }
  const month: QuotaInfo = {}
  /** Workspace listings seen, so a create knows which same-named resources predate it. */
  const seenInWorkspace = new Map<string, { collections: Set<string>; environments: Set<string> }>()
  /**
   * Set by the first `serviceLimitExhausted`: every later call would fail the same way and count
   * against a quota already spent, so none is started; the calls already in flight finish.
   */
  let quotaSpent: ApiErrorDetails | undefined

  /** The key must never reach a log or an error, even if a server echoes it. */
  const redact = (s: string | undefined): string | undefined => (s === undefined ? undefined : s.split(o.apiKey).join('***'))

  function details(call: Call, status: number, body?: { name?: string; message?: string }): ApiErrorDetails {
    return { method: call.method, path: call.path, status, postmanName: redact(body?.name), postmanMessage: redact(body?.message) }
  }

  function toError(call: Call, decision: Extract<Decision, { action: 'fail' | 'reconcile' }>, outcome: AttemptOutcome, attempts: number): PostmanApiError {
    const body = outcome.kind === 'response' ? { name: outcome.postmanName, message: outcome.postmanMessage } : undefined
    const d = details(call, outcome.kind === 'response' ? outcome.status : 0, body)
    if (decision.action === 'reconcile') return outcome.kind === 'network' ? new NetworkError(d, outcome.code, attempts) : new ServerError(d, attempts)
    switch (decision.kind) {
      case 'quota':
        return new QuotaExhaustedError(d)
      case 'rateLimitWaitTooLong':
        return new RateLimitError(
          d,
          decision.retryAfterMs,
          `Postman asked to wait ${Math.ceil((decision.retryAfterMs ?? 0) / 1000)} s, longer than this step waits (at most ${Math.ceil(o.maxRetryWaitMs / 1000)} s at a time, ${Math.ceil(o.maxRetryTimeMs / 1000)} s per call), so it gave up at once instead of retrying; another client is probably using the same API key. Run again later or use a separate key.`
        )
      case 'rateLimitBudget':
        return new RateLimitError(d, decision.retryAfterMs)
      case 'notFound':
        return new NotFoundError(d)
      case 'auth':
        return new AuthError(d)
      case 'server':
        return new ServerError(d, attempts, outcome.kind === 'response' ? answerOrigin(outcome.headers, outcome.postmanName) : 'postman')
      case 'network':
        return new NetworkError(d, outcome.kind === 'network' ? outcome.code : 'no answer', attempts)
      default:
        return clientError(call, d, outcome)
    }
  }

  function clientError(call: Call, d: ApiErrorDetails, outcome: AttemptOutcome): PostmanApiError {
    if (outcome.kind === 'response' && outcome.status >= 300 && outcome.status < 400) {
      // Report where it points (host only), never follow: the key would go with it.
      const location = String(outcome.headers.location ?? '')
      let where = 'elsewhere'
      try {
        where = new URL(location, transport.baseUrl).origin
      } catch {
        // keep "elsewhere"
      }
      return new ValidationError(
        { ...d, postmanMessage: d.postmanMessage ?? `redirect to ${where}` },
        `The API answered with a redirect to ${where}, which is not followed so the key stays with ${transport.baseUrl.origin}; set the API URL to the final address.`
      )
    }
    if (outcome.kind === 'response' && outcome.status === 413) {
      return new ValidationError(d, `The ${call.method === 'PUT' || call.method === 'POST' ? 'body' : 'request'} is larger than Postman accepts; split the collection or remove large examples.`)
    }
    return new ValidationError(d)
  }

  function notSentForQuota(call: Call): QuotaExhaustedError {
    return new QuotaExhaustedError({ ...(quotaSpent as ApiErrorDetails), method: call.method, path: call.path })
  }

  /**
   * A write refused for its size: a 413, an answer naming the size limit, or an HTML 504 on a
   * large body. Never retried (the same body fails the same way), never reconciled.
   */
  function sizeRefusal(call: Call, outcome: AttemptOutcome): PostmanApiError | undefined {
    if (outcome.kind !== 'response' || (call.method !== 'PUT' && call.method !== 'POST')) return undefined
    const html = /html/i.test(String(outcome.headers['content-type'] ?? ''))
    const named = /size limit/i.test(`${outcome.postmanName ?? ''} ${outcome.postmanMessage ?? ''}`)
    const large = (call.bodyBytes ?? 0) >= LARGE_BODY_BYTES
    if (outcome.status !== 413 && !named && !(outcome.status === 504 && html && large)) return undefined
    const size = call.bodyBytes === undefined ? 'the body' : `a body of ${(call.bodyBytes / 1_000_000).toFixed(1)} MB`
    return new ValidationError(
      details(call, outcome.status, { name: outcome.postmanName, message: outcome.postmanMessage ?? (html ? 'HTML error page' : undefined) }),
      `Postman refused ${size} for its size (not retried: the same body would fail again); split the collection or remove large saved responses.`
    )
  }

  /** One HTTP exchange: returns the outcome and, for a 2xx with a JSON body, the parsed body. */
  async function attempt(call: Call, routeClass: RouteClass): Promise<{ outcome?: AttemptOutcome; data?: unknown; response?: AxiosResponse<string> }> {
    if (quotaSpent) throw notSentForQuota(call)
    const permit = await limiter.acquire(routeClass)
    // It may have run out while this call waited for its turn.
    if (quotaSpent) {
      permit.complete()
      throw notSentForQuota(call)
    }
    stats.calls++
    let response: AxiosResponse<string>
    try {
      response = await transport.axios.request<string>({
        method: call.method,
        url: call.path,
        params: call.query,
        data: call.body === undefined ? undefined : JSON.stringify(call.body),
        headers: { ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...call.headers }
      })
    } catch (err) {
      permit.complete()
      const e = err as { code?: string; message?: string }
      const code = String(e.code ?? 'ERR_NETWORK')
      return { outcome: { kind: 'network', code: code === 'ECONNABORTED' ? 'ETIMEDOUT' : code, fatal: FATAL_CODES.test(code) } }
    }
    const now = o.clock.now()
    const headers = response.headers as Headers
    permit.complete(parseRateHeaders(headers, now))
    const m = parseMonthHeaders(headers)
    if (m.limit !== undefined) month.limit = m.limit
    // Answers to parallel calls arrive in any order: the smallest count is the latest (within one
    // run the month's usage only grows), so the quota gate sees the same number on every run.
    if (m.remaining !== undefined) month.remaining = month.remaining === undefined ? m.remaining : Math.min(month.remaining, m.remaining)
    const text = typeof response.data === 'string' ? response.data : String(response.data ?? '')
    if (response.status >= 200 && response.status < 300) {
      if (text.trim() === '') return { data: undefined, response }
      try {
        return { data: JSON.parse(text), response }
      } catch {
        // A 2xx that is not JSON is a body cut short (or mangled on the way): as a network failure.
        return { outcome: { kind: 'network', code: 'TRUNCATED_BODY' } }
      }
    }
    const parsed = parseErrorBody(text, String(headers['content-type'] ?? ''))
    return { outcome: { kind: 'response', status: response.status, headers, postmanName: parsed.name, postmanMessage: parsed.message }, response }
  }

  /** A call with pacing, retries and typed errors. Returns the parsed 2xx body. */
  async function request(call: Call, budget: Budget = newBudget()): Promise<{ data: unknown; status: number }> {
    const routeClass = routeClassOf(call.method, call.path)
    let attempts = 0
    for (;;) {
      attempts++
      const result = await attempt(call, routeClass)
      if (!result.outcome) return { data: result.data, status: result.response?.status ?? 200 }
      const outcome = result.outcome
      const now = o.clock.now()
      if (outcome.kind === 'response' && outcome.status === 429) stats.rateLimited++
      const decision = decide(
        outcome,
        { method: call.method, retries: budget.retries, rateLimitedRetries: budget.rateLimitedRetries, elapsedMs: now - budget.startedAt, now },
        retryLimits,
        o.random
      )
      const what = `${call.method} ${call.path}`
      const refused = sizeRefusal(call, outcome)
      if (refused) throw refused
      if (decision.action === 'reconcile') throw new AmbiguousCreate(decision.reason, decision.delayMs, toError(call, decision, outcome, attempts), false)
      if (decision.action === 'fail') {
        const error = toError(call, decision, outcome, attempts)
        if (decision.kind === 'quota') quotaSpent ??= { method: call.method, path: call.path, status: error.status, postmanName: error.postmanName, postmanMessage: error.postmanMessage }
        // A POST out of retries may still have landed: the caller looks before giving up.
        if ((call.method === 'POST' || call.method === 'PATCH') && (decision.kind === 'server' || (decision.kind === 'network' && !(outcome.kind === 'network' && outcome.fatal)))) {
          throw new AmbiguousCreate(decision.reason, 0, error, true)
        }
        throw error
      }
      stats.retries++
      if (decision.rateLimited) {
        budget.rateLimitedRetries++
        // Everyone waits, not just this call: the window is shared.
        limiter.block(routeClass, now + decision.delayMs)
        o.logger.warning(
          `Postman API rate limit hit on ${what}; waiting ${Math.ceil(decision.delayMs / 1000)} s ${decision.serverGiven ? 'as the server asks' : '(no usable wait in the answer, so backing off)'}, then retrying (${budget.rateLimitedRetries} of ${retryLimits.maxRateLimitedRetries}).`
        )
      } else {
        budget.retries++
        o.logger.debug(`${what} failed (${decision.reason}); retry ${budget.retries} of ${o.maxRetries} in ${decision.delayMs} ms.`)
      }
      await o.clock.sleep(decision.delayMs)
    }
  }

  const newBudget = (): Budget => ({ startedAt: o.clock.now(), retries: 0, rateLimitedRetries: 0 })

  function unexpected(call: Call, expected: string): never {
    throw new UnexpectedResponseError(details(call, 200), expected)
  }

  const isString = (x: unknown): x is string => typeof x === 'string' && x !== ''

  /** `{ <key>: {...} }` → the inner object, checked to be one. */
  function envelope(call: Call, data: unknown, key: string): Record<string, unknown> {
    if (!isRecord(data) || !isRecord(data[key])) unexpected(call, `a JSON object with '${key}'`)
    return data[key] as Record<string, unknown>
  }

  function toRef(call: Call, data: unknown, key: string): ResourceRef {
    const inner = envelope(call, data, key)
    if (!isString(inner.id) || !isString(inner.uid)) unexpected(call, `'${key}' with 'id' and 'uid'`)
    return { id: inner.id as string, uid: inner.uid as string, ...(typeof inner.name === 'string' ? { name: inner.name } : {}) }
  }

  function toSummaries(call: Call, data: unknown, key: string): ResourceSummary[] {
    if (!isRecord(data) || !Array.isArray(data[key])) unexpected(call, `a JSON object with a '${key}' array`)
    return (data[key] as unknown[]).map((x) => {
      if (!isRecord(x) || !isString(x.id) || typeof x.name !== 'string') unexpected(call, `'${key}' entries with 'id' and 'name'`)
      // Never built from an owner id: owners differ within one workspace (docs/postman-api.md).
      // Without a uid the id serves: every path takes either.
      const uid = isString(x.uid) ? x.uid : String(x.id)
      const s: ResourceSummary = { id: x.id as string, uid, name: x.name as string }
      if (typeof x.owner === 'string') s.owner = x.owner
      if (typeof x.createdAt === 'string') s.createdAt = x.createdAt
      if (typeof x.updatedAt === 'string') s.updatedAt = x.updatedAt
      if (isRecord(x.fork)) s.fork = x.fork as ResourceSummary['fork']
      return s
    })
  }

  /** `try*`: undefined for not found; every other failure throws. */
  async function tryGet(call: Call): Promise<unknown | undefined> {
    try {
      return (await request(call)).data
    } catch (err) {
      if (err instanceof NotFoundError) return undefined
      throw err
    }
  }

  function remember(workspaceId: string, kind: 'collections' | 'environments', ids: Iterable<string>): void {
    let seen = seenInWorkspace.get(workspaceId)
    if (!seen) {
      seen = { collections: new Set(), environments: new Set() }
      seenInWorkspace.set(workspaceId, seen)
    }
    for (const id of ids) seen[kind].add(id)
  }

  /**
   * POST that is never retried blindly (a lost create may have landed; retried POSTs have made
   * duplicate collections, https://github.com/postmanlabs/postman-app-support/issues/8213): after an ambiguous failure, look the
   * name up; exactly one match that was not there before → adopt it; none → POST again within the
   * retry budget; several → stop and say so.
   */
  async function createWithAdoption(
    kind: 'collections' | 'environments',
    workspaceId: string,
    name: string,
    call: Call,
    find: () => Promise<ResourceSummary[]>
  ): Promise<ResourceRef> {
    const key = kind === 'collections' ? 'collection' : 'environment'
    // Which same-named resources predate this create: from a listing this client already made of
    // the workspace (plus what it created since), else one lookup now.
    const seen = () => seenInWorkspace.get(workspaceId)?.[kind] ?? new Set<string>()
    const before = seenListed.has(`${workspaceId}/${kind}`) ? new Set(seen()) : new Set([...seen(), ...(await find()).map((s) => s.id)])
    const budget = newBudget()
    for (;;) {
      try {
        const ref = toRef(call, (await request(call, budget)).data, key)
        remember(workspaceId, kind, [ref.id])
        return ref
      } catch (err) {
        if (!(err instanceof AmbiguousCreate)) throw err
        if (!err.final) {
          budget.retries++
          stats.retries++
        }
        o.logger.warning(`${call.method} ${call.path} for '${escapeForLog(name)}' failed (${err.reason}); checking whether it was created${err.final ? '' : ' before trying again'}.`)
        await o.clock.sleep(err.delayMs)
        const fresh = (await find()).filter((s) => !before.has(s.id))
        if (fresh.length === 1) {
          o.logger.info(`Adopted the ${key} '${escapeForLog(name)}' (${fresh[0].uid}) created by the call whose answer was lost.`)
          remember(workspaceId, kind, [fresh[0].id])
          return { id: fresh[0].id, uid: fresh[0].uid, name: fresh[0].name }
        }
        if (fresh.length > 1) {
          throw new ValidationError(
            { ...err.failure, postmanMessage: `${fresh.length} new ${kind} named '${name}' appeared` },
            `Several ${kind} named '${name}' appeared in workspace ${workspaceId} after a failed create; keep one (delete the others in Postman) and run again.`
          )
        }
        if (err.final) throw err.failure
      }
    }
  }
  /** Workspaces (and kinds) whose full listing this client has seen, even if it was empty. */
  const seenListed = new Set<string>()

  /** Async PUT (`GET /collection-updates-tasks/{id}`, docs/postman-api.md): poll the task with backoff until it ends or the budget does. */
  async function waitForTask(call: Call, taskId: string): Promise<void> {
    const started = o.clock.now()
    let delay = Math.min(500, o.maxBackoffMs)
    const poll: Call = { method: 'GET', path: `/collection-updates-tasks/${encodeURIComponent(taskId)}` }
    for (;;) {
      await o.clock.sleep(delay)
      const data = (await request(poll)).data
      const task = isRecord(data) && isRecord(data.task) ? data.task : data
      const status = isRecord(task) ? task.status : undefined
      if (status === 'successful') return
      if (status === 'failed') {
        throw new ValidationError(
          details(call, 200, { name: 'taskFailed', message: `update task ${taskId} failed` }),
          'Postman could not apply the collection update; check the collection in Postman and run again.'
        )
      }
      if (status !== 'in-progress' && status !== 'pending' && status !== 'queued') unexpected(poll, "a task with 'status' successful, in-progress or failed")
      if (o.clock.now() - started + delay > o.maxRetryTimeMs) {
        throw new ServerError(details(call, 202, { message: `update task ${taskId} still in progress after ${Math.round((o.clock.now() - started) / 1000)} s` }), 1)
      }
      delay = Math.min(delay * 2, o.maxBackoffMs)
    }
  }

  const enc = encodeURIComponent

  /** `meta: {total, limit}` of a paginated list, when both are usable. */
  function pageMeta(data: unknown): { total: number; limit: number } | undefined {
    const meta = isRecord(data) && isRecord(data.meta) ? data.meta : undefined
    const total = Number(meta?.total)
    const limit = Number(meta?.limit)
    return Number.isInteger(total) && Number.isInteger(limit) && limit > 0 && total >= 0 ? { total, limit } : undefined
  }

  const client: PostmanClient = {
    async me() {
      const call: Call = { method: 'GET', path: '/me' }
      const data = (await request(call)).data
      if (!isRecord(data) || !isRecord(data.user) || typeof data.user.id !== 'number') unexpected(call, "a JSON object with 'user.id'")
      const user = data.user as Record<string, unknown>
      const me: Me = { user: { id: user.id as number } }
      if (typeof user.username === 'string') me.user.username = user.username
      if (typeof user.teamId === 'number') me.user.teamId = user.teamId
      const ops = Array.isArray(data.operations) ? data.operations : []
      const usage = ops.find((x) => isRecord(x) && x.name === 'api_usage') as Record<string, unknown> | undefined
      if (usage && typeof usage.limit === 'number' && typeof usage.usage === 'number') {
        me.apiUsage = { limit: usage.limit, usage: usage.usage, ...(typeof usage.overage === 'number' ? { overage: usage.overage } : {}) }
      }
      return me
    },

    async getWorkspace(id) {
      const call: Call = { method: 'GET', path: `/workspaces/${enc(id)}` }
      const ws = envelope(call, (await request(call)).data, 'workspace')
      if (!isString(ws.id)) unexpected(call, "'workspace' with an 'id'")
      const refs = (key: 'collections' | 'environments'): Workspace['collections'] => {
        const list = ws[key] === undefined ? [] : ws[key]
        if (!Array.isArray(list)) unexpected(call, `'workspace.${key}' as an array`)
        return (list as unknown[]).map((x) => {
          if (!isRecord(x) || !isString(x.id) || typeof x.name !== 'string') unexpected(call, `'workspace.${key}' entries with 'id' and 'name'`)
          const uid = isString(x.uid) ? x.uid : String(x.id)
          return { id: x.id as string, uid, name: x.name as string }
        })
      }
      const result: Workspace = { id: ws.id as string, name: String(ws.name ?? ''), collections: refs('collections'), environments: refs('environments') }
      if (typeof ws.type === 'string') result.type = ws.type
      if (typeof ws.visibility === 'string') result.visibility = ws.visibility
      remember(id, 'collections', result.collections.map((c) => c.id))
      remember(id, 'environments', result.environments.map((e) => e.id))
      seenListed.add(`${id}/collections`).add(`${id}/environments`)
      return result
    },

    async listCollections(workspaceId) {
      const call: Call = { method: 'GET', path: '/collections', query: { workspace: workspaceId } }
      const first = (await request(call)).data
      const list = toSummaries(call, first, 'collections')
      // Postman documents unpaginated lists as deprecated (docs/postman-api.md): if the server pages on its own, follow.
      for (let meta = pageMeta(first); meta && list.length < meta.total; ) {
        const page: Call = { ...call, query: { workspace: workspaceId, offset: String(list.length), limit: String(meta.limit) } }
        const data = (await request(page)).data
        const more = toSummaries(page, data, 'collections')
        if (more.length === 0) break
        list.push(...more)
        meta = pageMeta(data)
      }
      remember(workspaceId, 'collections', list.map((c) => c.id))
      seenListed.add(`${workspaceId}/collections`)
      return list
    },

    async findCollectionsByName(workspaceId, name) {
      const call: Call = { method: 'GET', path: '/collections', query: { workspace: workspaceId, name } }
      // Exact match and no forks, whatever the server's filter does (the listing marks forks with `fork`).
      return toSummaries(call, (await request(call)).data, 'collections').filter((c) => c.name === name && !c.fork)
    },

    async tryGetCollection(idOrUid) {
      const call: Call = { method: 'GET', path: `/collections/${enc(idOrUid)}` }
      const data = await tryGet(call)
      if (data === undefined) return undefined
      const c = envelope(call, data, 'collection')
      if (!isRecord(c.info) || typeof c.info.name !== 'string' || !Array.isArray(c.item)) unexpected(call, "'collection' with 'info.name' and 'item'")
      return c as CollectionBody
    },

    async createCollection(workspaceId, collection) {
      const call: Call = { method: 'POST', path: '/collections', query: { workspace: workspaceId }, body: { collection }, bodyBytes: Buffer.byteLength(JSON.stringify({ collection })) }
      return createWithAdoption('collections', workspaceId, collection.info.name, call, () => client.findCollectionsByName(workspaceId, collection.info.name))
    },

    async updateCollection(idOrUid, collection) {
      const body = { collection }
      const bytes = Buffer.byteLength(JSON.stringify(body))
      const large = bytes > o.asyncUpdateAboveBytes
      const call: Call = { method: 'PUT', path: `/collections/${enc(idOrUid)}`, body, bodyBytes: bytes, ...(large ? { headers: { Prefer: 'respond-async' } } : {}) }
      const { data, status } = await request(call)
      if (status === 202) {
        const task = envelope(call, data, 'task')
        if (!isString(task.id)) unexpected(call, "'task' with an 'id'")
        o.logger.debug(`PUT ${call.path}: ${bytes} bytes, updating asynchronously (task ${task.id as string}).`)
        await waitForTask(call, task.id as string)
        return refFromPath(idOrUid, collection.info.name)
      }
      return toRef(call, data, 'collection')
    },

    async deleteCollection(idOrUid) {
      await request({ method: 'DELETE', path: `/collections/${enc(idOrUid)}` })
    },

    async listEnvironments(workspaceId) {
      const call: Call = { method: 'GET', path: '/environments', query: { workspace: workspaceId } }
      const list = toSummaries(call, (await request(call)).data, 'environments')
      remember(workspaceId, 'environments', list.map((e) => e.id))
      seenListed.add(`${workspaceId}/environments`)
      return list
    },

    async tryGetEnvironment(idOrUid) {
      const call: Call = { method: 'GET', path: `/environments/${enc(idOrUid)}` }
      const data = await tryGet(call)
      if (data === undefined) return undefined
      const e = envelope(call, data, 'environment')
      if (typeof e.name !== 'string' || !Array.isArray(e.values)) unexpected(call, "'environment' with 'name' and 'values'")
      return e as unknown as EnvironmentBody
    },

    async createEnvironment(workspaceId, environment) {
      const call: Call = { method: 'POST', path: '/environments', query: { workspace: workspaceId }, body: { environment } }
      const find = async (): Promise<ResourceSummary[]> => {
        const listCall: Call = { method: 'GET', path: '/environments', query: { workspace: workspaceId } }
        return toSummaries(listCall, (await request(listCall)).data, 'environments').filter((e) => e.name === environment.name)
      }
      return createWithAdoption('environments', workspaceId, environment.name, call, find)
    },

    async updateEnvironment(idOrUid, environment) {
      const call: Call = { method: 'PUT', path: `/environments/${enc(idOrUid)}`, body: { environment } }
      return toRef(call, (await request(call)).data, 'environment')
    },

    async patchEnvironment(idOrUid, operations) {
      const call: Call = { method: 'PATCH', path: `/environments/${enc(idOrUid)}`, body: operations }
      // Appends (`/values/-`) are the one part that is not idempotent: after a failure that may
      // have applied, look before sending again (a patch applies whole or not at all).
      const appended = operations.filter((op) => op.path.endsWith('/-')).map((op) => String((op.value as { key?: unknown } | undefined)?.key ?? ''))
      const budget = newBudget()
      for (;;) {
        try {
          return toRef(call, (await request(call, budget)).data, 'environment')
        } catch (err) {
          if (!(err instanceof AmbiguousCreate)) throw err
          if (!err.final) {
            budget.retries++
            stats.retries++
          }
          await o.clock.sleep(err.delayMs)
          if (appended.length > 0) {
            const now = await client.tryGetEnvironment(idOrUid)
            const keys = new Set((now?.values ?? []).map((v) => v.key))
            if (now && appended.every((k) => keys.has(k))) return { id: typeof now.id === 'string' ? now.id : idOrUid, uid: idOrUid, name: now.name }
          }
          if (err.final) throw err.failure
        }
      }
    },

    async deleteEnvironment(idOrUid) {
      await request({ method: 'DELETE', path: `/environments/${enc(idOrUid)}` })
    },

    quota: () => ({ ...month }),
    stats: () => ({ ...stats }),
    close: () => transport.close()
  }

  /**
   * An async PUT answers with a task, not the collection: the ref is what the caller addressed
   * (the uid or id the API returned to it), never one built from an owner id.
   */
  function refFromPath(idOrUid: string, name: string): ResourceRef {
    const m = /^(\d+)-([0-9a-f-]{36})$/i.exec(idOrUid)
    return { id: m ? m[2] : idOrUid, uid: idOrUid, name }
  }

  return client
}
