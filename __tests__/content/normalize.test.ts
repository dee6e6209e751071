import { describe, expect, it } from 'vitest'
import type { CollectionBody, EnvironmentBody } from '../../src/postman/api.js'
import { canonicalJson, collectionsEqual, contentHash, environmentsEqual, normalizeCollection, normalizeEnvironment } from '../../src/content/normalize.js'
import { col, corpusCollections, decoratedGet, req, reverseKeys } from './helpers.js'

type Rec = Record<string, unknown>
const one = (item: Rec, extra: Rec = {}, info: Rec = {}): CollectionBody => col([item], extra, info)

/** Pairs the normalizer must treat as the same content: [why, a, b]. */
const EQUAL: Array<[string, CollectionBody, CollectionBody]> = [
  ['exporter ids and links', col([], {}, { _postman_id: 'a', _exporter_id: '1', _collection_link: 'https://go.postman.co/x' }), col([])],
  [
    'server timestamps, uid, lastUpdatedBy, fork',
    col([], {}, { createdAt: 't', updatedAt: 't', uid: '1-a', lastUpdatedBy: '1', fork: { label: 'f' } }),
    col([])
  ],
  ['schema host and collection.json', col([], {}, { schema: 'https://schema.postman.com/json/collection/v2.1.0/' }), col([])],
  ['item id/uid/timestamps', one({ ...req('a'), id: 'x', uid: '1-x', createdAt: 't', updatedAt: 't' }), one(req('a'))],
  ['folder id/uid', col([{ name: 'F', id: 'f', uid: '1-f', item: [] }]), col([{ name: 'F', item: [] }])],
  [
    'url string vs object with raw',
    one(req('a', 'GET', { url: 'https://api.example.com/v1/users?page=2' })),
    one(
      req('a', 'GET', {
        url: {
          raw: 'https://api.example.com/v1/users?page=2',
          protocol: 'https',
          host: ['api', 'example', 'com'],
          path: ['v1', 'users'],
          query: [{ key: 'page', value: '2' }]
        }
      })
    )
  ],
  [
    'url object without raw vs its raw',
    one(
      req('a', 'GET', {
        url: {
          protocol: 'http',
          host: ['{{host}}'],
          port: '8080',
          path: ['v1', 'users'],
          query: [
            { key: 'q', value: 'x' },
            { key: 'flag', value: null }
          ],
          hash: 'h'
        }
      })
    ),
    one(req('a', 'GET', { url: 'http://{{host}}:8080/v1/users?q=x&flag#h' }))
  ],
  [
    'url object with an empty raw vs its parts',
    one(req('a', 'GET', { url: { raw: '', host: ['{{base}}'], path: ['users'] } })),
    one(req('a', 'GET', { url: '{{base}}/users' }))
  ],
  [
    'path variable without value (server lists :id)',
    one(req('a', 'GET', { url: '{{base}}/users/:id' })),
    one(req('a', 'GET', { url: { raw: '{{base}}/users/:id', host: ['{{base}}'], path: ['users', ':id'], variable: [{ key: 'id', value: '' }] } }))
  ],
  [
    'exec string vs array of lines (CRLF too)',
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { exec: 'line 1\r\nline 2', type: 'text/javascript' } }] })),
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { exec: ['line 1', 'line 2'] } }] }))
  ],
  [
    'event and script ids; empty script = no event',
    one(req('a', 'GET', {}, { event: [{ id: 'e', listen: 'prerequest', script: { id: 's', exec: [''], type: 'text/javascript' } }] })),
    one(req('a'))
  ],
  [
    'prerequest/test order',
    one(
      req(
        'a',
        'GET',
        {},
        {
          event: [
            { listen: 'test', script: { exec: ['t'] } },
            { listen: 'prerequest', script: { exec: ['p'] } }
          ]
        }
      )
    ),
    one(
      req(
        'a',
        'GET',
        {},
        {
          event: [
            { listen: 'prerequest', script: { exec: ['p'] } },
            { listen: 'test', script: { exec: ['t'] } }
          ]
        }
      )
    )
  ],
  [
    'disabled: false on headers',
    one(req('a', 'GET', { header: [{ key: 'A', value: '1', disabled: false, type: 'text' }] })),
    one(req('a', 'GET', { header: [{ key: 'A', value: '1' }] }))
  ],
  [
    'empty description, variable: [], event: [], header: [], response: []',
    one(req('a', 'GET', { description: '', header: [] }, { description: null, variable: [], event: [], response: [] })),
    one(req('a'))
  ],
  [
    'method absent = GET, case-insensitive',
    one({ name: 'a', request: { url: 'https://x.test' } }),
    one({ name: 'a', request: { method: 'get', url: 'https://x.test' } })
  ],
  [
    'request as a bare URL string',
    one({ name: 'a', request: 'https://x.test/a' }),
    one({ name: 'a', request: { method: 'GET', header: [], url: { raw: 'https://x.test/a', protocol: 'https', host: ['x', 'test'], path: ['a'] } } })
  ],
  ['collection-level noauth = no auth (nothing to inherit)', col([], { auth: { type: 'noauth' } }), col([])],
  [
    'auth attributes are a map: order and type string do not matter',
    one(
      req('a', 'GET', {
        auth: {
          type: 'basic',
          basic: [
            { key: 'username', value: 'u', type: 'string' },
            { key: 'password', value: 'p', type: 'string' }
          ]
        }
      })
    ),
    one(
      req('a', 'GET', {
        auth: {
          type: 'basic',
          basic: [
            { key: 'password', value: 'p' },
            { key: 'username', value: 'u' }
          ]
        }
      })
    )
  ],
  ['description object with content only = string', col([], {}, { description: { content: 'Hello' } }), col([], {}, { description: 'Hello' })],
  [
    'variable type string/any and disabled false; variable id when key exists',
    col([], { variable: [{ id: 'v1', key: 'k', value: 'v', type: 'string', disabled: false }] }),
    col([], { variable: [{ key: 'k', value: 'v', type: 'any' }] })
  ],
  [
    'saved-response bookkeeping',
    one(req('a', 'GET', {}, { response: [{ name: 'OK', code: 200, body: 'x' }] })),
    one(
      req(
        'a',
        'GET',
        {},
        {
          response: [
            {
              id: 'r',
              uid: '1-r',
              name: 'OK',
              code: 200,
              body: 'x',
              _postman_previewlanguage: 'json',
              cookie: [],
              responseTime: null,
              header: [],
              createdAt: 't',
              updatedAt: 't'
            }
          ]
        }
      )
    )
  ],
  ['disableBodyPruning: true, which a GET adds to every request', one({ ...req('a'), protocolProfileBehavior: { disableBodyPruning: true } }), one(req('a'))],
  [
    'disableBodyPruning: true beside other settings',
    one({ ...req('a'), protocolProfileBehavior: { strictSSL: false, disableBodyPruning: true } }),
    one({ ...req('a'), protocolProfileBehavior: { strictSSL: false } })
  ],
  [
    'script packages: {} and script ids',
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { id: 's1', exec: ['t'], type: 'text/javascript', packages: {} } }] })),
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { exec: ['t'] } }] }))
  ],
  ['JSON key order', one(req('a', 'POST', { body: { mode: 'raw', raw: '{}' } })), reverseKeys(one(req('a', 'POST', { body: { mode: 'raw', raw: '{}' } })))]
]

/** Pairs that differ in content: [why, a, b]. */
const DIFFERENT: Array<[string, CollectionBody, CollectionBody]> = [
  ['request auth absent (inherit) vs noauth', one(req('a')), one(req('a', 'GET', { auth: { type: 'noauth' } }))],
  ['url', one(req('a', 'GET', { url: 'https://x.test/a' })), one(req('a', 'GET', { url: 'https://x.test/b' }))],
  [
    'disabled query parameter (not in raw)',
    one(req('a', 'GET', { url: { raw: 'https://x.test/a', query: [{ key: 'debug', value: '1', disabled: true }] } })),
    one(req('a', 'GET', { url: 'https://x.test/a' }))
  ],
  [
    'path variable value',
    one(req('a', 'GET', { url: { raw: 'https://x.test/:id', variable: [{ key: 'id', value: '7' }] } })),
    one(req('a', 'GET', { url: 'https://x.test/:id' }))
  ],
  [
    'header disabled',
    one(req('a', 'GET', { header: [{ key: 'A', value: '1', disabled: true }] })),
    one(req('a', 'GET', { header: [{ key: 'A', value: '1' }] }))
  ],
  [
    'script text',
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { exec: ['a'] } }] })),
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { exec: ['b'] } }] }))
  ],
  [
    'script whitespace is content',
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { exec: ['a '] } }] })),
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { exec: ['a'] } }] }))
  ],
  ['item order', col([req('a'), req('b')]), col([req('b'), req('a')])],
  [
    'variable type boolean vs string',
    col([], { variable: [{ key: 'k', value: 'true', type: 'boolean' }] }),
    col([], { variable: [{ key: 'k', value: 'true' }] })
  ],
  ['empty folder vs request-less item', col([{ name: 'F', item: [] }]), col([{ name: 'F' }])],
  ['collection name', col([], {}, { name: 'A' }), col([], {}, { name: 'B' })],
  ['body', one(req('a', 'POST', { body: { mode: 'raw', raw: '{"a":1}' } })), one(req('a', 'POST', { body: { mode: 'raw', raw: '{"a":2}' } }))],
  [
    'a request setting other than disableBodyPruning',
    one({ ...req('a'), protocolProfileBehavior: { disableBodyPruning: true, strictSSL: false } }),
    one(req('a'))
  ],
  ['disableBodyPruning: false is a setting', one({ ...req('a'), protocolProfileBehavior: { disableBodyPruning: false } }), one(req('a'))],
  [
    'script packages that are not empty',
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { exec: ['t'], packages: { lodash: { id: 'p' } } } }] })),
    one(req('a', 'GET', {}, { event: [{ listen: 'test', script: { exec: ['t'] } }] }))
  ],
  [
    'saved response body',
    one(req('a', 'GET', {}, { response: [{ name: 'OK', body: 'x' }] })),
    one(req('a', 'GET', {}, { response: [{ name: 'OK', body: 'y' }] }))
  ]
]

describe('normalizeCollection', () => {
  it.each(EQUAL)('treats as equal: %s', (_why, a, b) => {
    expect(collectionsEqual(a, b)).toBe(true)
    expect(contentHash(normalizeCollection(a))).toBe(contentHash(normalizeCollection(b)))
  })

  it.each(DIFFERENT)('treats as different: %s', (_why, a, b) => {
    expect(collectionsEqual(a, b)).toBe(false)
    expect(contentHash(normalizeCollection(a))).not.toBe(contentHash(normalizeCollection(b)))
  })

  it('does not modify its input', () => {
    const c = one({ ...req('a', 'GET', { url: 'https://x.test' }), id: 'x' })
    const before = structuredClone(c)
    normalizeCollection(c)
    expect(c).toEqual(before)
  })
})

describe('canonicalJson and contentHash', () => {
  it('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"f":2}]},"b":1}')
  })
  it('is sha256 hex of the canonical JSON', () => {
    expect(contentHash({ b: 1, a: 2 })).toBe(contentHash({ a: 2, b: 1 }))
    // sha256('{"a":2,"b":1}')
    expect(contentHash({ a: 2, b: 1 })).toMatch(/^[0-9a-f]{64}$/)
    expect(contentHash({ a: 2, b: 1 })).not.toBe(contentHash({ a: 2, b: '1' }))
  })
})

const env = (values: unknown[], extra: Rec = {}): EnvironmentBody => ({ name: 'E', values, ...extra }) as EnvironmentBody

describe('normalizeEnvironment', () => {
  const EQUAL_ENVS: Array<[string, EnvironmentBody, EnvironmentBody]> = [
    [
      'export bookkeeping',
      env([], { id: 'x', owner: '1', createdAt: 't', updatedAt: 't', isPublic: false, _postman_variable_scope: 'environment', _postman_exported_at: 't' }),
      env([])
    ],
    [
      'type text/any/missing = default',
      env([
        { key: 'a', value: '1', type: 'text' },
        { key: 'b', value: '2', type: 'any' },
        { key: 'c', value: '3' }
      ]),
      env([
        { key: 'a', value: '1', type: 'default' },
        { key: 'b', value: '2', type: 'default' },
        { key: 'c', value: '3', type: 'default' }
      ])
    ],
    ['enabled default true', env([{ key: 'a', value: '1' }]), env([{ key: 'a', value: '1', enabled: true }])],
    ['legacy disabled: true = enabled: false', env([{ key: 'a', value: '1', disabled: true }]), env([{ key: 'a', value: '1', enabled: false }])],
    [
      'values as strings',
      env([
        { key: 'a', value: true, type: 'boolean' },
        { key: 'n', value: 3 }
      ]),
      env([
        { key: 'a', value: 'true' },
        { key: 'n', value: '3' }
      ])
    ],
    [
      'variable order',
      env([
        { key: 'a', value: '1' },
        { key: 'b', value: '2' }
      ]),
      env([
        { key: 'b', value: '2' },
        { key: 'a', value: '1' }
      ])
    ],
    [
      'type case and spaces ("SECRET " is secret)',
      env([
        { key: 's', value: 'x', type: 'SECRET ' },
        { key: 'd', value: '1', type: ' Default' }
      ]),
      env([
        { key: 's', value: '', type: 'secret' },
        { key: 'd', value: '1' }
      ])
    ],
    ['secret values are unknown', env([{ key: 's', value: 'from-repo', type: 'secret' }]), env([{ key: 's', value: '', type: 'secret' }])],
    [
      'vault-linked values are unknown',
      env([{ key: 'v', value: 'x', secret: true, source: { provider: 'postman' } }]),
      env([{ key: 'v', value: '', secret: true, source: { provider: 'postman' } }])
    ]
  ]
  it.each(EQUAL_ENVS)('treats as equal: %s', (_why, a, b) => {
    expect(environmentsEqual(a, b)).toBe(true)
  })

  const DIFFERENT_ENVS: Array<[string, EnvironmentBody, EnvironmentBody]> = [
    ['value', env([{ key: 'a', value: '1' }]), env([{ key: 'a', value: '2' }])],
    ['secret vs default type', env([{ key: 'a', value: '', type: 'secret' }]), env([{ key: 'a', value: '' }])],
    ['enabled', env([{ key: 'a', value: '1', enabled: false }]), env([{ key: 'a', value: '1' }])],
    [
      'order of duplicates (the last one wins in a run)',
      env([
        { key: 'd', value: '1' },
        { key: 'd', value: '2' }
      ]),
      env([
        { key: 'd', value: '2' },
        { key: 'd', value: '1' }
      ])
    ],
    ['name', env([], { name: 'A' }), env([], { name: 'B' })]
  ]
  it.each(DIFFERENT_ENVS)('treats as different: %s', (_why, a, b) => {
    expect(environmentsEqual(a, b)).toBe(false)
  })

  it('never carries a secret value into its normalized form', () => {
    const n = normalizeEnvironment(env([{ key: 'token', value: 'hunter2-secret', type: 'secret' }]))
    expect(JSON.stringify(n)).not.toContain('hunter2-secret')
  })
})

describe('an app export against the decorated GET of the same content', () => {
  const v21 = corpusCollections().filter(([, c]) => String(c.info.schema).includes('v2.1'))

  it('covers the corpus', () => {
    expect(v21.length).toBeGreaterThan(20)
  })

  it.each(v21)('%s: same content, same hash', (_file, exported) => {
    const got = decoratedGet(exported)
    expect(canonicalJson(got)).not.toBe(canonicalJson(exported))
    expect(collectionsEqual(exported, got)).toBe(true)
    expect(contentHash(normalizeCollection(got))).toBe(contentHash(normalizeCollection(exported)))
  })

  it.each(v21.slice(0, 5))('%s: an edit under the decorations still shows', (_file, exported) => {
    const got = decoratedGet(exported) as CollectionBody & { item: Rec[] }
    const first = firstRequest(got.item) as Rec
    expect(first).toBeDefined()
    first.protocolProfileBehavior = { ...(first.protocolProfileBehavior as Rec), strictSSL: false }
    expect(collectionsEqual(exported, got)).toBe(false)
  })
})

function firstRequest(items: unknown[]): Rec | undefined {
  for (const item of items as Rec[]) {
    if (Array.isArray(item.item)) {
      const found = firstRequest(item.item)
      if (found) return found
    } else if (item.request !== undefined) return item
  }
  return undefined
}
