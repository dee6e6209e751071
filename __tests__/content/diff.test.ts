import { describe, expect, it } from 'vitest'
import type { CollectionBody, EnvironmentBody } from '../../src/postman/api.js'
import type { CollectionDiff } from '../../src/model/sync-result.js'
import { diffCollections, diffEnvironments, isEmptyDiff } from '../../src/content/diff.js'
import { collectionsEqual } from '../../src/content/normalize.js'
import { clone, col, corpusCollections, folder, req } from './helpers.js'

type Rec = Record<string, unknown>

const base = (): CollectionBody =>
  col(
    [
      folder('Users', [
        req('List users', 'GET', { header: [{ key: 'Accept', value: 'application/json' }] }),
        req(
          'Create user',
          'POST',
          { body: { mode: 'raw', raw: '{"name":"a"}' }, auth: { type: 'bearer', bearer: [{ key: 'token', value: 'tok-123-secret' }] } },
          {
            event: [{ listen: 'test', script: { exec: ['pm.test("ok", () => {})'] } }]
          }
        ),
        folder('Admin', [req('Ban user', 'POST')])
      ]),
      req('Health')
    ],
    { variable: [{ key: 'baseUrl', value: 'https://api.example.com' }], auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}' }] } }
  )

const users = (c: CollectionBody): Rec[] => (c.item[0] as Rec).item as Rec[]
const request = (item: Rec): Rec => item.request as Rec

/** Edits of a copy of `base()`, and the diff they must give (from base to edited). */
const CASES: Array<[string, (c: CollectionBody) => void, Partial<CollectionDiff>]> = [
  ['url', (c) => void (request(users(c)[0]!).url = 'https://api.example.com/v2/users'), { changed: [{ path: 'Users/List users', aspects: ['url'] }] }],
  ['method', (c) => void (request(users(c)[1]!).method = 'PUT'), { changed: [{ path: 'Users/Create user', aspects: ['method'] }] }],
  [
    'header added (key named)',
    (c) => void (request(users(c)[0]!).header as Rec[]).push({ key: 'X-Trace', value: 'abc' }),
    { changed: [{ path: 'Users/List users', aspects: ['headers: +X-Trace'] }] }
  ],
  ['header removed', (c) => void (request(users(c)[0]!).header = []), { changed: [{ path: 'Users/List users', aspects: ['headers: -Accept'] }] }],
  [
    'header value changed (not named)',
    (c) => void ((request(users(c)[0]!).header as Rec[])[0]!.value = 'text/xml-secret-ish'),
    { changed: [{ path: 'Users/List users', aspects: ['header values'] }] }
  ],
  ['body', (c) => void (request(users(c)[1]!).body = { mode: 'raw', raw: '{"name":"b"}' }), { changed: [{ path: 'Users/Create user', aspects: ['body'] }] }],
  [
    'test script',
    (c) => void (users(c)[1]!.event = [{ listen: 'test', script: { exec: ['changed'] } }]),
    { changed: [{ path: 'Users/Create user', aspects: ['scripts: test'] }] }
  ],
  [
    'prerequest script added',
    (c) => void (users(c)[0]!.event = [{ listen: 'prerequest', script: { exec: ['x'] } }]),
    { changed: [{ path: 'Users/List users', aspects: ['scripts: prerequest'] }] }
  ],
  [
    'auth type',
    (c) => void (request(users(c)[1]!).auth = { type: 'apikey', apikey: [{ key: 'key', value: 'X' }] }),
    { changed: [{ path: 'Users/Create user', aspects: ['auth: bearer → apikey'] }] }
  ],
  [
    'auth value (not named)',
    (c) => void (request(users(c)[1]!).auth = { type: 'bearer', bearer: [{ key: 'token', value: 'tok-456-secret' }] }),
    { changed: [{ path: 'Users/Create user', aspects: ['auth values'] }] }
  ],
  ['auth removed (inherit)', (c) => void delete request(users(c)[1]!).auth, { changed: [{ path: 'Users/Create user', aspects: ['auth: bearer → inherit'] }] }],
  ['description', (c) => void (request(users(c)[0]!).description = 'Lists them'), { changed: [{ path: 'Users/List users', aspects: ['description'] }] }],
  [
    'saved response added',
    (c) => void (users(c)[0]!.response = [{ name: 'OK', code: 200 }]),
    { changed: [{ path: 'Users/List users', aspects: ['responses: +OK'] }] }
  ],
  ['settings', (c) => void (users(c)[0]!.protocolProfileBehavior = { strictSSL: false }), { changed: [{ path: 'Users/List users', aspects: ['settings'] }] }],
  ['disableBodyPruning: true is what every GET adds: no change', (c) => void (users(c)[0]!.protocolProfileBehavior = { disableBodyPruning: true }), {}],
  ['request added', (c) => void users(c).push(req('Delete user', 'DELETE')), { added: ['Users/Delete user'] }],
  ['request removed', (c) => void users(c).splice(0, 1), { removed: ['Users/List users'] }],
  [
    'folder added, with its requests',
    (c) => void c.item.push(folder('Orders', [req('List orders'), folder('Empty', [])])),
    { added: ['Orders/', 'Orders/List orders', 'Orders/Empty/'] }
  ],
  ['folder removed, with its requests', (c) => void users(c).splice(2, 1), { removed: ['Users/Admin/', 'Users/Admin/Ban user'] }],
  [
    'renamed (same method and URL in the same folder)',
    (c) => void (users(c)[0]!.name = 'All users'),
    { changed: [{ path: 'Users/All users', aspects: ['renamed from List users'] }] }
  ],
  [
    'renamed and edited',
    (c) => {
      users(c)[0]!.name = 'All users'
      request(users(c)[0]!).description = 'Lists them'
    },
    { changed: [{ path: 'Users/All users', aspects: ['renamed from List users', 'description'] }] }
  ],
  [
    'renamed with a new URL = removed + added (nothing ties them)',
    (c) => {
      users(c)[0]!.name = 'All users'
      request(users(c)[0]!).url = 'https://api.example.com/v2/people'
    },
    { added: ['Users/All users'], removed: ['Users/List users'] }
  ],
  [
    'moved to another folder = removed + added',
    (c) => {
      const [moved] = users(c).splice(0, 1)
      ;(users(c)[1]!.item as Rec[]).push(moved!)
    },
    { added: ['Users/Admin/List users'], removed: ['Users/List users'] }
  ],
  ['reordered in a folder', (c) => void users(c).reverse(), { changed: [{ path: 'Users/', aspects: ['order'] }] }],
  ['reordered at the root', (c) => void c.item.reverse(), { collection: ['order'] }],
  ['folder description', (c) => void ((c.item[0] as Rec).description = 'All about users'), { changed: [{ path: 'Users/', aspects: ['description'] }] }],
  ['collection name', (c) => void (c.info.name = 'Renamed'), { collection: ['name'] }],
  ['collection variable added (key named)', (c) => void (c.variable as Rec[]).push({ key: 'token', value: 'abc' }), { collection: ['variables: +token'] }],
  [
    'collection variable value (not named)',
    (c) => void ((c.variable as Rec[])[0]!.value = 'https://staging-secret.example.com'),
    { collection: ['variable values'] }
  ],
  ['collection auth type', (c) => void (c.auth = { type: 'noauth' }), { collection: ['auth: bearer → none'] }],
  ['collection scripts', (c) => void (c.event = [{ listen: 'prerequest', script: { exec: ['x'] } }]), { collection: ['scripts: prerequest'] }],
  ['collection description', (c) => void (c.info.description = 'New'), { collection: ['description'] }]
]

describe('diffCollections', () => {
  it.each(CASES)('%s', (_why, edit, expected) => {
    const from = base()
    const to = base()
    edit(to)
    const diff = diffCollections(from, to)
    expect(diff).toEqual({ added: [], removed: [], changed: [], collection: [], ...expected })
    // A diff is empty exactly when the bodies are equal.
    expect(isEmptyDiff(diff)).toBe(collectionsEqual(from, to))
  })

  it('never shows a value of a variable, header, auth attribute or body', () => {
    const from = base()
    const to = base()
    request(users(to)[0]!).header = [{ key: 'Accept', value: 'VALUE-H' }]
    request(users(to)[1]!).auth = { type: 'bearer', bearer: [{ key: 'token', value: 'VALUE-A' }] }
    request(users(to)[1]!).body = { mode: 'raw', raw: 'VALUE-B' }
    ;(to.variable as Rec[])[0]!.value = 'VALUE-V'
    const text = JSON.stringify(diffCollections(from, to))
    for (const secret of ['VALUE-', 'tok-123-secret', 'api.example.com']) expect(text).not.toContain(secret)
  })

  it('is empty for identical content', () => {
    expect(isEmptyDiff(diffCollections(base(), base()))).toBe(true)
  })
})

describe('duplicate names in one folder', () => {
  const dupes = (): CollectionBody => col([req('Item', 'GET'), req('Item', 'POST'), req('Item', 'POST', { url: 'https://x.test/2' })])

  it('labels them by method, then position', () => {
    const to = dupes()
    ;(to.item[2] as Rec).request = { method: 'POST', url: 'https://x.test/3' }
    expect(diffCollections(dupes(), to).changed).toEqual([{ path: 'Item [POST #2]', aspects: ['url'] }])
  })

  it('pairs by method before position', () => {
    const from = dupes()
    const to = dupes()
    to.item.reverse() // POST#2, POST#1, GET
    const diff = diffCollections(from, to)
    expect(diff.added).toEqual([])
    expect(diff.removed).toEqual([])
    expect(diff.collection).toEqual(['order'])
  })

  it('names a removed duplicate by its method', () => {
    const to = dupes()
    to.item.splice(0, 1)
    expect(diffCollections(dupes(), to)).toMatchObject({ removed: ['Item [GET]'], added: [] })
  })
})

describe('every corpus collection', () => {
  it.each(corpusCollections())('%s: empty diff with itself; each edit shows', (_file, c) => {
    expect(isEmptyDiff(diffCollections(c, clone(c)))).toBe(true)
    const edited = clone(c)
    // The first request found, depth first, gets a new URL.
    const first = (list: unknown[]): Rec | undefined => {
      for (const el of list as Rec[]) {
        if (Array.isArray(el.item)) {
          const r = first(el.item)
          if (r) return r
        } else return el
      }
      return undefined
    }
    const target = first(edited.item)
    if (!target) return
    target.request = { ...(typeof target.request === 'object' ? target.request : {}), url: 'https://changed.example.test/' }
    const diff = diffCollections(c, edited)
    expect(diff.changed).toHaveLength(1)
    expect(diff.changed[0]!.aspects).toEqual(['url'])
  })
})

const env = (values: unknown[], name = 'E'): EnvironmentBody => ({ name, values }) as EnvironmentBody

describe('diffEnvironments', () => {
  const ENV_CASES: Array<[string, EnvironmentBody, EnvironmentBody, object]> = [
    ['added', env([]), env([{ key: 'a', value: '1' }]), { added: ['a'], removed: [], changed: [] }],
    ['removed', env([{ key: 'a', value: '1' }]), env([]), { added: [], removed: ['a'], changed: [] }],
    ['value changed', env([{ key: 'a', value: '1' }]), env([{ key: 'a', value: '2' }]), { added: [], removed: [], changed: ['a'] }],
    ['type changed', env([{ key: 'a', value: '' }]), env([{ key: 'a', value: '', type: 'secret' }]), { added: [], removed: [], changed: ['a'] }],
    [
      'secret value changed: not a change',
      env([{ key: 's', value: 'x', type: 'secret' }]),
      env([{ key: 's', value: 'y', type: 'secret' }]),
      { added: [], removed: [], changed: [] }
    ],
    [
      'text vs default: not a change',
      env([{ key: 'a', value: '1', type: 'text' }]),
      env([{ key: 'a', value: '1', type: 'default' }]),
      { added: [], removed: [], changed: [] }
    ],
    ['name', env([], 'A'), env([], 'B'), { added: [], removed: [], changed: [], name: true }]
  ]
  it.each(ENV_CASES)('%s', (_why, from, to, expected) => {
    const d = diffEnvironments(from, to)
    expect(d).toEqual(expected)
    expect(isEmptyDiff(d)).toBe(Object.values(expected).every((v) => Array.isArray(v) && v.length === 0))
  })

  it('names keys only', () => {
    const text = JSON.stringify(diffEnvironments(env([{ key: 'a', value: 'OLD-VALUE' }]), env([{ key: 'a', value: 'NEW-VALUE' }])))
    expect(text).not.toMatch(/VALUE/)
  })
})
