import { describe, expect, it } from 'vitest'
import { ActionError } from '../../src/errors.js'
import {
  AuthError,
  NetworkError,
  NotFoundError,
  PostmanApiError,
  QuotaExhaustedError,
  RateLimitError,
  ServerError,
  ValidationError,
  parseErrorBody,
  stripQuery
} from '../../src/postman/errors.js'

describe('parseErrorBody', () => {
  it.each<[string, string, string | undefined, { name?: string; message?: string }]>([
    [
      'legacy envelope',
      '{"error":{"name":"instanceNotFoundError","message":"The specified item does not exist.","details":{"item":"collection","id":"x"}}}',
      'application/json',
      { name: 'instanceNotFoundError', message: 'The specified item does not exist.' }
    ],
    [
      'legacy with details[]',
      `{"error":{"name":"malformedRequestError","message":"Found 2 errors with the supplied collection.","details":[": must have required property 'item'","info: must have required property 'schema'"]}}`,
      'application/json',
      {
        name: 'malformedRequestError',
        message: "Found 2 errors with the supplied collection. : must have required property 'item'; info: must have required property 'schema'"
      }
    ],
    [
      'problem+json',
      '{"type":"https://api.postman.com/problems/not-found","title":"Not found","status":404,"detail":"We could not find the collection you are looking for"}',
      'application/problem+json',
      { name: 'https://api.postman.com/problems/not-found', message: 'We could not find the collection you are looking for' }
    ],
    [
      'problem with detail[]',
      '{"type":"badRequest","title":"Invalid","detail":["/values/1/value: must be a string","x"]}',
      'application/problem+json',
      { name: 'badRequest', message: '/values/1/value: must be a string; x' }
    ],
    [
      'problem with only a title',
      '{"type":"https://api.postman.com/problems/payload-too-large","title":"Payload Too Large"}',
      undefined,
      { name: 'https://api.postman.com/problems/payload-too-large', message: 'Payload Too Large' }
    ],
    [
      'nginx 504 page',
      '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body><center><h1>504 Gateway Time-out</h1></center></body></html>',
      'text/html',
      { message: '504 Gateway Time-out' }
    ],
    ['plain text', 'upstream connect error', 'text/plain', { message: 'upstream connect error' }],
    ['truncated JSON', '{"error":{"name":"serverErr', 'application/json', { message: '{"error":{"name":"serverErr' }],
    ['empty', '', 'application/json', {}],
    ['JSON that is not an object', '"oops"', 'application/json', { message: '"oops"' }]
  ])('%s', (_, raw, type, expected) => {
    const parsed = parseErrorBody(raw, type)
    expect({ name: parsed.name, message: parsed.message }).toEqual({ name: expected.name, message: expected.message })
  })

  it('clips a huge body', () => {
    expect(parseErrorBody('x'.repeat(5000)).message?.length).toBe(500)
  })
})

describe('error classes', () => {
  const d = {
    method: 'GET',
    path: '/collections/abc?access_key=PMAT-secret',
    status: 404,
    postmanName: 'instanceNotFoundError',
    postmanMessage: 'The specified item does not exist.'
  }

  it('name what failed, drop the query, and say what to do', () => {
    const e = new NotFoundError(d)
    expect(e).toBeInstanceOf(PostmanApiError)
    expect(e).toBeInstanceOf(ActionError)
    expect(e.path).toBe('/collections/abc')
    expect(e.message).toBe(
      'Postman API GET /collections/abc failed (HTTP 404, instanceNotFoundError: The specified item does not exist.). Check the id or uid, and that the API key can see that workspace.'
    )
    expect(e.message).not.toContain('PMAT-secret')
  })

  it.each<[string, PostmanApiError, RegExp]>(
    [
      [new AuthError({ ...d, status: 401 }), 'AuthError', /postman-api-key/],
      [new AuthError({ ...d, status: 403 }), 'AuthError', /permission/],
      [new QuotaExhaustedError({ ...d, status: 429 }), 'QuotaExhaustedError', /monthly quota/],
      [new RateLimitError({ ...d, status: 429 }, 5000), 'RateLimitError', /same API key/],
      [new ServerError({ ...d, status: 503 }, 6), 'ServerError', /failed 6 time/],
      [new NetworkError({ ...d, status: 0, postmanName: undefined, postmanMessage: undefined }, 'ETIMEDOUT', 6), 'NetworkError', /no answer, ETIMEDOUT\)/],
      [new ValidationError({ ...d, status: 400 }), 'ValidationError', /fix the file/]
    ].map(([e, name, pattern]) => [name as string, e as PostmanApiError, pattern as RegExp])
  )('%s (%#)', (name, e, pattern) => {
    expect(e.name).toBe(name)
    expect(e.message).toMatch(pattern)
  })

  it('stripQuery', () => {
    expect(stripQuery('/a?b=c')).toBe('/a')
    expect(stripQuery('/a#x')).toBe('/a')
    expect(stripQuery('/a')).toBe('/a')
  })
})
