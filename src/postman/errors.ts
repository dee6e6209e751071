/**
 * Typed Postman API errors, one base class and a subclass per kind. Each names the method, the path (query string dropped, so no
 * secret in it can leak), the status and Postman's own name and message, and says what to do.
 * None ever carries the API key: the key travels only in a request header, which no error reads.
 */
import { ActionError } from '../errors.js'
import { isRecord } from '../util/records.js'
import { plural } from '../util/plural.js'

/** What a failed call looked like, as the error classes take it. */
export interface ApiErrorDetails {
  method: string
  /** Path with the query string removed. */
  path: string
  /** HTTP status; 0 when no answer came back. */
  status: number
  postmanName?: string
  postmanMessage?: string
}

/** Base of every Postman API error. */
export class PostmanApiError extends ActionError {
  override name = 'PostmanApiError'
  readonly method: string
  readonly path: string
  readonly status: number
  readonly postmanName?: string
  readonly postmanMessage?: string

  constructor(details: ApiErrorDetails, advice: string) {
    super(describe(details, advice))
    this.method = details.method
    this.path = stripQuery(details.path)
    this.status = details.status
    this.postmanName = details.postmanName
    this.postmanMessage = details.postmanMessage
  }
}

/** 404, or 400 `instanceNotFoundError` / `workspaceNotFoundError`. */
export class NotFoundError extends PostmanApiError {
  override name = 'NotFoundError'
  constructor(details: ApiErrorDetails) {
    super(details, 'Check the id or uid, and that the API key can see that workspace.')
  }
}

/** 401 or 403. */
export class AuthError extends PostmanApiError {
  override name = 'AuthError'
  constructor(details: ApiErrorDetails) {
    super(
      details,
      details.status === 403
        ? 'The API key lacks permission for this; use a key of a user with editor access to the workspace.'
        : "Check the 'postman-api-key' secret: it must be a valid, unexpired Postman API key."
    )
  }
}

/** 429 `rateLimited` whose wait is beyond the cap, or that kept coming back. */
export class RateLimitError extends PostmanApiError {
  override name = 'RateLimitError'
  constructor(
    details: ApiErrorDetails,
    readonly retryAfterMs: number | undefined,
    advice?: string
  ) {
    super(details, advice ?? 'Another client is probably using the same API key; run again later or use a separate key.')
  }
}

/** 429 `serviceLimitExhausted`, or a `*-Remaining-Month: 0` header: the monthly quota is used up. */
export class QuotaExhaustedError extends PostmanApiError {
  override name = 'QuotaExhaustedError'
  constructor(details: ApiErrorDetails) {
    super(
      details,
      "The Postman API monthly quota for this key's team is used up; retrying will not help. Ask your Postman team admin to raise the plan's limit, or wait for the next month."
    )
  }
}

/** 5xx (after the retries allowed). */
export class ServerError extends PostmanApiError {
  override name = 'ServerError'
  constructor(
    details: ApiErrorDetails,
    attempts: number,
    /** Whether the answer came from Postman or from something in between (a proxy, a gateway). */
    readonly origin: 'postman' | 'intermediary' = 'postman'
  ) {
    super(
      details,
      origin === 'postman'
        ? `Postman's servers failed ${plural(attempts, 'time')}; try again later (status.postman.com shows outages).`
        : `The answer (${plural(attempts, 'time')}) carried no Postman rate-limit headers and no Postman error body, so a proxy or gateway between the runner and Postman most likely produced it, not Postman: check HTTPS_PROXY/NO_PROXY and the proxy's logs.`
    )
  }
}

/**
 * Whether a 5xx answer came from Postman: Postman's answers (its own gateway's HTML 504s too)
 * carry its rate-limit headers, or a Postman error body. A corporate proxy's 502 carries neither.
 */
export function answerOrigin(headers: Record<string, unknown>, postmanName: string | undefined): 'postman' | 'intermediary' {
  if (postmanName !== undefined && postmanName !== '') return 'postman'
  const names = Object.keys(headers).map((name) => name.toLowerCase())
  return names.some((name) => name.startsWith('x-ratelimit-') || name.startsWith('ratelimit')) ? 'postman' : 'intermediary'
}

/** No usable answer: timeout, reset, refused, truncated body (after the retries allowed). */
export class NetworkError extends PostmanApiError {
  override name = 'NetworkError'
  constructor(
    details: ApiErrorDetails,
    readonly networkCode: string,
    attempts: number
  ) {
    super(
      { ...details, postmanMessage: details.postmanMessage ?? networkCode },
      `No usable answer after ${plural(attempts, 'attempt')}; check the network, HTTPS_PROXY/NO_PROXY, and try again later.`
    )
  }
}

/** 400 other than not-found, and other 4xx the action cannot fix by retrying (409, 411, 413, 3xx…). */
export class ValidationError extends PostmanApiError {
  override name = 'ValidationError'
  constructor(details: ApiErrorDetails, advice?: string) {
    super(details, advice ?? 'Postman refused the request as sent; fix the file or the input it names and run again.')
  }
}

/** A 2xx whose body is not what the API documents. */
export class UnexpectedResponseError extends PostmanApiError {
  override name = 'UnexpectedResponseError'
  constructor(details: ApiErrorDetails, expected: string) {
    super(details, `Expected ${expected}; the API may have changed, or a proxy answered instead of Postman.`)
  }
}

/** Drops the query string: it may hold an `apikey`, `access_key` or other secret. */
export function stripQuery(path: string): string {
  const i = path.search(/[?#]/)
  return i === -1 ? path : path.slice(0, i)
}

function describe(d: ApiErrorDetails, advice: string): string {
  const status = d.status === 0 ? 'no answer' : `HTTP ${d.status}`
  const postman = [d.postmanName, d.postmanMessage].filter(Boolean).join(': ')
  return `Postman API ${d.method} ${stripQuery(d.path)} failed (${status}${postman ? `, ${postman}` : ''}). ${advice}`
}

/** Postman's name and message from either error family, an HTML gateway page, or anything else. */
export function parseErrorBody(raw: string, contentType?: string): { name?: string; message?: string } {
  const text = raw.trim()
  if (text === '') return {}
  if (text.startsWith('{') || /json/i.test(contentType ?? '')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>
      if (body && typeof body === 'object') return fromJson(body)
    } catch {
      // Not JSON after all (or truncated): fall through to the text forms.
    }
  }
  if (/<html|<!doctype|<title/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]
    return { message: clip(collapse(title ?? text.replace(/<[^>]+>/g, ' '))) }
  }
  return { message: clip(collapse(text)) }
}

function fromJson(body: Record<string, unknown>): { name?: string; message?: string } {
  const error = isRecord(body.error) ? body.error : undefined
  const name = str(error?.name) ?? str(body.type) ?? (typeof body.error === 'string' ? body.error : undefined)
  const detail = body.detail
  const detailText = Array.isArray(detail) ? detail.map(String).join('; ') : isRecord(detail) ? JSON.stringify(detail) : str(detail)
  let message = str(error?.message) ?? detailText ?? str(body.title) ?? str(body.message)
  // malformedRequestError lists what is wrong in details[]; those are what the user needs.
  const details = error?.details
  if (message && Array.isArray(details) && details.length > 0) message = `${message} ${details.map(String).join('; ')}`
  return { name, message: message === undefined ? undefined : clip(collapse(message)) }
}

const str = (x: unknown): string | undefined => (typeof x === 'string' && x.trim() !== '' ? x : undefined)
const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim()
const clip = (s: string): string => (s.length > 500 ? `${s.slice(0, 497)}...` : s)
