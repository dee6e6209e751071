/**
 * Each fault switch, counted deterministically per call: which call fails, how, and whether the
 * change was applied anyway (what a client's retry and lost-create logic must cope with).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { call, tinyCollection } from './helpers.js'

let emu: Emulator
beforeEach(async () => {
  emu = await startEmulator()
})
afterEach(async () => {
  await emu.close()
})

const create = (name: string) => call(emu, 'POST', '/collections?workspace=ws-main', { body: { collection: tinyCollection(name) } })

describe('faults', () => {
  it('status503Every: every n-th call answers 503 and is not applied', async () => {
    emu.setFaults({ status503Every: 2 })
    const first = await create('one')
    const second = await create('two')
    const third = await call(emu, 'GET', '/me')
    const fourth = await call(emu, 'GET', '/me')
    expect([first.status, second.status, third.status, fourth.status]).toEqual([200, 503, 200, 503])
    expect(second.body.error.name).toBe('serviceUnavailable')
    expect(emu.collections().map((c) => c.name)).toEqual(['one'])
  })

  it('status503Every uses the problem family when asked', async () => {
    await emu.close()
    emu = await startEmulator({ errorFamily: 'problem', faults: { status503Every: 1 } })
    const res = await call(emu, 'GET', '/me')
    expect(res.status).toBe(503)
    expect(res.body).toMatchObject({ type: 'https://api.postman.com/problems/service-unavailable', status: 503 })
  })

  it('resetEvery: the socket is destroyed before any answer, and nothing is applied', async () => {
    emu.setFaults({ resetEvery: 1 })
    await expect(create('lost')).rejects.toThrow()
    expect(emu.log[0]).toMatchObject({ method: 'POST', status: 0 })
    expect(emu.collections()).toEqual([])
  })

  it('resetMidBodyEvery: headers and half a body arrive, then the connection drops', async () => {
    emu.setFaults({ resetMidBodyEvery: 1 })
    const res = await fetch(`${emu.url}/workspaces`, { headers: { 'X-Api-Key': 'PMAK-00000000000000000000000a-0000000000000000000000000000000000' } })
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow()
    expect(emu.log[0]!.status).toBe(200)
  })

  it('lostCreateEvery: the n-th create is stored but its answer is lost; other calls do not count', async () => {
    emu.setFaults({ lostCreateEvery: 2 })
    expect((await create('first')).status).toBe(200)
    expect((await call(emu, 'GET', '/me')).status).toBe(200)
    await expect(create('second')).rejects.toThrow()
    // The create landed: a client must look it up by name before posting again (docs/postman-api.md).
    const found = await call(emu, 'GET', '/collections?workspace=ws-main&name=second')
    expect(found.body.collections).toHaveLength(1)
    expect((await call(emu, 'POST', '/environments', { body: { environment: { name: 'e3', values: [] } } })).status).toBe(200)
    await expect(call(emu, 'POST', '/environments', { body: { environment: { name: 'e4', values: [] } } })).rejects.toThrow()
    expect(
      emu
        .environments()
        .map((e) => e.name)
        .sort()
    ).toEqual(['e3', 'e4'])
  })

  it('appliedButErrorEvery: the n-th PUT answers 500 but was applied (postman-app-support #10098)', async () => {
    const { id } = emu.seedCollection('ws-main', tinyCollection('Before'))
    emu.setFaults({ appliedButErrorEvery: 1 })
    const res = await call(emu, 'PUT', `/collections/${id}`, { body: { collection: tinyCollection('After') } })
    expect(res.status).toBe(500)
    expect(res.body.error).toEqual({ name: 'serverError', message: 'An error has occurred on the server.' })
    expect(emu.collections()[0]!.name).toBe('After')
    // GETs are not PUTs: not counted, not failed.
    expect((await call(emu, 'GET', `/collections/${id}`)).status).toBe(200)
  })

  it('html504Every: 504 with the nginx HTML page, not applied', async () => {
    const { id } = emu.seedCollection('ws-main', tinyCollection('Before'))
    emu.setFaults({ html504Every: 1 })
    const res = await call(emu, 'PUT', `/collections/${id}`, { body: { collection: tinyCollection('After') } })
    expect(res.status).toBe(504)
    expect(res.headers.get('content-type')).toBe('text/html')
    expect(res.text).toContain('<title>504 Gateway Time-out</title>')
    expect(emu.collections()[0]!.name).toBe('Before')
  })

  it('delayMs: the answer is held back (the log shows no status until it is sent)', async () => {
    emu.setFaults({ delayMs: 300 })
    const pending = call(emu, 'GET', '/me')
    await expect.poll(() => emu.log.length).toBe(1)
    expect(emu.log[0]!.status).toBe(0)
    expect((await pending).status).toBe(200)
    expect(emu.log[0]!.status).toBe(200)
  })

  it('stallEvery: the n-th call never answers until close()', async () => {
    emu.setFaults({ stallEvery: 2 })
    expect((await call(emu, 'GET', '/me')).status).toBe(200)
    const stalled = call(emu, 'GET', '/me')
    await expect.poll(() => emu.log.length).toBe(2)
    expect(emu.log[1]!.status).toBe(0)
    await emu.close()
    await expect(stalled).rejects.toThrow()
    emu = await startEmulator() // for afterEach
  })

  it('only: restricts faults to matching calls, and counts only those', async () => {
    const { id } = emu.seedCollection('ws-main', tinyCollection())
    emu.setFaults({ status503Every: 2, only: (r) => r.method === 'PUT' })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(emu, 'GET', `/collections/${id}`)).status)
      statuses.push((await call(emu, 'PUT', `/collections/${id}`, { body: { collection: tinyCollection() } })).status)
    }
    expect(statuses).toEqual([200, 200, 200, 503, 200, 200])
  })

  it('setFaults replaces the faults and restarts the counts', async () => {
    emu.setFaults({ status503Every: 2 })
    expect((await call(emu, 'GET', '/me')).status).toBe(200)
    emu.setFaults({ status503Every: 2 })
    expect((await call(emu, 'GET', '/me')).status).toBe(200)
    expect((await call(emu, 'GET', '/me')).status).toBe(503)
    emu.setFaults({})
    expect((await call(emu, 'GET', '/me')).status).toBe(200)
  })
})
