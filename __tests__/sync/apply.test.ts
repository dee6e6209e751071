import { describe, expect, it } from 'vitest'
import type { PostmanApi, ResourceRef } from '../../src/postman/api.js'
import { QuotaExhaustedError, ValidationError } from '../../src/postman/errors.js'
import { applyWrites, type WriteJob } from '../../src/sync/apply.js'

type Call = { op: string; target: string }

/** A hand-written PostmanApi: writes succeed unless `fail` says otherwise; reads are not used here. */
function fakeApi(fail: (call: Call) => Error | undefined, delays: Record<string, number> = {}): { api: PostmanApi; calls: Call[] } {
  const calls: Call[] = []
  const writeOp =
    (op: string) =>
    async (target: string): Promise<ResourceRef> => {
      const call = { op, target }
      calls.push(call)
      await new Promise((r) => setTimeout(r, delays[target] ?? 0))
      const error = fail(call)
      if (error) throw error
      return { id: `id-${target}`, uid: `1-id-${target}` }
    }
  const unused = (): never => {
    throw new Error('not used by applyWrites')
  }
  const api: PostmanApi = {
    me: unused,
    getWorkspace: unused,
    listWorkspaces: unused,
    listCollections: unused,
    findCollectionsByName: unused,
    tryGetCollection: unused,
    createCollection: (ws, body) => writeOp('createCollection')(`${ws}/${body.info.name}`),
    updateCollection: (uid) => writeOp('updateCollection')(uid),
    deleteCollection: unused,
    listEnvironments: unused,
    tryGetEnvironment: unused,
    createEnvironment: (ws, body) => writeOp('createEnvironment')(`${ws}/${body.name}`),
    updateEnvironment: (uid) => writeOp('updateEnvironment')(uid),
    patchEnvironment: (uid) => writeOp('patchEnvironment')(uid),
    deleteEnvironment: unused,
    quota: () => ({}),
    stats: () => ({ calls: calls.length, retries: 0, rateLimited: 0 })
  }
  return { api, calls }
}

const coll = (name: string, uid?: string): WriteJob => ({ kind: 'collection', path: `${name}.json`, uid, body: { info: { name, schema: 's' }, item: [] } })
const env = (name: string, uid?: string): WriteJob => ({ kind: 'environment', path: `${name}.json`, uid, body: { name, values: [] } })
const details = { method: 'PUT', path: '/collections/x', status: 400 }

describe('applyWrites', () => {
  it('routes creates (with the workspace) and updates by kind', async () => {
    const { api, calls } = fakeApi(() => undefined)
    const { outcomes } = await applyWrites(api, 'ws', [coll('A'), coll('B', 'u-b'), env('E'), env('F', 'u-f')])
    expect(calls.map((c) => `${c.op} ${c.target}`).sort()).toEqual([
      'createCollection ws/A',
      'createEnvironment ws/E',
      'updateCollection u-b',
      'updateEnvironment u-f'
    ])
    expect(outcomes.map((o) => o.ref?.uid)).toEqual(['1-id-ws/A', '1-id-u-b', '1-id-ws/E', '1-id-u-f'])
  })

  it('a failed write marks its job and the rest still go', async () => {
    const { api, calls } = fakeApi((c) => (c.target === 'u-2' ? new ValidationError(details) : undefined))
    const { outcomes, quotaExhausted } = await applyWrites(api, 'ws', [coll('1', 'u-1'), coll('2', 'u-2'), coll('3', 'u-3')])
    expect(calls).toHaveLength(3)
    expect(quotaExhausted).toBe(false)
    expect(outcomes.map((o) => (o.error ? 'error' : 'ok'))).toEqual(['ok', 'error', 'ok'])
    expect(outcomes[1]!.error).toBeInstanceOf(ValidationError)
  })

  it('after the quota runs out no new write starts; those already done are reported', async () => {
    const { api, calls } = fakeApi((c) => (c.target === 'u-2' ? new QuotaExhaustedError({ ...details, status: 429 }) : undefined))
    const jobs = ['1', '2', '3', '4', '5', '6'].map((n) => coll(n, `u-${n}`))
    const { outcomes, quotaExhausted } = await applyWrites(api, 'ws', jobs, 1)
    expect(quotaExhausted).toBe(true)
    expect(calls.map((c) => c.target)).toEqual(['u-1', 'u-2'])
    expect(outcomes.map((o) => (o.ref ? 'ok' : o.notStarted ? 'not started' : 'error'))).toEqual([
      'ok',
      'error',
      'not started',
      'not started',
      'not started',
      'not started'
    ])
  })

  it('keeps at most `concurrency` writes in flight', async () => {
    let inFlight = 0
    let peak = 0
    const { api } = fakeApi(() => undefined)
    const counting: PostmanApi = {
      ...api,
      updateCollection: async (uid, body) => {
        inFlight++
        peak = Math.max(peak, inFlight)
        try {
          return await api.updateCollection(uid, body)
        } finally {
          inFlight--
        }
      }
    }
    const jobs = Array.from({ length: 10 }, (_, i) => coll(String(i), `u-${i}`))
    const { outcomes } = await applyWrites(counting, 'ws', jobs, 3)
    expect(peak).toBe(3)
    expect(outcomes.every((o) => o.ref)).toBe(true)
  })

  it('no jobs, no calls', async () => {
    const { api, calls } = fakeApi(() => undefined)
    expect((await applyWrites(api, 'ws', [])).outcomes).toEqual([])
    expect(calls).toEqual([])
  })
})
