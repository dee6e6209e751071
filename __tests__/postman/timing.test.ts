import { describe, expect, it } from 'vitest'
import {
  parseMonthHeaders,
  parsePolicy,
  parseRateHeaders,
  parseRetryAfterValue,
  resetToDelayMs,
  serverRetryDelayMs
} from '../../src/postman/rate-limit/timing.js'

const NOW = 1_700_000_000_000 // epoch ms

describe('resetToDelayMs: magnitude decides the unit', () => {
  it.each([
    ['delta seconds', 30, 30_000],
    ['zero', 0, 0],
    ['epoch seconds in 20 s', NOW / 1000 + 20, 20_000],
    ['epoch ms in 1.5 s', NOW + 1500, 1500],
    ['epoch seconds in the past', NOW / 1000 - 100, 0],
    ['epoch ms in the past', NOW - 5, 0],
    ['absurd delta (two days)', 2 * 86_400, undefined],
    ['absurd epoch (a year ahead)', NOW / 1000 + 365 * 86_400, undefined]
  ])('%s', (_, value, expected) => {
    expect(resetToDelayMs(value, NOW)).toBe(expected)
  })
})

describe('parseRetryAfterValue', () => {
  it.each([
    ['delta seconds', '7', 7000],
    ['fractional seconds', '1.5', 1500],
    ['HTTP date 10 s ahead', new Date(NOW + 10_000).toUTCString(), 10_000],
    ['HTTP date in the past', new Date(NOW - 10_000).toUTCString(), 0],
    ['negative', '-3', undefined],
    ['garbage', 'soon', undefined],
    ['absent', undefined, undefined],
    // Still what the server asks: the policy refuses it at once rather than ignoring it.
    ['absurd', '999999999', 999_999_999_000]
  ])('%s', (_, raw, expected) => {
    expect(parseRetryAfterValue(raw, NOW)).toBe(expected)
  })
})

describe('serverRetryDelayMs: first usable header wins, in the documented order', () => {
  it.each([
    ['Retry-After first', { 'retry-after': '3', 'x-ratelimit-retryafter': '9', ratelimit: 'limit=1, remaining=0, reset=20' }, 3000],
    ['X-RateLimit-RetryAfter next', { 'x-ratelimit-retryafter': '9', retryafter: '4' }, 9000],
    ['RetryAfter next', { retryafter: '4', 'ratelimit-reset': '8' }, 4000],
    ['RateLimit reset= next', { ratelimit: 'limit=300, remaining=0, reset=12', 'ratelimit-reset': '8' }, 12_000],
    ['RateLimit-Reset next', { 'ratelimit-reset': '8', 'x-ratelimit-reset': String(NOW / 1000 + 50) }, 8000],
    ['X-RateLimit-Reset as epoch seconds', { 'x-ratelimit-reset': String(NOW / 1000 + 50) }, 50_000],
    ['X-RateLimit-Reset as epoch ms', { 'x-ratelimit-reset': String(NOW + 2500) }, 2500],
    ['X-RateLimit-Reset as delta', { 'x-ratelimit-reset': '6' }, 6000],
    ['unusable Retry-After falls through', { 'retry-after': 'later', 'x-ratelimit-retryafter': '2' }, 2000],
    ['negative values are skipped', { 'retry-after': '-1', 'ratelimit-reset': '-5', 'x-ratelimit-reset': '1' }, 1000],
    ['header names in any case', { 'Retry-After': '5' }, 5000],
    ['array values take the first', { 'retry-after': ['2', '9'] }, 2000],
    ['nothing usable', { 'x-ratelimit-limit': '300' }, undefined]
  ])('%s', (_, headers, expected) => {
    expect(serverRetryDelayMs(headers, NOW)).toBe(expected)
  })
})

describe('parsePolicy', () => {
  it.each([
    ['300;w=60', { limit: 300, windowMs: 60_000 }],
    ['10;w=10, 300;w=60', { limit: 10, windowMs: 10_000 }],
    ['300', { limit: 300, windowMs: undefined }],
    ['0;w=0', { limit: undefined, windowMs: undefined }],
    ['abc;w=x', { limit: undefined, windowMs: undefined }]
  ])('%s', (raw, expected) => {
    expect(parsePolicy(raw)).toEqual(expected)
  })
})

describe('parseRateHeaders', () => {
  it('reads the modern set: structured RateLimit wins', () => {
    expect(
      parseRateHeaders(
        {
          ratelimit: 'limit=300, remaining=12, reset=30',
          'ratelimit-policy': '300;w=60',
          'ratelimit-remaining': '99',
          'x-ratelimit-reset': String(NOW / 1000 + 45)
        },
        NOW
      )
    ).toEqual({ limit: 300, remaining: 12, resetInMs: 30_000, windowMs: 60_000 })
  })

  it('reads the legacy set: X-RateLimit-* with reset in epoch seconds', () => {
    expect(parseRateHeaders({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 15) }, NOW)).toEqual({
      limit: 60,
      remaining: 0,
      resetInMs: 15_000,
      windowMs: undefined
    })
  })

  it.each([
    ['no headers at all', {}, { limit: undefined, remaining: undefined, resetInMs: undefined, windowMs: undefined }],
    [
      'remaining above limit is clamped',
      { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '50' },
      { limit: 10, remaining: 10, resetInMs: undefined, windowMs: undefined }
    ],
    ['negative remaining ignored', { 'x-ratelimit-remaining': '-4' }, { limit: undefined, remaining: undefined, resetInMs: undefined, windowMs: undefined }],
    [
      'zero limit ignored',
      { 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '0' },
      { limit: undefined, remaining: 0, resetInMs: undefined, windowMs: undefined }
    ],
    ['reset in the past is 0', { 'x-ratelimit-reset': String(NOW / 1000 - 30) }, { limit: undefined, remaining: undefined, resetInMs: 0, windowMs: undefined }],
    [
      'absurd reset skipped for the next one',
      { 'ratelimit-reset': '9999999', 'x-ratelimit-reset': '4' },
      { limit: undefined, remaining: undefined, resetInMs: 4000, windowMs: undefined }
    ],
    ['limit from the policy alone', { 'ratelimit-policy': '10;w=10' }, { limit: 10, remaining: undefined, resetInMs: undefined, windowMs: 10_000 }]
  ])('%s', (_, headers, expected) => {
    expect(parseRateHeaders(headers, NOW)).toEqual(expected)
  })
})

describe('parseMonthHeaders', () => {
  it.each([
    ['modern', { 'ratelimit-limit-month': '10000', 'ratelimit-remaining-month': '42' }, { limit: 10000, remaining: 42 }],
    ['x- prefixed', { 'x-ratelimit-limit-month': '1000', 'x-ratelimit-remaining-month': '0' }, { limit: 1000, remaining: 0 }],
    ['absent', {}, { limit: undefined, remaining: undefined }],
    ['garbage', { 'ratelimit-remaining-month': 'lots' }, { limit: undefined, remaining: undefined }]
  ])('%s', (_, headers, expected) => {
    expect(parseMonthHeaders(headers)).toEqual(expected)
  })
})
