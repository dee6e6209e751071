/**
 * The pull's per-file decisions that the end-to-end story does not reach (`src/sync/pull.ts`),
 * against a client that records every call: what a pull skips, and what it never reads.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostmanApi } from '../../src/postman/api.js'
import type { LocalFile } from '../../src/model/sync-result.js'
import { pull, withoutCreates, type PullContext } from '../../src/sync/pull.js'
import type { Resolution } from '../../src/sync/resolve.js'
import { listed, localFile } from './helpers.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'postman-sync-pull-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A client whose every call is recorded; a GET finds a collection unlike any file. */
function recordingApi(): { api: PostmanApi; calls: string[] } {
  const calls: string[] = []
  const api = new Proxy({} as PostmanApi, {
    get: (_target, name: string) => {
      if (name === 'stats') return () => ({ calls: calls.length, retries: 0, rateLimited: 0 })
      if (name === 'quota') return () => ({})
      return (id: string) => {
        calls.push(`${name} ${id}`)
        return Promise.resolve({
          info: { name: 'Remote', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
          item: [{ name: 'x' }]
        })
      }
    }
  })
  return { api, calls }
}

function context(api: PostmanApi): PullContext {
  return { root, api, log: { info: () => {}, warning: () => {} }, listing: { collections: [], environments: [] }, state: new Map(), findings: [], invalid: [] }
}

function found(path: string, absPath: string, format?: LocalFile['format']): Resolution {
  const file: LocalFile = { ...localFile('collection', 'Alpha', { path }), absPath, ...(format === undefined ? {} : { format }) }
  return { file, action: 'found', target: listed('c1', 'Alpha'), resolvedBy: 'name' }
}

describe('pull', () => {
  it('skips a Native Git (v3) collection directory without reading it from Postman', async () => {
    // As discovery gives it: a collection directory is a LocalFile of format v3.
    const { api, calls } = recordingApi()
    const result = await pull(context(api), [found('postman/collections/Alpha', join(root, 'postman/collections/Alpha'), 'v3')])
    expect(result.entries[0]).toMatchObject({ action: 'skip', reason: expect.stringMatching(/Native Git \(v3\).*not supported yet/) })
    expect(calls).toEqual([])
  })

  it('a file that disappeared since discovery is an error at that file, not a failed run', async () => {
    const { api, calls } = recordingApi()
    const result = await pull(context(api), [found('postman/gone.postman_collection.json', join(root, 'postman/gone.postman_collection.json'))])
    expect(calls).toEqual(['tryGetCollection 12345678-c1'])
    expect(result.entries[0]).toMatchObject({ action: 'error', reason: expect.stringMatching(/cannot be read \(ENOENT\)/) })
    expect(result.findings).toHaveLength(1)
  })

  it('a file a push would create has nothing to pull, and is not looked up', () => {
    const file = localFile('environment', 'New')
    expect(withoutCreates({ file, action: 'create', resolvedBy: 'create', checkForeignId: 'abc' })).toMatchObject({
      action: 'skip',
      checkForeignId: undefined,
      reason: expect.stringMatching(/nothing to pull \(a push creates it\)/)
    })
  })
})
