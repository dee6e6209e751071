import { describe, expect, it } from 'vitest'
import { STATE_ENVIRONMENT_NAME } from '../../src/constants.js'
import type { ResourcesMap } from '../../src/model/sync-result.js'
import { foreignIdFound, refersTo, resolveTargets, unclaimed, type Listing } from '../../src/sync/resolve.js'
import { listed, localFile } from './helpers.js'

const WS = 'ws-main'
const listing: Listing = {
  collections: [
    listed('c-orders', 'Orders'),
    listed('c-users', 'Users'),
    listed('c-dup1', 'Twice'),
    listed('c-dup2', 'Twice'),
    listed('c-fork', 'Billing', { fork: { label: 'mine' } })
  ],
  environments: [listed('e-dev', 'Dev'), listed('e-state', STATE_ENVIRONMENT_NAME)]
}
const opts = { createMissing: true, workspace: WS, known: new Set<string>() }

describe('resolveTargets', () => {
  const cases: Array<{
    title: string
    file: ReturnType<typeof localFile>
    map?: ResourcesMap
    createMissing?: boolean
    known?: string[]
    action: string
    by?: string
    target?: string
    foreign?: string
    reason?: RegExp
  }> = [
    {
      title: 'resources.yaml id wins over name',
      file: localFile('collection', 'Users', { path: 'a.json' }),
      map: { collections: { 'a.json': 'c-orders' }, environments: {} },
      action: 'found',
      by: 'resources-file',
      target: 'c-orders'
    },
    {
      title: 'resources.yaml uid form',
      file: localFile('collection', 'X', { path: 'a.json' }),
      map: { collections: { 'a.json': '12345678-c-users' }, environments: {} },
      action: 'found',
      by: 'resources-file',
      target: 'c-users'
    },
    {
      title: 'resources.yaml id not in the workspace is an error, never a create',
      file: localFile('collection', 'New', { path: 'a.json' }),
      map: { collections: { 'a.json': 'c-gone' }, environments: {} },
      action: 'error',
      reason: /not in workspace ws-main .* not created in its place/
    },
    {
      title: 'resources.yaml id not in the workspace, a unique name: adopted by name, the mapped id checked elsewhere',
      file: localFile('collection', 'Orders', { path: 'a.json' }),
      map: { collections: { 'a.json': '00000000-0000-4000-8000-000000000001' }, environments: {} },
      action: 'found',
      by: 'name',
      target: 'c-orders',
      foreign: '00000000-0000-4000-8000-000000000001'
    },
    { title: 'file id inside the workspace', file: localFile('collection', 'Renamed', { localId: 'c-users' }), action: 'found', by: 'id', target: 'c-users' },
    { title: 'file id as uid', file: localFile('collection', 'Renamed', { localId: '12345678-c-users' }), action: 'found', by: 'id', target: 'c-users' },
    {
      title: 're-exported file (fresh id) by unique name, first adoption checks the id',
      file: localFile('collection', 'Orders', { localId: 'fresh' }),
      action: 'found',
      by: 'name',
      target: 'c-orders',
      foreign: 'fresh'
    },
    {
      title: 'by name, already in the state: no foreign check',
      file: localFile('collection', 'Orders', { localId: 'fresh' }),
      known: ['collection:12345678-c-orders'],
      action: 'found',
      by: 'name',
      target: 'c-orders'
    },
    { title: 'by name without a file id: nothing to check', file: localFile('collection', 'Orders'), action: 'found', by: 'name', target: 'c-orders' },
    { title: 'name matching several is an error', file: localFile('collection', 'Twice'), action: 'error', reason: /2 collections .* named 'Twice'/ },
    {
      title: 'forks are never matched by name',
      file: localFile('collection', 'Billing', { localId: 'c-new' }),
      action: 'create',
      by: 'create',
      foreign: 'c-new'
    },
    { title: 'a fork matched by its id is fine', file: localFile('collection', 'Billing', { localId: 'c-fork' }), action: 'found', by: 'id', target: 'c-fork' },
    { title: 'no match: create', file: localFile('collection', 'New'), action: 'create', by: 'create' },
    {
      title: 'no match, create-missing false: skip',
      file: localFile('collection', 'New'),
      createMissing: false,
      action: 'skip',
      reason: /create-missing is false/
    },
    { title: 'environment by name', file: localFile('environment', 'Dev'), action: 'found', by: 'name', target: 'e-dev' },
    { title: 'the state environment is never a target', file: localFile('environment', STATE_ENVIRONMENT_NAME), action: 'error', reason: /keeps its state/ },
    {
      title: 'a file id naming the state environment does not match it',
      file: localFile('environment', 'Other', { localId: 'e-state' }),
      action: 'create',
      foreign: 'e-state'
    },
    {
      title: 'collection ids are not looked up among environments',
      file: localFile('environment', 'Staging', { localId: 'c-orders' }),
      action: 'create',
      foreign: 'c-orders'
    }
  ]
  it.each(cases)('$title', (c) => {
    const [r] = resolveTargets([c.file], c.map, listing, { ...opts, createMissing: c.createMissing ?? true, known: new Set(c.known ?? []) })
    expect(r!.action).toBe(c.action)
    if (c.by) expect(r!.resolvedBy).toBe(c.by)
    expect(r!.target?.id).toBe(c.target)
    expect(r!.checkForeignId).toBe(c.foreign)
    if (c.reason) expect(r!.reason).toMatch(c.reason)
  })

  it('two files on one target are errors for both, and other files are untouched', () => {
    const files = [
      localFile('collection', 'Orders', { path: 'a.json' }),
      localFile('collection', 'Other', { path: 'b.json', localId: 'c-orders' }),
      localFile('collection', 'Users')
    ]
    const out = resolveTargets(files, undefined, listing, opts)
    expect(out.map((r) => r.action)).toEqual(['error', 'error', 'found'])
    expect(out[0]!.reason).toContain('b.json')
    expect(out[1]!.reason).toContain('a.json')
  })

  it('two files creating one name are errors, not two creates', () => {
    const out = resolveTargets(
      [localFile('collection', 'New', { path: 'a.json' }), localFile('collection', 'New', { path: 'b.json' })],
      undefined,
      listing,
      opts
    )
    expect(out.map((r) => r.action)).toEqual(['error', 'error'])
  })

  it('a collection and an environment with one name are different targets', () => {
    const out = resolveTargets([localFile('collection', 'Dev'), localFile('environment', 'Dev')], undefined, listing, opts)
    expect(out.map((r) => r.action)).toEqual(['create', 'found'])
  })
})

describe('resolveTargets: the resource last written from the same path', () => {
  const lastWritten = new Map([['collection:postman/orders.json', '12345678-c-orders']])
  const resolve = (file: ReturnType<typeof localFile>, map?: ResourcesMap) =>
    resolveTargets([file], map, listing, { ...opts, known: new Set(['collection:12345678-c-orders']), lastWritten })[0]

  it('a file renamed in the repository (or its collection renamed in Postman) keeps its target: no second create', () => {
    const r = resolve(localFile('collection', 'Orders Service', { path: 'postman/orders.json', localId: 'exporter-id' }))
    expect(r).toMatchObject({ action: 'found', resolvedBy: 'state', target: { id: 'c-orders' } })
    expect(r!.checkForeignId).toBeUndefined()
  })

  it('resources.yaml and an id inside the workspace still come first', () => {
    expect(
      resolve(localFile('collection', 'Orders', { path: 'postman/orders.json' }), { collections: { 'postman/orders.json': 'c-users' }, environments: {} })
    ).toMatchObject({ resolvedBy: 'resources-file', target: { id: 'c-users' } })
    expect(resolve(localFile('collection', 'Orders', { path: 'postman/orders.json', localId: 'c-users' }))).toMatchObject({
      resolvedBy: 'id',
      target: { id: 'c-users' }
    })
  })

  it('a remembered target that is gone, another path, or another kind falls back to the name', () => {
    const gone = resolveTargets([localFile('collection', 'Users', { path: 'postman/orders.json' })], undefined, listing, {
      ...opts,
      lastWritten: new Map([['collection:postman/orders.json', '12345678-c-deleted']])
    })[0]
    expect(gone).toMatchObject({ resolvedBy: 'name', target: { id: 'c-users' } })
    expect(resolve(localFile('collection', 'Users', { path: 'postman/other.json' }))).toMatchObject({ resolvedBy: 'name', target: { id: 'c-users' } })
    expect(resolve(localFile('environment', 'Dev', { path: 'postman/orders.json' }))).toMatchObject({ resolvedBy: 'name', target: { id: 'e-dev' } })
  })
})

describe('foreignIdFound', () => {
  it('an id found elsewhere turns a create into an error naming the id', () => {
    const [r] = resolveTargets([localFile('collection', 'New', { localId: 'c-else' })], undefined, listing, opts)
    const out = foreignIdFound(r!, WS, { name: 'New' })
    expect(out.action).toBe('error')
    expect(out.reason).toMatch(/c-else .*outside workspace ws-main/)
    expect(out.checkForeignId).toBeUndefined()
  })
  it('an id found nowhere leaves the resolution as it was', () => {
    const [r] = resolveTargets([localFile('collection', 'Orders', { localId: 'fresh' })], undefined, listing, opts)
    const out = foreignIdFound(r!, WS, undefined)
    expect(out).toMatchObject({ action: 'found', resolvedBy: 'name' })
    expect(out.target?.id).toBe('c-orders')
  })
})

describe('unclaimed', () => {
  it('lists what no file claims, without the state environment', () => {
    const resolved = resolveTargets([localFile('collection', 'Orders'), localFile('environment', 'Dev')], undefined, listing, opts)
    expect(unclaimed(listing, resolved).map((u) => `${u.kind}:${u.name}`)).toEqual([
      'collection:Users',
      'collection:Twice',
      'collection:Twice',
      'collection:Billing'
    ])
  })
})

describe('refersTo', () => {
  it.each([
    ['c-orders', true],
    ['12345678-c-orders', true],
    ['99999999-c-orders', true],
    ['orders', false],
    ['c-order', false]
  ])('%s → %s', (ref, expected) => {
    expect(refersTo(listed('c-orders', 'Orders'), ref)).toBe(expected)
  })
})

describe('resolveTargets: a resources.yaml id the workspace does not hold', () => {
  const map = (id: string, line = 7): ResourcesMap => ({ collections: { 'postman/x': id }, environments: {}, lines: { 'collection:postman/x': line } })

  it('is an error at its resources.yaml line when the file would be created, never a create', () => {
    const [r] = resolveTargets([localFile('collection', 'Fresh', { path: 'postman/x' })], map('65f1c2d3e4f5a6b7c8d9e0f1', 12), listing, opts)
    expect(r).toMatchObject({ action: 'error', at: { file: '.postman/resources.yaml', line: 12 } })
    expect(r!.reason).toMatch(/maps postman\/x to collection 65f1c2d3e4f5a6b7c8d9e0f1, which is not in workspace ws-main/)
    expect(r!.checkForeignId).toBeUndefined()
  })

  it('found by the file id: the target stands, and a warning at the line says the mapping is out of date', () => {
    const [r] = resolveTargets([localFile('collection', 'Renamed', { path: 'postman/x', localId: 'c-users' })], map('c-gone'), listing, opts)
    expect(r).toMatchObject({ action: 'found', resolvedBy: 'id', target: { id: 'c-users' } })
    expect(r!.at).toBeUndefined()
    expect(r!.note).toMatchObject({ level: 'warning', file: '.postman/resources.yaml', line: 7, title: 'Mapped id not in the workspace' })
    expect(r!.note!.message).toContain('12345678-c-users')
  })

  it('a first adoption by name checks the mapped id in other workspaces; found there, it is an error at the mapping', () => {
    const id = '00000000-0000-4000-8000-000000000001'
    const [r] = resolveTargets([localFile('collection', 'Orders', { path: 'postman/x', localId: 'exporter-id' })], map(id), listing, opts)
    expect(r).toMatchObject({ action: 'found', resolvedBy: 'name', checkForeignId: id, foreignIdFrom: 'resources-file' })
    const failed = foreignIdFound(r!, WS, { name: 'Orders' })
    expect(failed).toMatchObject({ action: 'error', at: { file: '.postman/resources.yaml', line: 7 } })
    expect(failed.reason).toMatch(
      /The id 0{8}-.* that \.postman\/resources\.yaml maps the file to belongs to a collection \('Orders'\) outside workspace ws-main/
    )
    const notFound = foreignIdFound(r!, WS, undefined)
    expect(notFound).toMatchObject({ action: 'found', target: { id: 'c-orders' } })
    expect(notFound.at).toBeUndefined()
  })

  it('with create-missing false it is a skip that names the mapping', () => {
    const [r] = resolveTargets([localFile('collection', 'Fresh', { path: 'postman/x' })], map('c-gone'), listing, { ...opts, createMissing: false })
    expect(r).toMatchObject({ action: 'skip' })
    expect(r!.reason).toMatch(/maps postman\/x to collection c-gone.*create-missing is false/)
  })
})
