import { describe, expect, it } from 'vitest'
import type { EnvironmentBody } from '../../src/postman/api.js'
import { mergeEnvironment } from '../../src/content/environment-merge.js'

const env = (values: unknown[], name = 'E'): EnvironmentBody => ({ name, values }) as EnvironmentBody
const v = (key: string, value: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ key, value, ...extra })
const out = (key: string, value: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  key,
  value,
  type: 'default',
  enabled: true,
  ...extra
})

const VAULT = { provider: 'postman', postman: { type: 'cloud', secretId: 's1', vaultId: 'v1' } }

const CASES: Array<[string, EnvironmentBody, EnvironmentBody | undefined, unknown[], string[]]> = [
  [
    'new environment: the file, types and values normalized',
    env([v('a', 'x', { type: 'text' }), v('b', 3, { type: 'any' }), v('c', true), v('d', null)]),
    undefined,
    [out('a', 'x'), out('b', '3'), out('c', 'true'), out('d', '')],
    []
  ],
  [
    'remote-only variables are kept, never removed',
    env([v('a', 'x')]),
    env([v('a', 'old'), v('extra', 'kept', { type: 'default', enabled: false })]),
    [out('a', 'x'), out('extra', 'kept', { enabled: false })],
    []
  ],
  [
    'remote secret keeps its remote value and type',
    env([v('token', '', { type: 'default' })]),
    env([v('token', 'remote-secret', { type: 'secret' })]),
    [out('token', 'remote-secret', { type: 'secret' })],
    []
  ],
  [
    'vault-linked remote keeps its value and link',
    env([v('key', '')]),
    env([v('key', '', { secret: true, source: VAULT })]),
    [out('key', '', { secret: true, source: VAULT })],
    []
  ],
  [
    'committed secret value is not uploaded: remote value sent, key reported',
    env([v('token', 'committed!', { type: 'secret' })]),
    env([v('token', 'remote', { type: 'secret' })]),
    [out('token', 'remote', { type: 'secret' })],
    ['token']
  ],
  [
    'committed secret for a new variable: empty value sent, key reported',
    env([v('token', 'committed!', { type: 'secret' })]),
    undefined,
    [out('token', '', { type: 'secret' })],
    ['token']
  ],
  ['empty secret in the file is not reported', env([v('token', '', { type: 'secret' })]), undefined, [out('token', '', { type: 'secret' })], []],
  [
    'legacy disabled: true → enabled: false; description kept',
    env([v('a', '1', { disabled: true, description: 'About a' })]),
    undefined,
    [out('a', '1', { enabled: false, description: 'About a' })],
    []
  ],
  ["a key Postman holds twice is the file's once (Postman refuses one key twice)", env([v('d', '1')]), env([v('d', 'r1'), v('d', 'r2')]), [out('d', '1')], []],
  ['plain remote value is replaced by the file', env([v('a', 'new')]), env([v('a', 'old', { type: 'default' })]), [out('a', 'new')], []]
]

describe('mergeEnvironment', () => {
  it.each(CASES)('%s', (_why, local, remote, values, secrets) => {
    const result = mergeEnvironment(local, remote)
    expect(result.body).toEqual({ name: 'E', values })
    expect(result.committedSecrets).toEqual(secrets)
  })

  it('never puts a committed secret value in the body or the report', () => {
    const result = mergeEnvironment(env([v('token', 'hunter2', { type: 'secret' }), v('vaulted', 'hunter3', { secret: true, source: VAULT })]), undefined)
    expect(JSON.stringify(result)).not.toMatch(/hunter/)
    expect(result.committedSecrets).toEqual(['token', 'vaulted'])
  })

  it('takes the name from the file', () => {
    expect(mergeEnvironment(env([], 'Local'), env([], 'Remote')).body.name).toBe('Local')
  })
})
