/**
 * The client a pull holds (`read-only.ts`): reads reach the real client, every write throws before
 * the real client is called, so no request can leave.
 */
import { describe, expect, it } from 'vitest'
import type { PostmanApi } from '../../src/postman/api.js'
import { readOnlyApi, ReadOnlyApiError } from '../../src/postman/read-only.js'

const WRITES = [
  'createCollection',
  'updateCollection',
  'deleteCollection',
  'createEnvironment',
  'updateEnvironment',
  'patchEnvironment',
  'deleteEnvironment'
] as const
const READS = [
  'me',
  'getWorkspace',
  'listWorkspaces',
  'listCollections',
  'findCollectionsByName',
  'tryGetCollection',
  'listEnvironments',
  'tryGetEnvironment',
  'quota',
  'stats'
] as const

/** A client that records every method called on it. */
function recording(): { api: PostmanApi; called: string[] } {
  const called: string[] = []
  const api = new Proxy({} as PostmanApi, {
    get: (_target, name: string) => () => {
      called.push(name)
      return `answer of ${name}`
    }
  })
  return { api, called }
}

describe('readOnlyApi', () => {
  it('covers every method of the client', () => {
    expect(Object.keys(readOnlyApi(recording().api)).sort()).toEqual([...WRITES, ...READS].sort())
  })

  it.each(READS)('%s reaches the client', (name) => {
    const { api, called } = recording()
    const client = readOnlyApi(api) as unknown as Record<string, (...args: unknown[]) => unknown>
    expect(client[name]!('x', 'y')).toBe(`answer of ${name}`)
    expect(called).toEqual([name])
  })

  it.each(WRITES)('%s throws and never reaches the client', (name) => {
    const { api, called } = recording()
    const client = readOnlyApi(api) as unknown as Record<string, (...args: unknown[]) => unknown>
    expect(() => client[name]!('x', { info: {} })).toThrow(ReadOnlyApiError)
    expect(called).toEqual([])
  })
})
