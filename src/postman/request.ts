/**
 * The call loop of the Postman API client (docs/architecture.md#the-postman-api-client): every call
 * takes a permit from the limiter (pacing), goes through the one transport, gives the rate headers
 * back to the limiter, and on failure the retry policy decides: wait and retry, or a typed error.
 * Answers are parsed here; their shapes are checked by `decode.ts`.
 */
import type { AxiosResponse } from 'axios'
import type { QuotaInfo } from './api.js'
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
import type { Resolved } from './options.js'
import { RateLimiter, type RouteClass } from './rate-limit/limiter.js'
import { decide, type AttemptOutcome, type Decision, type RetryLimits } from './rate-limit/policy.js'
import { parseMonthHeaders, parseRateHeaders, type Headers } from './rate-limit/timing.js'
import type { Transport } from './transport.js'
import { scalarText } from '../util/scalar-text.js'
import { MAX_JSON_DEPTH, tooDeepAt } from '../util/json-depth.js'

/** One call as the client makes it. */
export interface Call {
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
export interface Budget {
  startedAt: number
  retries: number
  rateLimitedRetries: number
}

/** Thrown when a POST or PATCH failed ambiguously (it may have applied); `adoption.ts` handles it. */
export class AmbiguousCreate extends Error {
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
const FATAL_CODES =
  /^(ERR_INVALID_URL|ERR_BAD_OPTION|ERR_BAD_OPTION_VALUE|ERR_FR_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_CERT_ALTNAME_INVALID|ERR_INVALID_ARG)/

/** One exchange's result: a parsed 2xx body, or the failure the policy judges. */
interface Attempt {
  outcome?: AttemptOutcome
  data?: unknown
  response?: AxiosResponse<string>
}

type Failure = Extract<Decision, { action: 'fail' | 'reconcile' }>

/** The parsed 2xx answer of a call. */
export interface Answer {
  data: unknown
  status: number
}

export class Requester {
  readonly stats = { calls: 0, retries: 0, rateLimited: 0 }
  readonly month: QuotaInfo = {}
  private readonly limiter: RateLimiter
  private readonly retryLimits: RetryLimits
  /**
   * Set by the first `serviceLimitExhausted`: every later call would fail the same way and count
   * against a quota already spent, so none is started; the calls already in flight finish.
   */
  private quotaSpent: ApiErrorDetails | undefined

  constructor(
    readonly o: Resolved,
    private readonly transport: Transport
  ) {
    this.limiter = new RateLimiter(o.clock, o.limits, o.concurrency)
    this.retryLimits = {
      maxRetries: o.maxRetries,
      maxRetryTimeMs: o.maxRetryTimeMs,
      maxRetryWaitMs: o.maxRetryWaitMs,
      baseDelayMs: o.retryBaseDelayMs,
      maxDelayMs: o.maxBackoffMs,
      maxRateLimitedRetries: 20
    }
  }

  newBudget(): Budget {
    return { startedAt: this.o.clock.now(), retries: 0, rateLimitedRetries: 0 }
  }

  /** The error details of a call; the key never reaches them, even if a server echoes it. */
  details(call: Call, status: number, body?: { name?: string; message?: string }): ApiErrorDetails {
    const redact = (s: string | undefined): string | undefined => (s === undefined ? undefined : s.split(this.o.apiKey).join('***'))
    return { method: call.method, path: call.path, status, postmanName: redact(body?.name), postmanMessage: redact(body?.message) }
  }

  /** A call with pacing, retries and typed errors. Returns the parsed 2xx body. */
  async request(call: Call, budget: Budget = this.newBudget()): Promise<Answer> {
    const routeClass = routeClassOf(call.method, call.path)
    for (let attempts = 1; ; attempts++) {
      const result = await this.attempt(call, routeClass)
      if (!result.outcome) return { data: result.data, status: result.response?.status ?? 200 }
      const outcome = result.outcome
      const now = this.o.clock.now()
      if (outcome.kind === 'response' && outcome.status === 429) this.stats.rateLimited++
      const state = { method: call.method, retries: budget.retries, rateLimitedRetries: budget.rateLimitedRetries, elapsedMs: now - budget.startedAt, now }
      const decision = decide(outcome, state, this.retryLimits, this.o.random)
      const refused = this.sizeRefusal(call, outcome)
      if (refused) throw refused
      if (decision.action !== 'retry') throw this.failure(call, { decision, outcome, attempts })
      await this.wait(call, { decision, routeClass, budget, now })
    }
  }

  /** The error a call ends with; an ambiguous POST or PATCH as `AmbiguousCreate`, for the caller to look first. */
  private failure(call: Call, failed: { decision: Failure; outcome: AttemptOutcome; attempts: number }): Error {
    const { decision, outcome, attempts } = failed
    const error = this.toError(call, decision, outcome, attempts)
    if (decision.action === 'reconcile') return new AmbiguousCreate(decision.reason, decision.delayMs, error, false)
    if (decision.kind === 'quota')
      this.quotaSpent ??= { method: call.method, path: call.path, status: error.status, postmanName: error.postmanName, postmanMessage: error.postmanMessage }
    // A POST out of retries may still have landed: the caller looks before giving up.
    const mayHaveLanded = decision.kind === 'server' || (decision.kind === 'network' && !(outcome.kind === 'network' && outcome.fatal))
    if ((call.method === 'POST' || call.method === 'PATCH') && mayHaveLanded) return new AmbiguousCreate(decision.reason, 0, error, true)
    return error
  }

  /** Waits before a retry; a rate limit makes every call wait, since the window is shared. */
  private async wait(
    call: Call,
    retry: { decision: Extract<Decision, { action: 'retry' }>; routeClass: RouteClass; budget: Budget; now: number }
  ): Promise<void> {
    const { decision, routeClass, budget, now } = retry
    const what = `${call.method} ${call.path}`
    this.stats.retries++
    if (decision.rateLimited) {
      budget.rateLimitedRetries++
      this.limiter.block(routeClass, now + decision.delayMs)
      this.o.logger.warning(
        `Postman API rate limit hit on ${what}; waiting ${Math.ceil(decision.delayMs / 1000)} s ${decision.serverGiven ? 'as the server asks' : '(no usable wait in the answer, so backing off)'}, then retrying (${budget.rateLimitedRetries} of ${this.retryLimits.maxRateLimitedRetries}).`
      )
    } else {
      budget.retries++
      this.o.logger.debug(`${what} failed (${decision.reason}); retry ${budget.retries} of ${this.o.maxRetries} in ${decision.delayMs} ms.`)
    }
    await this.o.clock.sleep(decision.delayMs)
  }

  /** One HTTP exchange: returns the outcome and, for a 2xx with a JSON body, the parsed body. */
  private async attempt(call: Call, routeClass: RouteClass): Promise<Attempt> {
    if (this.quotaSpent) throw this.notSentForQuota(call)
    const permit = await this.limiter.acquire(routeClass)
    // It may have run out while this call waited for its turn.
    if (this.quotaSpent) {
      permit.complete()
      throw this.notSentForQuota(call)
    }
    this.stats.calls++
    let response: AxiosResponse<string>
    try {
      response = await this.transport.axios.request<string>({
        method: call.method,
        url: call.path,
        params: call.query,
        data: call.body === undefined ? undefined : JSON.stringify(call.body),
        headers: { ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...call.headers }
      })
    } catch (err) {
      permit.complete()
      const code = String((err as { code?: string }).code ?? 'ERR_NETWORK')
      return { outcome: { kind: 'network', code: code === 'ECONNABORTED' ? 'ETIMEDOUT' : code, fatal: FATAL_CODES.test(code) } }
    }
    const headers = response.headers as Headers
    permit.complete(parseRateHeaders(headers, this.o.clock.now()))
    this.recordMonth(headers)
    return parseAnswer(call, response, headers)
  }

  private recordMonth(headers: Headers): void {
    const m = parseMonthHeaders(headers)
    if (m.limit !== undefined) this.month.limit = m.limit
    // Answers to parallel calls arrive in any order: the smallest count is the latest (within one
    // run the month's usage only grows), so the quota gate sees the same number on every run.
    if (m.remaining !== undefined) this.month.remaining = this.month.remaining === undefined ? m.remaining : Math.min(this.month.remaining, m.remaining)
  }

  private notSentForQuota(call: Call): QuotaExhaustedError {
    return new QuotaExhaustedError({ ...(this.quotaSpent as ApiErrorDetails), method: call.method, path: call.path })
  }

  private toError(call: Call, decision: Failure, outcome: AttemptOutcome, attempts: number): PostmanApiError {
    const body = outcome.kind === 'response' ? { name: outcome.postmanName, message: outcome.postmanMessage } : undefined
    const d = this.details(call, outcome.kind === 'response' ? outcome.status : 0, body)
    if (decision.action === 'reconcile') return outcome.kind === 'network' ? new NetworkError(d, outcome.code, attempts) : new ServerError(d, attempts)
    switch (decision.kind) {
      case 'quota':
        return new QuotaExhaustedError(d)
      case 'rateLimitWaitTooLong':
        return new RateLimitError(
          d,
          decision.retryAfterMs,
          `Postman asked to wait ${Math.ceil((decision.retryAfterMs ?? 0) / 1000)} s, longer than this step waits (at most ${Math.ceil(this.o.maxRetryWaitMs / 1000)} s at a time, ${Math.ceil(this.o.maxRetryTimeMs / 1000)} s per call), so it gave up at once instead of retrying; another client is probably using the same API key. Run again later or use a separate key.`
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
      case 'client':
      default:
        return this.clientError(call, d, outcome)
    }
  }

  private clientError(call: Call, d: ApiErrorDetails, outcome: AttemptOutcome): PostmanApiError {
    if (outcome.kind === 'response' && outcome.status >= 300 && outcome.status < 400) {
      // Report where it points (host only), never follow: the key would go with it.
      const location = scalarText(outcome.headers.location ?? '')
      let where = 'elsewhere'
      try {
        where = new URL(location, this.transport.baseUrl).origin
      } catch {
        // keep "elsewhere"
      }
      return new ValidationError(
        { ...d, postmanMessage: d.postmanMessage ?? `redirect to ${where}` },
        `The API answered with a redirect to ${where}, which is not followed so the key stays with ${this.transport.baseUrl.origin}; set the API URL to the final address.`
      )
    }
    if (outcome.kind === 'response' && outcome.status === 413) {
      return new ValidationError(
        d,
        `The ${call.method === 'PUT' || call.method === 'POST' ? 'body' : 'request'} is larger than Postman accepts; split the collection or remove large examples.`
      )
    }
    return new ValidationError(d)
  }

  /**
   * A write refused for its size: a 413, an answer naming the size limit, or an HTML 504 on a
   * large body. Never retried (the same body fails the same way), never reconciled.
   */
  private sizeRefusal(call: Call, outcome: AttemptOutcome): PostmanApiError | undefined {
    if (outcome.kind !== 'response' || (call.method !== 'PUT' && call.method !== 'POST')) return undefined
    const html = /html/i.test(scalarText(outcome.headers['content-type'] ?? ''))
    const named = /size limit/i.test(`${outcome.postmanName ?? ''} ${outcome.postmanMessage ?? ''}`)
    const large = (call.bodyBytes ?? 0) >= LARGE_BODY_BYTES
    if (outcome.status !== 413 && !named && !(outcome.status === 504 && html && large)) return undefined
    const size = call.bodyBytes === undefined ? 'the body' : `a body of ${(call.bodyBytes / 1_000_000).toFixed(1)} MB`
    return new ValidationError(
      this.details(call, outcome.status, { name: outcome.postmanName, message: outcome.postmanMessage ?? (html ? 'HTML error page' : undefined) }),
      `Postman refused ${size} for its size (not retried: the same body would fail again); split the collection or remove large saved responses.`
    )
  }
}

/**
 * A 2xx as its parsed body (a body that is not JSON was cut short: a network failure); any other
 * status as the policy's input. A body nested deeper than any file the action accepts is refused
 * before it is parsed: what reads a collection after `JSON.parse` (normalize, diff, the id map)
 * walks it by recursion, and a remote nested 10,000 levels deep would overflow the stack.
 */
function parseAnswer(call: Call, response: AxiosResponse<string>, headers: Headers): Attempt {
  const text = typeof response.data === 'string' ? response.data : String(response.data ?? '')
  if (response.status >= 200 && response.status < 300) {
    if (text.trim() === '') return { data: undefined, response }
    if (tooDeepAt(text) !== undefined) {
      throw new UnexpectedResponseError(
        { method: call.method, path: call.path, status: response.status },
        `a body nested at most ${MAX_JSON_DEPTH} levels deep, as every file the action accepts is (it was not read)`
      )
    }
    try {
      return { data: JSON.parse(text) as unknown, response }
    } catch {
      // A 2xx that is not JSON is a body cut short (or mangled on the way): as a network failure.
      return { outcome: { kind: 'network', code: 'TRUNCATED_BODY' } }
    }
  }
  const parsed = parseErrorBody(text, scalarText(headers['content-type'] ?? ''))
  return { outcome: { kind: 'response', status: response.status, headers, postmanName: parsed.name, postmanMessage: parsed.message }, response }
}
