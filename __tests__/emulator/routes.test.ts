/**
 * Every route of the emulator over real HTTP, with each answer validated against the repository's
 * response schemas (src/postman/schemas/, written from docs/postman-api.md): a success against its
 * kind, an error against the family its Content-Type names. Deliberate deviations from the
 * official description are in emulator/DEVIATIONS.md and asserted here as such.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { call, KEY, tinyCollection } from './helpers.js'
import { responseErrors, type ResponseKind } from '../../src/postman/schemas/index.js'

let emu: Emulator
beforeEach(async () => {
  emu = await startEmulator()
})
afterEach(async () => {
  await emu.close()
})

/**
 * Calls and checks the answer: a 2xx against the schema of `kind`, an error against its family
 * (problem details when the Content-Type says `application/problem+json`, the legacy envelope otherwise).
 */
async function documented(method: string, path: string, kind: ResponseKind, opts: Parameters<typeof call>[3] = {}) {
  const answer = await call(emu, method, path, opts)
  const problem = /application\/problem\+json/.test(answer.headers.get('content-type') ?? '')
  const schema: ResponseKind = answer.status < 300 ? kind : problem ? 'problem' : 'legacyError'
  expect(responseErrors(schema, answer.body), `${method} ${path} → ${answer.status} (${schema})`).toEqual([])
  return answer
}

describe('authentication', () => {
  // Real answers (docs/postman-api.md, "Errors"): a missing key gets the same 401 as a wrong one,
  // in the legacy JSON family, whatever family the route uses for other errors.
  it('answers the same 401 AuthenticationError JSON without a key and with a wrong one', async () => {
    const real = { error: { name: 'AuthenticationError', message: 'Invalid API Key. Every request requires a valid API Key to be sent.' } }
    const missing = await documented('GET', '/me', 'me', { key: null })
    expect(missing.status).toBe(401)
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/)
    expect(missing.body).toEqual(real)
    const wrong = await documented('GET', '/me', 'me', { key: 'PMAK-wrong' })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toEqual(real)
    expect(emu.log.map((l) => [l.status, l.apiKeyPresent])).toEqual([
      [401, false],
      [401, true]
    ])
  })

  it('matches the header name case-insensitively', async () => {
    const res = await fetch(`${emu.url}/me`, { headers: { 'x-api-key': KEY } })
    expect(res.status).toBe(200)
    const upper = await fetch(`${emu.url}/me`, { headers: { 'X-API-KEY': KEY } })
    expect(upper.status).toBe(200)
  })

  it('accepts ?apikey= but logs it as a key in the query, never the key itself', async () => {
    const res = await call(emu, 'GET', `/me?apikey=${KEY}`, { key: null })
    expect(res.status).toBe(200)
    expect(emu.log[0]).toMatchObject({ apiKeyPresent: true, apiKeyInQuery: true, query: {} })
    expect(JSON.stringify(emu.log)).not.toContain(KEY)
  })

  it('lets the header win over the query', async () => {
    const res = await call(emu, 'GET', '/me?apikey=PMAK-wrong')
    expect(res.status).toBe(200)
  })
})

describe('user and workspaces', () => {
  it('GET /me reports the monthly usage in operations[api_usage]', async () => {
    await call(emu, 'GET', '/workspaces')
    const me = await documented('GET', '/me', 'me')
    expect(me.status).toBe(200)
    expect(me.body.user.id).toBe(12345678)
    expect(me.body.operations.find((o: { name: string }) => o.name === 'api_usage')).toEqual({
      name: 'api_usage',
      limit: 1_000_000,
      usage: 2,
      overage: 0
    })
  })

  it('GET /workspaces lists both default workspaces and filters by type', async () => {
    const all = await documented('GET', '/workspaces', 'workspaceList')
    expect(all.body.workspaces.map((w: { id: string }) => w.id)).toEqual(['ws-main', 'ws-other'])
    const team = await call(emu, 'GET', '/workspaces?type=team')
    expect(team.body.workspaces.map((w: { id: string }) => w.id)).toEqual(['ws-other'])
    const tooMany = await documented('GET', '/workspaces?limit=101', 'workspaceList')
    expect(tooMany.status).toBe(400)
  })

  it('GET /workspaces/{id} lists its collections and environments as {id,name,uid}', async () => {
    const c = emu.seedCollection('ws-main', tinyCollection('In main'))
    emu.seedCollection('ws-other', tinyCollection('In other'))
    const e = emu.seedEnvironment('ws-main', { name: 'Env', values: [] })
    const ws = await documented('GET', '/workspaces/ws-main', 'workspace')
    expect(ws.body.workspace.collections).toEqual([{ id: c.id, name: 'In main', uid: c.uid }])
    expect(ws.body.workspace.environments).toEqual([{ id: e.id, name: 'Env', uid: e.uid }])
  })

  it('GET /workspaces/{id} of an unknown workspace is 404 workspaceNotFoundError', async () => {
    const res = await documented('GET', '/workspaces/nope', 'workspace')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { name: 'workspaceNotFoundError', message: 'Workspace not found' }, statusCode: 404 })
  })
})

describe('collections', () => {
  it('POST creates in the given workspace and answers 200 {collection:{id,name,uid}}', async () => {
    const res = await documented('POST', '/collections?workspace=ws-other', 'collectionWrite', { body: { collection: tinyCollection('Made') } })
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.collection).sort()).toEqual(['id', 'name', 'uid'])
    expect(res.body.collection.uid).toBe(`12345678-${res.body.collection.id}`)
    expect(emu.collections('ws-other').map((c) => c.name)).toEqual(['Made'])
  })

  it('POST without ?workspace= lands in the oldest workspace', async () => {
    await call(emu, 'POST', '/collections', { body: { collection: tinyCollection('Nowhere') } })
    expect(emu.collections('ws-main').map((c) => c.name)).toEqual(['Nowhere'])
  })

  it('POST refuses a body without the collection wrapper, without item, or of another schema version', async () => {
    const noWrapper = await documented('POST', '/collections', 'collectionWrite', { body: tinyCollection() })
    expect(noWrapper.status).toBe(400)
    expect(noWrapper.body.error).toMatchObject({ name: 'paramMissingError', details: { param: ['collection'] } })
    const { item: _item, ...noItem } = tinyCollection()
    const res = await call(emu, 'POST', '/collections', { body: { collection: noItem } })
    expect(res.body.error).toEqual({
      name: 'malformedRequestError',
      message: 'Found 1 errors with the supplied collection.',
      details: [": must have required property 'item'"]
    })
    const v2 = tinyCollection()
    v2.info.schema = 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json'
    const old = await call(emu, 'POST', '/collections', { body: { collection: v2 } })
    expect(old.status).toBe(400)
    expect(old.body.error.name).toBe('malformedRequestError')
    expect(emu.collections()).toEqual([])
  })

  it('GET /collections filters by workspace and exact name; an unknown workspace is an empty 200', async () => {
    emu.seedCollection('ws-main', tinyCollection('Alpha'))
    emu.seedCollection('ws-main', tinyCollection('Alpha beta'))
    emu.seedCollection('ws-other', tinyCollection('Alpha'))
    const main = await documented('GET', '/collections?workspace=ws-main', 'collectionList')
    expect(main.body.collections.map((c: { name: string }) => c.name).sort()).toEqual(['Alpha', 'Alpha beta'])
    const named = await call(emu, 'GET', '/collections?workspace=ws-main&name=Alpha')
    expect(named.body.collections.map((c: { name: string }) => c.name)).toEqual(['Alpha'])
    const unknown = await documented('GET', '/collections?workspace=nope', 'collectionList')
    expect(unknown).toMatchObject({ status: 200, body: { collections: [] } })
  })

  it('GET /collections marks forks and paginates with meta', async () => {
    emu.seedCollection('ws-main', tinyCollection('Original'))
    emu.seedCollection('ws-main', tinyCollection('Original'), { fork: true })
    const res = await documented('GET', '/collections?workspace=ws-main&limit=1&offset=1', 'collectionList')
    expect(res.body.meta).toEqual({ total: 2, offset: 1, limit: 1 })
    expect(res.body.collections).toHaveLength(1)
    const all = await call(emu, 'GET', '/collections?workspace=ws-main')
    const forks = all.body.collections.filter((c: { fork?: unknown }) => c.fork)
    expect(forks).toHaveLength(1)
    expect(forks[0].fork).toMatchObject({ label: expect.any(String), from: expect.stringMatching(/^12345678-/) })
  })

  it('GET /collections/{id|uid} returns the stored body; model=minimal lists root uids', async () => {
    const { id, uid } = emu.seedCollection('ws-main', tinyCollection('Get me'))
    const byId = await documented('GET', `/collections/${id}`, 'collection')
    const byUid = await call(emu, 'GET', `/collections/${uid}`)
    expect(byUid.body).toEqual(byId.body)
    expect(byId.body.collection.info).toMatchObject({ _postman_id: id, uid, name: 'Get me' })
    const min = await call(emu, 'GET', `/collections/${id}?model=minimal`)
    expect(min.body.collection.rootLevelFolders).toEqual([byId.body.collection.item[0].uid])
    expect(min.body.collection.rootLevelRequests).toEqual([byId.body.collection.item[1].uid])
  })

  it('GET of an unknown collection is 404 instanceNotFoundError (the description files it under 400)', async () => {
    const res = await call(emu, 'GET', '/collections/nope')
    expect(res.status).toBe(404)
    expect(res.body.error).toEqual({
      name: 'instanceNotFoundError',
      message: 'We could not find the collection you are looking for',
      details: { item: 'collection', id: 'nope' }
    })
    // Deviation: the body is the documented 400 body, only the status differs.
    expect(responseErrors('legacyError', res.body)).toEqual([])
  })

  it('PUT replaces and answers {collection:{id,name,uid}}; PUT of an unknown id is 404', async () => {
    const { id, uid } = emu.seedCollection('ws-main', tinyCollection('Before'))
    const res = await documented('PUT', `/collections/${uid}`, 'collectionWrite', { body: { collection: tinyCollection('After') } })
    expect(res.body.collection).toEqual({ id, name: 'After', uid })
    expect(emu.collections()[0]!.name).toBe('After')
    const missing = await documented('PUT', '/collections/nope', 'collectionWrite', { body: { collection: tinyCollection() } })
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toBe('The specified item does not exist.')
  })

  it('PATCH renames without touching items', async () => {
    const { id } = emu.seedCollection('ws-main', tinyCollection('Old name'))
    const items = emu.collections()[0]!.body.item
    const res = await documented('PATCH', `/collections/${id}`, 'collectionPatch', {
      body: { collection: { info: { name: 'New name', description: 'Described' } } }
    })
    expect(res.body.collection).toEqual({ id, name: 'New name', description: 'Described' })
    expect(emu.collections()[0]!.body.item).toEqual(items)
    const empty = await documented('PATCH', `/collections/${id}`, 'collectionPatch', { body: { collection: {} } })
    expect(empty.status).toBe(400)
    expect(empty.body.error.name).toBe('paramMissingError')
  })

  it('DELETE answers {collection:{id,uid}}, then 404', async () => {
    const { id, uid } = emu.seedCollection('ws-main', tinyCollection())
    const res = await documented('DELETE', `/collections/${id}`, 'collectionDelete')
    expect(res.body).toEqual({ collection: { id, uid } })
    expect(emu.collections()).toEqual([])
    const again = await documented('DELETE', `/collections/${id}`, 'collectionDelete')
    expect(again.status).toBe(404)
  })
})

describe('environments', () => {
  const values = [
    { key: 'baseUrl', value: 'http://127.0.0.1:3000', type: 'default', enabled: true },
    { key: 'token', value: '', type: 'secret', enabled: true },
    { key: 'legacy', value: 'x', type: 'text', enabled: true },
    {
      key: 'vaulted',
      value: '',
      type: 'default',
      enabled: true,
      secret: true,
      source: {
        provider: 'postman',
        postman: { type: 'cloud', secretId: 'b5f0e9a1-0000-4000-8000-000000000001', vaultId: 'b5f0e9a1-0000-4000-8000-000000000002' }
      }
    }
  ]

  it('POST creates; GET returns values as stored and no uid; the list shows it', async () => {
    const current = values.filter((v) => v.type !== 'text')
    const created = await documented('POST', '/environments?workspace=ws-main', 'environmentWrite', { body: { environment: { name: 'Dev', values: current } } })
    const { id, uid } = created.body.environment
    expect(uid).toBe(`12345678-${id}`)
    const got = await documented('GET', `/environments/${uid}`, 'environment')
    expect(got.body.environment).toMatchObject({ id, name: 'Dev', owner: '12345678', isPublic: false, values: current })
    expect(got.body.environment).not.toHaveProperty('uid')
    const list = await documented('GET', '/environments?workspace=ws-main', 'environmentList')
    expect(list.body.environments.map((e: { uid: string }) => e.uid)).toEqual([uid])
    const unknown = await call(emu, 'GET', '/environments?workspace=nope')
    expect(unknown).toMatchObject({ status: 200, body: { environments: [] } })
  })

  it('stores the legacy type "text" as given (a documented deviation: the 1.45.0 enum is default|secret), and the schema accepts it', async () => {
    const { id } = emu.seedEnvironment('ws-main', { name: 'Old export', values })
    const got = await call(emu, 'GET', `/environments/${id}`)
    expect(got.body.environment.values[2]).toEqual({ key: 'legacy', value: 'x', type: 'text', enabled: true })
    // Real GETs have returned `text` (the 1.20.0 description's example), so the client must accept it.
    expect(responseErrors('environment', got.body)).toEqual([])
  })

  it('POST without a name, or with a null value, is 400 malformedRequestError', async () => {
    const noName = await documented('POST', '/environments', 'environmentWrite', { body: { environment: { values: [] } } })
    expect(noName.body.error).toEqual({
      name: 'malformedRequestError',
      message: 'Found 1 errors with the supplied environment.',
      details: ["environment: must have required property 'name'"]
    })
    const nullValue = await documented('POST', '/environments', 'environmentWrite', {
      body: { environment: { name: 'X', values: [{ key: 'a', value: null }] } }
    })
    expect(nullValue.body.error).toEqual({
      name: 'malformedRequestError',
      message: 'Invalid type: null (expected object) at environment.values.0'
    })
    expect(emu.environments()).toEqual([])
  })

  it('PUT replaces the values (name optional) and answers {environment:{id,name,uid}}', async () => {
    const { id, uid } = emu.seedEnvironment('ws-main', { name: 'Dev', values })
    const res = await documented('PUT', `/environments/${id}`, 'environmentWrite', {
      body: { environment: { values: [{ key: 'only', value: '1' }] } }
    })
    expect(res.body.environment).toEqual({ id, name: 'Dev', uid })
    expect(emu.environments()[0]!.body.values).toEqual([{ key: 'only', value: '1', type: 'default', enabled: true }])
    const missing = await call(emu, 'PUT', '/environments/nope', { body: { environment: { values: [] } } })
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toBe('The specified environment does not exist.')
  })

  it('PATCH applies one JSON Patch operation type and returns the full environment with uid', async () => {
    const { id, uid } = emu.seedEnvironment('ws-main', { name: 'Dev', values: values.slice(0, 2) })
    const res = await documented('PATCH', `/environments/${id}`, 'environmentPatch', {
      body: [
        { op: 'replace', path: '/name', value: 'Renamed' },
        { op: 'replace', path: '/values/0/value', value: 'http://other' }
      ]
    })
    expect(res.body.environment).toMatchObject({ id, uid, name: 'Renamed' })
    expect(res.body.environment.values[0].value).toBe('http://other')
    const mixed = await documented('PATCH', `/environments/${id}`, 'environmentPatch', {
      body: [
        { op: 'add', path: '/values/0', value: { key: 'k', value: 'v' } },
        { op: 'replace', path: '/name', value: 'N' }
      ]
    })
    expect(mixed.status).toBe(400)
    const notString = await call(emu, 'PATCH', `/environments/${id}`, { body: [{ op: 'replace', path: '/values/1/value', value: 5 }] })
    expect(notString.body.detail).toEqual(['/values/1/value: must be a string'])
    const notArray = await call(emu, 'PATCH', `/environments/${id}`, { body: { op: 'replace' } })
    expect(notArray.body.detail).toBe('Patch sequence must be an array')
  })

  it('DELETE answers {environment:{id,uid}}, then 404', async () => {
    const { id, uid } = emu.seedEnvironment('ws-main', { name: 'Dev', values: [] })
    const res = await documented('DELETE', `/environments/${uid}`, 'environmentDelete')
    expect(res.body).toEqual({ environment: { id, uid } })
    const again = await documented('DELETE', `/environments/${uid}`, 'environmentDelete')
    expect(again.status).toBe(404)
  })

  it('GET of an unknown environment is 404 (the description files it under 400)', async () => {
    const res = await call(emu, 'GET', '/environments/nope')
    expect(res.status).toBe(404)
    expect(res.body.error.message).toBe('We could not find the environment you are looking for')
    expect(responseErrors('legacyError', res.body)).toEqual([])
  })
})

describe('other routes', () => {
  // A real unknown route answers problem+json whose type ends `not-found`, with the hyphen
  // (docs/postman-api.md, "Errors").
  it('answers 404 problem+json of type .../problems/not-found for anything it does not emulate', async () => {
    for (const [method, path] of [
      ['GET', '/mocks'],
      ['POST', '/workspaces/ws-main'],
      ['PUT', '/collections'],
      ['GET', '/collections/a/b']
    ]) {
      const res = await call(emu, method!, path!, method === 'GET' ? {} : { body: {} })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(res.body).toMatchObject({ type: 'https://api.postman.com/problems/not-found', status: 404 })
      expect(responseErrors('problem', res.body)).toEqual([])
    }
  })

  it('the validator itself rejects a wrong body (so the checks above can fail)', () => {
    expect(responseErrors('me', { user: { id: '12345678' } })).toEqual(['/user/id must be number'])
    expect(responseErrors('collection', { collection: { item: [{ name: 'no id' }] } })).toEqual([
      "/collection must have required property 'info'",
      "/collection/item/0 must have required property 'id'"
    ])
    expect(responseErrors('collectionWrite', { collection: { id: 'a', name: 'b', uid: 'c' } })).toEqual([
      '/collection/uid must match pattern "^[0-9]+-[0-9A-Za-z-]+$"'
    ])
    expect(responseErrors('problem', { error: { name: 'x', message: 'y' } })).not.toEqual([])
    expect(responseErrors('legacyError', { type: 'x', title: 'y', status: 404 })).not.toEqual([])
  })
})
