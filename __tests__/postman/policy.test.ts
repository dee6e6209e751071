import { describe, expect, it } from 'vitest'
import {
  backoffMs,
  decide,
  isIdempotent,
  isNotFound,
  isQuotaExhausted,
  type AttemptOutcome,
  type RetryLimits,
  type RetryState
} from '../../src/postman/rate-limit/policy.js'

const NOW = 1_700_000_000_000
const limits: RetryLimits = { maxRetries: 3, maxRetryTimeMs: 60_000, maxRetryWaitMs: 30_000, baseDelayMs: 1000, maxDelayMs: 8000, maxRateLimitedRetries: 5 }
const state = (method: string, over: Partial<RetryState> = {}): RetryState => ({ method, retries: 0, rateLimitedRetries: 0, elapsedMs: 0, now: NOW, ...over })
const res = (status: number, headers: Record<string, string> = {}, postmanName?: string, postmanMessage?: string): AttemptOutcome => ({
  kind: 'response',
  status,
  headers,
  postmanName,
  postmanMessage
})
const net = (code: string, fatal = false): AttemptOutcome => ({ kind: 'network', code, fatal })
const half = (): number => 0.5

describe('decide', () => {
  it.each<[string, AttemptOutcome, RetryState, ReturnType<typeof decide>]>([
    // 429 rateLimited: server timing, no jitter, any method.
    [
      '429 with Retry-After on GET',
      res(429, { 'retry-after': '4' }, 'rateLimited'),
      state('GET'),
      { action: 'retry', delayMs: 4000, reason: 'rate limited', serverGiven: true, rateLimited: true }
    ],
    [
      '429 on POST is retried too (refused before applied)',
      res(429, { 'x-ratelimit-retryafter': '2' }),
      state('POST'),
      { action: 'retry', delayMs: 2000, reason: 'rate limited', serverGiven: true, rateLimited: true }
    ],
    [
      '429 with epoch-seconds reset',
      res(429, { 'x-ratelimit-reset': String(NOW / 1000 + 9) }),
      state('PUT'),
      { action: 'retry', delayMs: 9000, reason: 'rate limited', serverGiven: true, rateLimited: true }
    ],
    [
      '429 without timing: backoff, at least 1 s',
      res(429),
      state('GET'),
      { action: 'retry', delayMs: 1000, reason: 'rate limited', serverGiven: false, rateLimited: true }
    ],
    [
      '429 asking beyond the cap',
      res(429, { 'retry-after': '600' }),
      state('GET'),
      { action: 'fail', kind: 'rateLimitWaitTooLong', reason: 'server asked to wait 600000 ms', retryAfterMs: 600_000 }
    ],
    [
      '429 after too many 429s',
      res(429, { 'retry-after': '1' }),
      state('GET', { rateLimitedRetries: 5 }),
      { action: 'fail', kind: 'rateLimitBudget', reason: 'rate limited too long', retryAfterMs: 1000 }
    ],
    // The server's own wait does not fit in what is left: give up at once, saying so.
    [
      '429 past the time budget',
      res(429, { 'retry-after': '20' }),
      state('GET', { elapsedMs: 50_000 }),
      { action: 'fail', kind: 'rateLimitWaitTooLong', reason: 'server asked to wait 20000 ms, more than the 10000 ms left', retryAfterMs: 20_000 }
    ],
    [
      '429 asking for a year',
      res(429, { 'retry-after': String(365 * 86_400) }),
      state('GET'),
      { action: 'fail', kind: 'rateLimitWaitTooLong', reason: `server asked to wait ${365 * 86_400_000} ms`, retryAfterMs: 365 * 86_400_000 }
    ],
    [
      '503 asking beyond the cap: no retry that cannot succeed',
      res(503, { 'retry-after': '3600' }),
      state('GET'),
      { action: 'fail', kind: 'server', reason: 'HTTP 503, Retry-After 3600 s is longer than this step waits' }
    ],
    // Monthly quota: never retried.
    [
      '429 serviceLimitExhausted',
      res(429, { 'retry-after': '1' }, 'serviceLimitExhausted'),
      state('GET'),
      { action: 'fail', kind: 'quota', reason: 'monthly quota exhausted' }
    ],
    [
      '429 with Remaining-Month 0',
      res(429, { 'x-ratelimit-remaining-month': '0', 'retry-after': '1' }, 'rateLimited'),
      state('GET'),
      { action: 'fail', kind: 'quota', reason: 'monthly quota exhausted' }
    ],
    // 5xx and network: idempotent methods retried with full jitter.
    ['503 on GET', res(503), state('GET'), { action: 'retry', delayMs: 500, reason: 'HTTP 503', serverGiven: false, rateLimited: false }],
    [
      '500 on PUT, third retry',
      res(500),
      state('PUT', { retries: 2 }),
      { action: 'retry', delayMs: 2000, reason: 'HTTP 500', serverGiven: false, rateLimited: false }
    ],
    [
      '503 with Retry-After: server timing',
      res(503, { 'retry-after': '3' }),
      state('DELETE'),
      { action: 'retry', delayMs: 3000, reason: 'HTTP 503', serverGiven: true, rateLimited: false }
    ],
    [
      '503 with only window resets: computed backoff',
      res(503, { 'ratelimit-reset': '60', 'x-ratelimit-reset': String(NOW / 1000 + 60) }),
      state('GET'),
      { action: 'retry', delayMs: 500, reason: 'HTTP 503', serverGiven: false, rateLimited: false }
    ],
    ['504 HTML gateway', res(504), state('GET'), { action: 'retry', delayMs: 500, reason: 'HTTP 504', serverGiven: false, rateLimited: false }],
    ['timeout on GET', net('ETIMEDOUT'), state('GET'), { action: 'retry', delayMs: 500, reason: 'ETIMEDOUT', serverGiven: false, rateLimited: false }],
    [
      'truncated body on GET',
      net('TRUNCATED_BODY'),
      state('GET'),
      { action: 'retry', delayMs: 500, reason: 'TRUNCATED_BODY', serverGiven: false, rateLimited: false }
    ],
    ['retries used up', res(502), state('GET', { retries: 3 }), { action: 'fail', kind: 'server', reason: 'HTTP 502' }],
    ['network retries used up', net('ECONNRESET'), state('GET', { retries: 3 }), { action: 'fail', kind: 'network', reason: 'ECONNRESET' }],
    ['time budget used up', res(500), state('GET', { elapsedMs: 59_900 }), { action: 'fail', kind: 'server', reason: 'HTTP 500' }],
    ['fatal network error (bad certificate)', net('CERT_HAS_EXPIRED', true), state('GET'), { action: 'fail', kind: 'network', reason: 'CERT_HAS_EXPIRED' }],
    // POST: never retried blindly.
    ['500 on POST: reconcile', res(500), state('POST'), { action: 'reconcile', delayMs: 500, reason: 'HTTP 500' }],
    ['reset on POST: reconcile', net('ECONNRESET'), state('POST'), { action: 'reconcile', delayMs: 500, reason: 'ECONNRESET' }],
    ['POST with retries used up', res(500), state('POST', { retries: 3 }), { action: 'fail', kind: 'server', reason: 'HTTP 500' }],
    // 409 "in progress" on PUT waits; other 4xx never retried.
    [
      '409 deep update in progress on PUT',
      res(409, {}, 'conflict', 'Deep update operation is already in progress for this collection.'),
      state('PUT'),
      { action: 'retry', delayMs: 500, reason: 'HTTP 409', serverGiven: false, rateLimited: false }
    ],
    ['409 other', res(409, {}, 'conflict', 'Something else'), state('PUT'), { action: 'fail', kind: 'client', reason: 'HTTP 409' }],
    ['400 malformed', res(400, {}, 'malformedRequestError'), state('PUT'), { action: 'fail', kind: 'client', reason: 'HTTP 400' }],
    ['400 instanceNotFoundError is not found', res(400, {}, 'instanceNotFoundError'), state('GET'), { action: 'fail', kind: 'notFound', reason: 'HTTP 400' }],
    ['404', res(404), state('GET'), { action: 'fail', kind: 'notFound', reason: 'HTTP 404' }],
    ['401', res(401, {}, 'AuthenticationError'), state('GET'), { action: 'fail', kind: 'auth', reason: 'HTTP 401' }],
    ['403', res(403), state('DELETE'), { action: 'fail', kind: 'auth', reason: 'HTTP 403' }],
    ['301 redirect', res(301, { location: 'https://elsewhere.example/' }), state('GET'), { action: 'fail', kind: 'client', reason: 'HTTP 301' }],
    ['413', res(413), state('PUT'), { action: 'fail', kind: 'client', reason: 'HTTP 413' }]
  ])('%s', (_, outcome, s, expected) => {
    expect(decide(outcome, s, limits, half)).toEqual(expected)
  })
})

describe('backoffMs: full jitter, doubling, capped', () => {
  it.each([
    [0, 1, 1000],
    [1, 1, 2000],
    [2, 1, 4000],
    [3, 1, 8000],
    [6, 1, 8000],
    [3, 0, 0],
    [2, 0.25, 1000],
    [1, 7, 2000], // a broken random source cannot push past the cap
    [1, -1, 0]
  ])('retry %i, random %d → %i ms', (retry, r, expected) => {
    expect(backoffMs(retry, limits, () => r)).toBe(expected)
  })
})

describe('classifiers', () => {
  it('idempotent methods', () => {
    expect(['GET', 'put', 'DELETE'].map(isIdempotent)).toEqual([true, true, true])
    expect(['POST', 'PATCH'].map(isIdempotent)).toEqual([false, false])
  })
  it('quota only on 429', () => {
    expect(isQuotaExhausted(res(429, {}, 'serviceLimitExhausted'))).toBe(true)
    expect(isQuotaExhausted(res(200, { 'ratelimit-remaining-month': '0' }))).toBe(false)
    expect(isQuotaExhausted(res(429, { 'ratelimit-remaining-month': '3' }, 'rateLimited'))).toBe(false)
  })
  it('not found', () => {
    expect(isNotFound(res(404))).toBe(true)
    expect(isNotFound(res(400, {}, 'instanceNotFoundError'))).toBe(true)
    expect(isNotFound(res(400, {}, 'malformedRequestError'))).toBe(false)
    expect(isNotFound(net('ECONNRESET'))).toBe(false)
  })
})
