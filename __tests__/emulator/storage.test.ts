/**
 * The emulator stores like the Postman API, not as an echo: server ids and timestamps, rewrites on
 * store, the PUT id rules (docs/postman-api.md), async PUT tasks, and edits "made in Postman".
 * Stored bodies are validated against the repository's response schemas (src/postman/schemas/).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { STORED_SCHEMA_URL } from '../../emulator/collection-format.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { call, fixture, manualClock, tinyCollection } from './helpers.js'
import { responseErrors } from '../../src/postman/schemas/index.js'

let emu: Emulator
let clock: ReturnType<typeof manualClock>
beforeEach(async () => {
  clock = manualClock()
  emu = await startEmulator({ clock, asyncTaskMs: 60_000 })
})
afterEach(async () => {
  await emu.close()
})

/** Every folder, request and saved response of a stored item tree. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function elements(items: any[]): any[] {
  return items.flatMap((el) => [el, ...elements(el.item ?? []), ...(el.response ?? [])])
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function create(collection: unknown): Promise<{ id: string; uid: string; body: any }> {
  const res = await call(emu, 'POST', '/collections?workspace=ws-main', { body: { collection } })
  expect(res.status).toBe(200)
  const got = await call(emu, 'GET', `/collections/${res.body.collection.id}`)
  return { ...res.body.collection, body: got.body.collection }
}

describe('store on create', () => {
  it('strips incoming ids and gives every folder, request and response a server id, uid and timestamps', async () => {
    const input = fixture('collection-v2.1.0-httpbin.json')
    const { id, body } = await create(input)
    expect(body.info._postman_id).toBe(id)
    expect(body.info._postman_id).not.toBe(input.info._postman_id)
    const all = elements(body.item)
    expect(all.length).toBeGreaterThan(3)
    const incomingIds = new Set(elements(input.item).map((e) => e.id))
    for (const el of all) {
      expect(el.id).toMatch(/^[0-9a-f-]{36}$/)
      expect(incomingIds.has(el.id)).toBe(false)
      expect(el.uid).toBe(`12345678-${el.id}`)
      expect(el.createdAt).toBe(body.info.createdAt)
      expect(el.updatedAt).toBe(body.info.updatedAt)
    }
    // `noauth` is kept as sent: the Collection Format allows it, though the OpenAPI's enum lacks it (DEVIATIONS.md).
    expect(responseErrors('collection', { collection: body })).toEqual([])
    expect(body.item[3].request.auth.type).toBe('noauth')
  })

  it('decorates info: schema URL, uid, timestamps, lastUpdatedBy; drops export-only keys', async () => {
    const input = tinyCollection('Info')
    input.info._exporter_id = '999'
    input.info._collection_link = 'https://example.postman.co/x'
    input.info.schema = 'https://schema.postman.com/json/collection/v2.1.0/collection.json'
    const { id, uid, body } = await create(input)
    expect(body.info).toEqual({
      _postman_id: id,
      name: 'Info',
      schema: STORED_SCHEMA_URL,
      createdAt: new Date(clock.now()).toISOString(),
      updatedAt: new Date(clock.now()).toISOString(),
      lastUpdatedBy: '12345678',
      uid
    })
  })

  it('reads a url string back as an object, and a script exec string as lines', async () => {
    const input = tinyCollection()
    input.item[1] = {
      name: 'Lookup',
      request: { method: 'GET', url: 'https://{{host}}:8443/users/:id?x=1&flag' },
      event: [{ listen: 'test', script: { exec: "pm.test('a', () => {})\npm.test('b', () => {})" } }]
    }
    const { body } = await create(input)
    const stored = body.item[1]
    expect(stored.request.url).toEqual({
      raw: 'https://{{host}}:8443/users/:id?x=1&flag',
      protocol: 'https',
      host: ['{{host}}'],
      port: '8443',
      path: ['users', ':id'],
      query: [
        { key: 'x', value: '1' },
        { key: 'flag', value: null }
      ],
      variable: [{ key: 'id', value: '' }]
    })
    expect(stored.event[0].script).toEqual({
      exec: ["pm.test('a', () => {})", "pm.test('b', () => {})"],
      type: 'text/javascript',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      packages: {}
    })
    expect(body.item[0].item[0].request.url).toEqual({ raw: '{{baseUrl}}/users', host: ['{{baseUrl}}'], path: ['users'] })
  })

  it('fills saved responses like the getCollection example and turns a bare request string into an object', async () => {
    const input = tinyCollection()
    input.item[1] = {
      name: 'Bare',
      request: 'https://example.com/a',
      response: [{ name: 'ok', code: 200, header: [{ key: 'content-type', value: 'text/html' }], body: '<p>' }]
    }
    const { body } = await create(input)
    expect(body.item[1].request).toEqual({
      method: 'GET',
      header: [],
      url: { raw: 'https://example.com/a', protocol: 'https', host: ['example', 'com'], path: ['a'] }
    })
    expect(body.item[1].response[0]).toMatchObject({
      name: 'ok',
      _postman_previewlanguage: 'html',
      cookie: [],
      responseTime: null,
      uid: expect.stringMatching(/^12345678-/)
    })
  })

  it('stores the nested-entities example as sent, boolean oauth1 values included (the OpenAPI would want strings)', async () => {
    const input = fixture('collection-v2.1.0-nestedEntities.json')
    const { body } = await create(input)
    expect(elements(body.item).every((e) => typeof e.id === 'string')).toBe(true)
    expect(body.item[1].request.auth.oauth1).toEqual(input.item[1].request.auth.oauth1)
    expect(responseErrors('collection', { collection: body })).toEqual([])
  })

  it('stores a real public collection (22 saved responses, depth 4) in a form the response schema accepts', async () => {
    const input = fixture('camunda-cloud-management.postman_collection.json')
    const { body } = await create(input)
    const all = elements(body.item)
    expect(all.filter((e) => e.code !== undefined)).toHaveLength(22)
    expect(all.every((e) => typeof e.id === 'string' && typeof e.uid === 'string')).toBe(true)
    expect(responseErrors('collection', { collection: body })).toEqual([])
  })
})

describe('PUT id rules', () => {
  it('keeps ids of this collection, generates missing ones, deletes absent elements', async () => {
    const { id, body } = await create(tinyCollection())
    const folder = body.item[0]
    const health = body.item[1]
    const next = {
      info: body.info,
      item: [
        { ...folder, name: 'Folder renamed' },
        { name: 'New request', request: { method: 'POST', url: '{{baseUrl}}/users' } }
      ]
    }
    clock.advance(1000)
    const res = await call(emu, 'PUT', `/collections/${id}`, { body: { collection: next } })
    expect(res.status).toBe(200)
    const after = (await call(emu, 'GET', `/collections/${id}`)).body.collection
    expect(after.item[0].id).toBe(folder.id)
    expect(after.item[0].item[0].id).toBe(folder.item[0].id)
    expect(after.item[0].createdAt).toBe(folder.createdAt)
    expect(after.item[0].updatedAt).not.toBe(folder.updatedAt)
    // The unchanged request inside keeps its updatedAt.
    expect(after.item[0].item[0].updatedAt).toBe(folder.item[0].updatedAt)
    expect(after.item[1].id).not.toBe(health.id)
    expect(elements(after.item).map((e) => e.id)).not.toContain(health.id)
  })

  it('refuses ids that belong to another collection with instanceFoundError, and stores nothing', async () => {
    const a = await create(tinyCollection('A'))
    const b = await create(tinyCollection('B'))
    const stolen = { info: { ...b.body.info }, item: [a.body.item[1]] }
    const res = await call(emu, 'PUT', `/collections/${b.id}`, { body: { collection: stolen } })
    expect(res.status).toBe(400)
    expect(res.body.error).toEqual({ name: 'instanceFoundError', message: 'This collection already exists in the database.' })
    expect((await call(emu, 'GET', `/collections/${b.id}`)).body.collection).toEqual(b.body)
  })

  it('refuses info._postman_id of another collection with collectionMismatchError', async () => {
    const a = await create(tinyCollection('A'))
    const b = await create(tinyCollection('B'))
    const res = await call(emu, 'PUT', `/collections/${b.id}`, { body: { collection: { ...tinyCollection(), info: a.body.info } } })
    expect(res.status).toBe(400)
    expect(res.body.error.name).toBe('collectionMismatchError')
  })

  it('answers the documented 400s for a missing wrapper, info or item, and another schema version', async () => {
    const { id } = await create(tinyCollection())
    const noWrapper = await call(emu, 'PUT', `/collections/${id}`, { body: tinyCollection() })
    expect(noWrapper.body.error).toMatchObject({ name: 'paramMissingError', details: { param: ['collection'] } })
    const noInfo = await call(emu, 'PUT', `/collections/${id}`, { body: { collection: { item: [] } } })
    expect(noInfo.body.error.details).toEqual([": must have required property 'info'"])
    const noSchema = await call(emu, 'PUT', `/collections/${id}`, { body: { collection: { info: { name: 'x' }, item: [] } } })
    expect(noSchema.body.error.details).toEqual(["info: must have required property 'schema'"])
    const v1 = await call(emu, 'PUT', `/collections/${id}`, {
      body: { collection: { info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v1.0.0/collection.json' }, item: [] } }
    })
    expect(v1.body.error.name).toBe('malformedRequestError')
  })

  it('moves updatedAt only when something was stored', async () => {
    const { id, body } = await create(tinyCollection())
    clock.advance(5000)
    // The GET body sent back as is: nothing changes.
    await call(emu, 'PUT', `/collections/${id}`, { body: { collection: body } })
    const same = (await call(emu, 'GET', `/collections/${id}`)).body.collection
    expect(same).toEqual(body)
    expect(emu.collections()[0]!.updatedAt).toBe(body.info.updatedAt)
    clock.advance(5000)
    const changed = structuredClone(body)
    changed.item[1].request.method = 'HEAD'
    await call(emu, 'PUT', `/collections/${id}`, { body: { collection: changed } })
    const after = (await call(emu, 'GET', `/collections/${id}`)).body.collection
    expect(after.info.updatedAt).toBe(new Date(clock.now()).toISOString())
    expect(after.item[1].updatedAt).toBe(after.info.updatedAt)
    expect(after.item[0].updatedAt).toBe(body.item[0].updatedAt)
  })
})

describe('async PUT (Prefer: respond-async)', () => {
  const async = { headers: { Prefer: 'respond-async' } }

  it('answers 202 with an in-progress task, applies at the first poll, and 409s a second one meanwhile', async () => {
    const { id } = await create(tinyCollection('Before'))
    const res = await call(emu, 'PUT', `/collections/${id}`, { ...async, body: { collection: tinyCollection('After') } })
    expect(res.status).toBe(202)
    expect(res.body).toEqual({ task: { id: expect.any(String), status: 'in-progress' } })
    expect(responseErrors('taskAccepted', res.body)).toEqual([])
    expect(emu.collections()[0]!.name).toBe('Before')

    const second = await call(emu, 'PUT', `/collections/${id}`, { ...async, body: { collection: tinyCollection('Again') } })
    expect(second.status).toBe(409)
    expect(second.body).toMatchObject({ type: 'https://api.postman.com/problems/conflict', status: 409 })
    expect(second.headers.get('content-type')).toMatch(/application\/problem\+json/)

    const poll = await call(emu, 'GET', `/collection-updates-tasks/${res.body.task.id}`)
    expect(poll.body).toEqual({ id: res.body.task.id, status: 'successful' })
    expect(responseErrors('task', poll.body)).toEqual([])
    expect(emu.collections()[0]!.name).toBe('After')
    const third = await call(emu, 'PUT', `/collections/${id}`, { ...async, body: { collection: tinyCollection('Third') } })
    expect(third.status).toBe(202)
  })

  it('finishes on its own after asyncTaskMs without a poll', async () => {
    const quick = await startEmulator({ asyncTaskMs: 1 })
    try {
      const { id } = quick.seedCollection('ws-main', tinyCollection('Before'))
      const res = await call(quick, 'PUT', `/collections/${id}`, { ...async, body: { collection: tinyCollection('After') } })
      expect(res.status).toBe(202)
      await expect.poll(() => quick.collections()[0]!.name).toBe('After')
    } finally {
      await quick.close()
    }
  })

  it('ends failed under the asyncTaskFails fault, and nothing is applied', async () => {
    emu.setFaults({ asyncTaskFails: true })
    const { id } = await create(tinyCollection('Before'))
    const res = await call(emu, 'PUT', `/collections/${id}`, { ...async, body: { collection: tinyCollection('After') } })
    const poll = await call(emu, 'GET', `/collection-updates-tasks/${res.body.task.id}`)
    expect(poll.body.status).toBe('failed')
    expect(emu.collections()[0]!.name).toBe('Before')
  })
})

describe('edits made in Postman and seeds', () => {
  it('editCollection bumps updatedAt and lastUpdatedBy and gives new elements ids', () => {
    const { id } = emu.seedCollection('ws-main', { collection: tinyCollection('Seeded') })
    const before = emu.collections()[0]
    emu.editCollection(id, (body) => {
      body.item.push({ name: 'Added in Postman', request: { method: 'GET', url: 'https://x.test/y' } })
    })
    const after = emu.collections()[0]
    expect(after!.updatedAt > before!.updatedAt).toBe(true)
    expect(after!.body.info.lastUpdatedBy).toBe('12345678')
    expect(after!.body.item[2]).toMatchObject({ id: expect.any(String), name: 'Added in Postman', request: { url: { raw: 'https://x.test/y' } } })
    expect(after!.body.item[0].id).toBe(before!.body.item[0].id)
  })

  it('editEnvironment bumps updatedAt; an identical PUT does not', async () => {
    const { id } = emu.seedEnvironment('ws-main', { name: 'E', values: [{ key: 'a', value: '1' }] })
    const before = emu.environments()[0]
    await call(emu, 'PUT', `/environments/${id}`, { body: { environment: { name: 'E', values: [{ key: 'a', value: '1' }] } } })
    expect(emu.environments()[0]!.updatedAt).toBe(before!.updatedAt)
    emu.editEnvironment(id, (body) => {
      body.values[0].value = '2'
    })
    const after = emu.environments()[0]
    expect(after!.updatedAt > before!.updatedAt).toBe(true)
    expect(after!.body.values[0].value).toBe('2')
    expect(after!.body.updatedAt).toBe(after!.updatedAt)
  })

  it('helpers throw on unknown ids and workspaces', () => {
    expect(() => emu.editCollection('nope', () => undefined)).toThrow(/no collection/)
    expect(() => emu.seedCollection('nope', tinyCollection())).toThrow(/no workspace/)
  })
})
