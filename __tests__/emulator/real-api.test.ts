/**
 * The behaviours of the real Postman API that its documentation does not describe, each pinned
 * over HTTP with its public source named in the test (docs/postman-api.md lists them all).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { responseErrors } from '../../src/postman/schemas/index.js'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/server.js'
import { call, tinyCollection } from './helpers.js'

let emu: Emulator | undefined
afterEach(async () => {
  await emu?.close()
  emu = undefined
})

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emu = await startEmulator(options)
  return emu
}

/** Every folder, request and saved response of an item tree. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function elements(items: any[]): any[] {
  return items.flatMap((el) => [el, ...elements(el.item ?? []), ...(el.response ?? [])])
}

/** An app export: export-only info keys, scripts without ids, request settings on one request. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function appExport(): any {
  const c = tinyCollection('Exported')
  c.info._exporter_id = '4242'
  c.info._collection_link = 'https://example.postman.co/workspace/x/collection/4242-abc'
  c.event = [{ listen: 'prerequest', script: { type: 'text/javascript', exec: ['// root'] } }]
  c.item[0].item[0].event = [{ listen: 'test', script: { type: 'text/javascript', exec: ['pm.test("ok", () => {})'] } }]
  c.item[0].item[0].response = [{ name: 'ok', code: 200, body: '[]' }]
  c.item[1].protocolProfileBehavior = { strictSSL: false, disabledSystemHeaders: { 'user-agent': true } }
  return c
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function getCollection(e: Emulator, id: string): Promise<any> {
  const res = await call(e, 'GET', `/collections/${id}`)
  expect(res.status).toBe(200)
  expect(responseErrors('collection', res.body)).toEqual([])
  return res.body.collection
}

async function listed(e: Emulator, id: string): Promise<{ updatedAt: string; owner: string; uid: string }> {
  const res = await call(e, 'GET', '/collections?workspace=ws-main')
  expect(responseErrors('collectionList', res.body)).toEqual([])
  return res.body.collections.find((c: { id: string }) => c.id === id)
}

// Fact 1 of docs/postman-api.md: a real GET /collections/{uid} saved in a public repository, next to
// the app's export of the same collection, shows these decorations on every element.
describe('a GET decorates what it returns (real GET response vs app export)', () => {
  it('adds disableBodyPruning to every request, keeping other protocolProfileBehavior keys; folders get none', async () => {
    const e = await start()
    const created = await call(e, 'POST', '/collections?workspace=ws-main', { body: { collection: appExport() } })
    expect(created.body).toEqual({ collection: { id: expect.any(String), name: 'Exported', uid: `12345678-${created.body.collection.id}` } })
    const got = await getCollection(e, created.body.collection.uid)
    expect(got.item[0].item[0].protocolProfileBehavior).toEqual({ disableBodyPruning: true })
    expect(got.item[1].protocolProfileBehavior).toEqual({ disableBodyPruning: true, strictSSL: false, disabledSystemHeaders: { 'user-agent': true } })
    expect(got.item[0]).not.toHaveProperty('protocolProfileBehavior')
  })

  it('gives every item and saved response an id and uid, every script an id and packages, and info its bookkeeping', async () => {
    const e = await start()
    const { id, uid } = e.seedCollection('ws-main', appExport())
    const got = await getCollection(e, id)
    for (const el of elements(got.item)) {
      expect(el.id).toMatch(/^[0-9a-f-]{36}$/)
      expect(el.uid).toBe(`12345678-${el.id}`)
    }
    const scripts = [got.event[0].script, got.item[0].item[0].event[0].script]
    for (const script of scripts) expect(script).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), packages: {} })
    expect(new Set(scripts.map((s) => s.id)).size).toBe(2)
    expect(got.info).toMatchObject({ _postman_id: id, uid, lastUpdatedBy: '12345678', createdAt: expect.any(String), updatedAt: expect.any(String) })
    expect(got.info).not.toHaveProperty('_exporter_id')
    expect(got.info).not.toHaveProperty('_collection_link')
  })

  it('keeps item ids, script ids and an explicit disableBodyPruning sent in a PUT; the export form and the GET form store the same', async () => {
    const e = await start()
    const { id } = e.seedCollection('ws-main', appExport())
    const first = await getCollection(e, id)
    // The GET form sent back: nothing changes, updatedAt stays.
    const roundTrip = await call(e, 'PUT', `/collections/${id}`, { body: { collection: first } })
    expect(roundTrip.status).toBe(200)
    expect(await getCollection(e, id)).toEqual(first)
    // The export form with the GET's item ids (Portman's syncPostmanCollectionIds approach): also unchanged.
    const exported = appExport()
    exported.item[0].id = first.item[0].id
    exported.item[0].item[0].id = first.item[0].item[0].id
    exported.item[0].item[0].response[0].id = first.item[0].item[0].response[0].id
    exported.item[1].id = first.item[1].id
    await call(e, 'PUT', `/collections/${id}`, { body: { collection: exported } })
    expect(await getCollection(e, id)).toEqual(first)
    // An explicit value is the client's and stays.
    exported.item[1].protocolProfileBehavior = { disableBodyPruning: false }
    await call(e, 'PUT', `/collections/${id}`, { body: { collection: exported } })
    const after = await getCollection(e, id)
    expect(after.item[1].protocolProfileBehavior).toEqual({ disableBodyPruning: false })
    expect(after.item[1].id).toBe(first.item[1].id)
  })
})

// postman-app-support #13034: editing a request inside a collection did not move the updatedAt the
// listing returns.
describe('updatedAtOnItemEdit (postman-app-support #13034)', () => {
  async function editItemThenInfo(
    options: EmulatorOptions
  ): Promise<{ before: string; afterItemPut: string[]; afterItemEdit: string[]; editedName: string; afterRename: string[] }> {
    const e = await start(options)
    const { id } = e.seedCollection('ws-main', tinyCollection('Stale'))
    const before = (await listed(e, id)).updatedAt
    const body = await getCollection(e, id)
    body.item[1].request.url = '{{baseUrl}}/health?deep=1'
    await call(e, 'PUT', `/collections/${id}`, { body: { collection: body } })
    const afterItemPut = [(await listed(e, id)).updatedAt, (await getCollection(e, id)).info.updatedAt]
    e.editCollection(id, (b) => void (b.item[0].item[0].name = 'Edited in Postman'))
    const edited = await getCollection(e, id)
    const afterItemEdit = [(await listed(e, id)).updatedAt, edited.info.updatedAt]
    const editedName = edited.item[0].item[0].name as string
    body.info.name = 'Renamed'
    await call(e, 'PUT', `/collections/${id}`, { body: { collection: body } })
    const afterRename = [(await listed(e, id)).updatedAt, (await getCollection(e, id)).info.updatedAt]
    return { before, afterItemPut, afterItemEdit, editedName, afterRename }
  }

  it("'stale': a PUT or an edit in Postman that changes only items leaves updatedAt in the listing and the GET", async () => {
    const seen = await editItemThenInfo({ updatedAtOnItemEdit: 'stale' })
    expect(seen.afterItemPut).toEqual([seen.before, seen.before])
    expect(seen.afterItemEdit).toEqual([seen.before, seen.before])
    expect(seen.editedName).toBe('Edited in Postman')
    // A change of the collection's own fields still moves it.
    expect(seen.afterRename[0]).not.toBe(seen.before)
    expect(seen.afterRename[1]).toBe(seen.afterRename[0])
  })

  it("'moves' (default): every change moves updatedAt", async () => {
    const seen = await editItemThenInfo({})
    expect(seen.afterItemPut[0]).not.toBe(seen.before)
    expect(seen.afterItemPut[1]).toBe(seen.afterItemPut[0])
    expect(seen.afterItemEdit[0]).not.toBe(seen.afterItemPut[0])
    expect(seen.afterRename[0]).not.toBe(seen.afterItemEdit[0])
  })
})

// postman-app-support #13148: PUTs of 10–12 MB collections fail with "Request body size limit
// exceeded" or nginx's HTML 504. The official OpenAPI gives environments 30 MB.
describe('body limits as real PUTs meet them (postman-app-support #13148; OpenAPI 1.45.0 for environments)', () => {
  const sized = (bytes: number): object => {
    const c = tinyCollection('Sized')
    const base = Buffer.byteLength(JSON.stringify({ collection: { ...c, info: { ...c.info, description: '' } } }))
    c.info.description = 'x'.repeat(bytes - base)
    return { collection: c }
  }

  it('refuses a collection body over 10 MB (10^6 bytes) by default with 413 "Request body size limit exceeded"; 10 MB exactly passes', async () => {
    const e = await start()
    const at = sized(10_000_000)
    expect(Buffer.byteLength(JSON.stringify(at))).toBe(10_000_000)
    const ok = await call(e, 'POST', '/collections', { body: at })
    expect(ok.status).toBe(200)
    const over = await call(e, 'PUT', `/collections/${ok.body.collection.id}`, { body: sized(10_000_001) })
    expect(over.status).toBe(413)
    expect(over.body).toMatchObject({ status: 413, detail: 'Request body size limit exceeded' })
    expect(responseErrors('problem', over.body)).toEqual([])
  })

  it('collectionBodyLimitMb sets the limit; collectionBodyLimitAnswer html-504 answers the gateway page instead', async () => {
    const e = await start({ collectionBodyLimitMb: 0.002, collectionBodyLimitAnswer: 'html-504' })
    expect((await call(e, 'POST', '/collections', { body: sized(2000) })).status).toBe(200)
    const over = await call(e, 'POST', '/collections', { body: sized(2001) })
    expect(over.status).toBe(504)
    expect(over.headers.get('content-type')).toMatch(/text\/html/)
    expect(over.text).toContain('504 Gateway Time-out')
    expect(e.collections()).toHaveLength(1)
  })

  it('refuses an environment body over 30 MB (10^6 bytes) with the documented 413', async () => {
    const e = await start()
    const { id } = e.seedEnvironment('ws-main', { name: 'Big', values: [] })
    const body = { environment: { values: [{ key: 'blob', value: 'y'.repeat(30_000_000) }] } }
    const over = await call(e, 'PUT', `/environments/${id}`, { body })
    expect(over.status).toBe(413)
    expect(over.body).toMatchObject({ type: 'https://api.postman.com/problems/payload-too-large', detail: 'Request size limit exceeded' })
  })
})

// postman-app-support #5947 (PUT refused) and #12605 (the app allows a duplicate when at most one is
// enabled, the API still refuses); #9014: at most 500 variables.
describe('duplicate environment keys and the 500-variable limit (postman-app-support #5947, #12605, #9014)', () => {
  const refused = { error: { name: 'invalidParamsError', message: 'The request had invalid parameters', details: { param: 'key' } } }
  const twice = [
    { key: 'host', value: 'a', enabled: true },
    { key: 'host', value: 'b', enabled: false }
  ]

  it('refuses POST, PUT and a PATCH that leave one key twice, even when one is disabled; nothing is stored', async () => {
    const e = await start()
    const post = await call(e, 'POST', '/environments', { body: { environment: { name: 'Dup', values: twice } } })
    expect(post.status).toBe(400)
    expect(post.body).toEqual(refused)
    expect(responseErrors('legacyError', post.body)).toEqual([])
    expect(e.environments()).toEqual([])
    const { id } = e.seedEnvironment('ws-main', { name: 'One', values: [twice[0]] })
    const put = await call(e, 'PUT', `/environments/${id}`, { body: { environment: { values: twice } } })
    expect(put.body).toEqual(refused)
    const patch = await call(e, 'PATCH', `/environments/${id}`, { body: [{ op: 'add', path: '/values/-', value: twice[1] }] })
    expect(patch.status).toBe(400)
    expect(patch.body).toEqual(refused)
    expect(e.environments()[0]!.body.values).toEqual([{ key: 'host', value: 'a', enabled: true, type: 'default' }])
  })

  it("duplicateEnvKeys 'accept' stores both", async () => {
    const e = await start({ duplicateEnvKeys: 'accept' })
    const post = await call(e, 'POST', '/environments', { body: { environment: { name: 'Dup', values: twice } } })
    expect(post.status).toBe(200)
    expect(e.environments()[0]!.body.values.map((v: { key: string }) => v.key)).toEqual(['host', 'host'])
  })

  it('takes 500 variables and refuses 501', async () => {
    const e = await start()
    const values = (n: number): object[] => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: String(i) }))
    expect((await call(e, 'POST', '/environments', { body: { environment: { name: 'Max', values: values(500) } } })).status).toBe(200)
    const over = await call(e, 'POST', '/environments', { body: { environment: { name: 'Over', values: values(501) } } })
    expect(over.status).toBe(400)
    expect(over.body.error).toMatchObject({ name: 'invalidParamsError', details: { param: 'values' } })
  })
})

// OpenAPI 1.45.0, patchEnvironment: a JSON Patch array, one operation type per call, `add`/`remove`
// of `/values/{n}`, `replace` of `/name` or `/values/{n}/{key|value|type|enabled}`, no empty values.
describe('PATCH /environments/{id} as documented (OpenAPI 1.45.0 patchEnvironment)', () => {
  async function seeded(): Promise<{ e: Emulator; id: string }> {
    const e = await start()
    const { id } = e.seedEnvironment('ws-main', {
      name: 'Env',
      values: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' }
      ]
    })
    return { e, id }
  }
  const patch = (e: Emulator, id: string, body: unknown) => call(e, 'PATCH', `/environments/${id}`, { body })

  it('adds at /values/- and /values/{n}, replaces a property, removes a variable; answers the whole environment', async () => {
    const { e, id } = await seeded()
    expect(
      (
        await patch(e, id, [
          { op: 'add', path: '/values/-', value: { key: 'c', value: '3' } },
          { op: 'add', path: '/values/0', value: { key: 'z', value: '0' } }
        ])
      ).status
    ).toBe(200)
    expect((await patch(e, id, [{ op: 'replace', path: '/values/1/value', value: 'one' }])).status).toBe(200)
    const removed = await patch(e, id, [{ op: 'remove', path: '/values/2' }])
    expect(responseErrors('environmentPatch', removed.body)).toEqual([])
    expect(removed.body.environment.values.map((v: { key: string; value: string }) => `${v.key}=${v.value}`)).toEqual(['z=0', 'a=one', 'c=3'])
  })

  it('refuses empty values (as a value or as a variable whose value is empty), mixed operation types and undocumented paths, changing nothing', async () => {
    const { e, id } = await seeded()
    const before = e.environments()[0]!.body
    const cases: Array<[unknown, string]> = [
      [[{ op: 'replace', path: '/values/0/value', value: '' }], 'Patch operations with empty value are not supported'],
      [[{ op: 'add', path: '/values/-', value: { key: 'c', value: '' } }], 'Patch operations with empty value are not supported'],
      [
        [
          { op: 'add', path: '/values/-', value: { key: 'c', value: '3' } },
          { op: 'remove', path: '/values/0' }
        ],
        'You can only perform one type of operation at a time'
      ],
      [[{ op: 'replace', path: '/values/0', value: { key: 'a', value: 'x' } }], 'Invalid path in JSON Patch operation'],
      [[{ op: 'move', from: '/values/0', path: '/values/1' }], 'Invalid path in JSON Patch operation'],
      [[{ op: 'replace', path: '/owner', value: '1' }], 'Invalid path in JSON Patch operation'],
      [[{ op: 'remove', path: '/values/9' }], 'Cannot perform the operation at a path that does not exist']
    ]
    for (const [body, detail] of cases) {
      const res = await patch(e, id, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/)
      expect(res.body).toMatchObject({ type: 'https://api.postman.com/problems/bad-request', detail })
    }
    expect(e.environments()[0]!.body).toEqual(before)
  })
})

// Listings of one workspace carry uids whose owner prefixes differ (docs/postman-api.md, "Listings").
describe('mixed owners in listings', () => {
  it('mixedOwners gives every second created resource another owner; listings, GETs and uids agree', async () => {
    const e = await start({ mixedOwners: true })
    const made = []
    for (const name of ['A', 'B', 'C'])
      made.push((await call(e, 'POST', '/collections?workspace=ws-main', { body: { collection: tinyCollection(name) } })).body.collection)
    expect(made.map((c) => c.uid.split('-')[0])).toEqual(['12345678', '87654321', '12345678'])
    const list = await call(e, 'GET', '/collections?workspace=ws-main')
    expect(list.body.collections.map((c: { owner: string }) => c.owner)).toEqual(['12345678', '87654321', '12345678'])
    const other = await getCollection(e, made[1].uid)
    expect(other.info.uid).toBe(made[1].uid)
    expect(other.item[0].uid.startsWith('87654321-')).toBe(true)
    // The uid built from the user's own id names nothing.
    expect((await call(e, 'GET', `/collections/12345678-${made[1].id}`)).status).toBe(404)
    const env = await call(e, 'POST', '/environments?workspace=ws-main', { body: { environment: { name: 'E', values: [] } } })
    const envs = await call(e, 'GET', '/environments?workspace=ws-main')
    expect(responseErrors('environmentList', envs.body)).toEqual([])
    expect(envs.body.environments[0]).toMatchObject({ uid: env.body.environment.uid, owner: env.body.environment.uid.split('-')[0] })
  })

  it('is off by default: every uid starts with the user id', async () => {
    const e = await start()
    for (const name of ['A', 'B']) e.seedCollection('ws-main', tinyCollection(name))
    const list = await call(e, 'GET', '/collections?workspace=ws-main')
    expect(list.body.collections.map((c: { owner: string }) => c.owner)).toEqual(['12345678', '12345678'])
  })
})

describe('realApi preset', () => {
  it('turns on the stale updatedAt and mixed owners; an explicit option still wins', async () => {
    const e = await start({ realApi: true })
    e.seedCollection('ws-main', tinyCollection('A'))
    const { id } = e.seedCollection('ws-main', tinyCollection('B'))
    expect((await listed(e, id)).owner).toBe('87654321')
    const before = (await listed(e, id)).updatedAt
    e.editCollection(id, (b) => void (b.item[1].name = 'Edited'))
    expect((await listed(e, id)).updatedAt).toBe(before)
    await e.close()
    const moves = await start({ realApi: true, updatedAtOnItemEdit: 'moves', mixedOwners: false })
    const second = moves.seedCollection('ws-main', tinyCollection('B'))
    moves.seedCollection('ws-main', tinyCollection('C'))
    const was = (await listed(moves, second.id)).updatedAt
    moves.editCollection(second.id, (b) => void (b.item[1].name = 'Edited'))
    expect((await listed(moves, second.id)).updatedAt).not.toBe(was)
    expect((await call(moves, 'GET', '/collections')).body.collections.every((c: { owner: string }) => c.owner === '12345678')).toBe(true)
  })
})
