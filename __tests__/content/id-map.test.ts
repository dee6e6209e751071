import { describe, expect, it } from 'vitest'
import type { CollectionBody } from '../../src/postman/api.js'
import { mapItemIds } from '../../src/content/id-map.js'
import { collectionsEqual } from '../../src/content/normalize.js'
import { clone, col, folder, req } from './helpers.js'

type Rec = Record<string, unknown>

/** The remote copy: server ids on every folder, request and saved response. */
const remote = (): CollectionBody =>
  col(
    [
      folder(
        'Users',
        [
          {
            ...req(
              'List users',
              'GET',
              {},
              {
                response: [
                  { id: 'r-ok', uid: '1-r-ok', name: 'OK', code: 200 },
                  { id: 'r-err', name: 'Error', code: 500 }
                ]
              }
            ),
            id: 'i-list',
            uid: '1-i-list',
            createdAt: 't',
            updatedAt: 't'
          },
          { ...req('Create user', 'POST'), id: 'i-create' },
          { ...folder('Admin', [{ ...req('Ban user', 'POST'), id: 'i-ban' }]), id: 'f-admin' }
        ],
        { id: 'f-users' }
      ),
      { ...req('Health'), id: 'i-health' }
    ],
    {},
    { _postman_id: 'target', uid: '1-target', createdAt: 't', updatedAt: 't', lastUpdatedBy: '1' }
  )

/** The committed file: same content, exporter ids of its own (possibly another collection's). */
const local = (): CollectionBody =>
  col(
    [
      folder(
        'Users',
        [
          {
            ...req(
              'List users',
              'GET',
              {},
              {
                response: [
                  { id: 'exp-r1', name: 'OK', code: 200 },
                  { name: 'Error', code: 500 }
                ]
              }
            ),
            id: 'exp-1'
          },
          { ...req('Create user', 'POST'), id: 'exp-2', _postman_id: 'exp-legacy' },
          { ...folder('Admin', [{ ...req('Ban user', 'POST'), id: 'exp-3' }]), id: 'exp-f2' }
        ],
        { id: 'exp-f1' }
      ),
      { ...req('Health'), id: 'exp-4' }
    ],
    { event: [{ id: 'exp-ev', listen: 'test', script: { id: 'exp-script', exec: ['x'] } }] },
    { _postman_id: 'exported-elsewhere', _exporter_id: '99', _collection_link: 'https://go.postman.co/x' }
  )

/** `name → id` over the whole tree, responses as `request>response`. */
function idsByPath(items: unknown[], prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const el of items as Rec[]) {
    const path = `${prefix}${String(el.name)}`
    out[path] = el.id
    if (Array.isArray(el.item)) Object.assign(out, idsByPath(el.item, `${path}/`))
    for (const r of (el.response as Rec[] | undefined) ?? []) out[`${path}>${String(r.name)}`] = r.id
  }
  return out
}

const ALL_MAPPED = {
  Users: 'f-users',
  'Users/List users': 'i-list',
  'Users/List users>OK': 'r-ok',
  'Users/List users>Error': 'r-err',
  'Users/Create user': 'i-create',
  'Users/Admin': 'f-admin',
  'Users/Admin/Ban user': 'i-ban',
  Health: 'i-health'
}

const users = (c: CollectionBody): Rec[] => (c.item[0] as Rec).item as Rec[]

const CASES: Array<[string, (c: CollectionBody) => void, Record<string, unknown>]> = [
  ['same structure: every remote id, folders and responses too', () => {}, ALL_MAPPED],
  ['reordered: ids kept', (c) => void (users(c).reverse(), c.item.reverse()), ALL_MAPPED],
  [
    'renamed request (same method and URL, same folder): keeps its id',
    (c) => void (users(c)[1]!.name = 'Add user'),
    { ...ALL_MAPPED, 'Users/Create user': undefined, 'Users/Add user': ALL_MAPPED['Users/Create user'] }
  ],
  [
    'renamed request with a new URL: new id',
    (c) => {
      users(c)[1]!.name = 'Add user'
      ;(users(c)[1]!.request as Rec).url = 'https://api.example.com/v2/people'
    },
    { ...ALL_MAPPED, 'Users/Create user': undefined, 'Users/Add user': undefined }
  ],
  [
    'moved to another folder: new id',
    (c) => {
      const [moved] = users(c).splice(1, 1)
      ;(users(c)[1]!.item as Rec[]).push(moved!)
    },
    { ...ALL_MAPPED, 'Users/Create user': undefined, 'Users/Admin/Create user': undefined }
  ],
  [
    'renamed folder: the folder and everything in it get new ids',
    (c) => void ((c.item[0] as Rec).name = 'People'),
    {
      People: undefined,
      'People/List users': undefined,
      'People/List users>OK': undefined,
      'People/List users>Error': undefined,
      'People/Create user': undefined,
      'People/Admin': undefined,
      'People/Admin/Ban user': undefined,
      Health: 'i-health'
    }
  ],
  ['method changed, name unique: id kept (an update of that request)', (c) => void ((users(c)[1]!.request as Rec).method = 'PUT'), ALL_MAPPED],
  [
    'renamed saved response: new id',
    (c) => void ((users(c)[0]!.response as Rec[])[1]!.name = 'Server error'),
    { ...ALL_MAPPED, 'Users/List users>Error': undefined, 'Users/List users>Server error': undefined }
  ],
  ['new request: no id', (c) => void users(c).push({ ...req('Delete user', 'DELETE'), id: 'exp-9' }), { ...ALL_MAPPED, 'Users/Delete user': undefined }]
]

describe('mapItemIds', () => {
  it.each(CASES)('%s', (_why, edit, expected) => {
    const l = local()
    edit(l)
    const body = mapItemIds(l, remote(), 'target')
    expect(idsByPath(body.item)).toEqual(expected)
  })

  it('never sends an id the target did not return', () => {
    const body = mapItemIds(local(), remote(), 'target')
    const text = JSON.stringify(body)
    expect(text).not.toMatch(/exp-|exported-elsewhere/)
  })

  it('sets info._postman_id to the target and removes bookkeeping', () => {
    const body = mapItemIds(local(), remote(), 'target')
    expect(body.info).toEqual({ name: 'C', schema: local().info.schema, _postman_id: 'target' })
    const list = users(body)[0]!
    expect(Object.keys(list)).not.toContain('uid')
  })

  it('strips every id for a create', () => {
    const body = mapItemIds(local(), undefined, undefined)
    expect(Object.values(idsByPath(body.item)).every((id) => id === undefined)).toBe(true)
    expect(body.info._postman_id).toBeUndefined()
  })

  it('keeps the content and does not modify its input', () => {
    const l = local()
    const before = clone(l)
    const body = mapItemIds(l, remote(), 'target')
    expect(l).toEqual(before)
    expect(collectionsEqual(body, l)).toBe(true)
  })

  it('pairs duplicate names by method, then order', () => {
    const r = col([
      { ...req('Item', 'POST'), id: 'post-1' },
      { ...req('Item', 'GET'), id: 'get-1' },
      { ...req('Item', 'POST'), id: 'post-2' }
    ])
    const l = col([req('Item', 'GET'), req('Item', 'POST'), req('Item', 'POST'), req('Item', 'POST')])
    const ids = mapItemIds(l, r, 'x').item.map((i) => (i as Rec).id)
    expect(ids).toEqual(['get-1', 'post-1', 'post-2', undefined])
  })

  it('never gives a folder a request id, or the reverse', () => {
    const r = col([{ ...req('Thing'), id: 'req-id' }])
    const l = col([folder('Thing', [])])
    expect((mapItemIds(l, r, 'x').item[0] as Rec).id).toBeUndefined()
  })

  it('converts a v2.0.0 file before mapping', () => {
    const v20 = {
      info: { name: 'v2', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' },
      item: [{ name: 'a', request: { url: 'https://x.test/a', method: 'GET' } }]
    }
    const body = mapItemIds(v20, col([{ ...req('a'), id: 'remote-a' }]), 'x')
    expect(body.info.schema).toContain('v2.1.0')
    expect((body.item[0] as Rec).id).toBe('remote-a')
  })
})
