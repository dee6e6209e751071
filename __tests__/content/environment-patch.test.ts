import { describe, expect, it } from 'vitest'
import type { EnvironmentBody } from '../../src/postman/api.js'
import { mergeEnvironment } from '../../src/content/environment-merge.js'
import { environmentWrite } from '../../src/content/environment-patch.js'

const env = (values: Array<Record<string, unknown>>, name = 'Dev'): EnvironmentBody => ({ name, values }) as unknown as EnvironmentBody

/** What a push sends over `remote` for the file `local`. */
function plan(local: EnvironmentBody, remote: EnvironmentBody) {
  const merged = mergeEnvironment(local, remote).body
  return { merged, write: environmentWrite(merged, remote, local.values.length) }
}

const REMOTE = env([
  { key: 'baseUrl', value: 'http://old', type: 'default', enabled: true },
  { key: 'token', value: 'postman-secret-value', type: 'secret', enabled: true },
  { key: 'onlyInPostman', value: 'kept', type: 'default', enabled: true }
])

describe('environmentWrite', () => {
  it('a changed value and a new variable: one replace call, one add call; nothing else is sent', () => {
    const { write } = plan(
      env([
        { key: 'baseUrl', value: 'http://new' },
        { key: 'token', value: '', type: 'secret' },
        { key: 'added', value: 'a' }
      ]),
      REMOTE
    )
    expect(write).toEqual({
      method: 'PATCH',
      keys: ['baseUrl', 'added'],
      calls: [
        [{ op: 'add', path: '/values/-', value: { key: 'added', value: 'a', type: 'default', enabled: true } }],
        [{ op: 'replace', path: '/values/0/value', value: 'http://new' }]
      ]
    })
    const sent = JSON.stringify(write)
    expect(sent).not.toContain('postman-secret-value')
    expect(sent).not.toContain('onlyInPostman')
  })

  it('a committed secret value is never sent, and a secret in Postman is never re-sent', () => {
    const { write } = plan(
      env([
        { key: 'token', value: 'committed-secret', type: 'SECRET ' },
        { key: 'baseUrl', value: 'http://old', enabled: false }
      ]),
      REMOTE
    )
    expect(write).toEqual({ method: 'PATCH', keys: ['baseUrl'], calls: [[{ op: 'replace', path: '/values/0/enabled', value: false }]] })
  })

  it('a new secret variable is added without a value', () => {
    const { write } = plan(env([{ key: 'apiKey', value: 'committed', type: 'secret' }]), REMOTE)
    expect(write).toEqual({
      method: 'PATCH',
      keys: ['apiKey'],
      calls: [[{ op: 'add', path: '/values/-', value: { key: 'apiKey', value: '', type: 'secret', enabled: true } }]]
    })
  })

  it('a rename replaces /name; a field the remote lacks is added', () => {
    const remote = env([{ key: 'a', value: '1', enabled: true }], 'Old')
    const { write } = plan(env([{ key: 'a', value: '1', type: 'default', description: 'why' }], 'New'), remote)
    expect(write).toEqual({
      method: 'PATCH',
      keys: ['a'],
      // A missing type is `default` already: only the description is new.
      calls: [[{ op: 'add', path: '/values/0/description', value: 'why' }], [{ op: 'replace', path: '/name', value: 'New' }]]
    })
  })

  it.each([
    ['an empty value (PATCH refuses it)', env([{ key: 'baseUrl', value: '' }]), REMOTE, /empty value/],
    [
      'a removed description',
      env([{ key: 'a', value: '1' }]),
      env([{ key: 'a', value: '1', type: 'default', enabled: true, description: 'd' }]),
      /description/
    ],
    [
      'a key Postman holds twice',
      env([{ key: 'a', value: '2' }]),
      env([
        { key: 'a', value: '1', enabled: false },
        { key: 'a', value: '1', enabled: true }
      ]),
      /twice/
    ]
  ])('falls back to the merged PUT for %s', (_why, local, remote, why) => {
    const { merged, write } = plan(local, remote)
    expect(write.method).toBe('PUT')
    expect(write.method === 'PUT' && write.why).toMatch(why)
    // The merge never produces a duplicate key.
    const keys = merged.values.map((v) => v.key)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('nothing to change: no call', () => {
    expect(plan(env([{ key: 'baseUrl', value: 'http://old' }]), REMOTE).write).toEqual({ method: 'PATCH', keys: [], calls: [] })
  })
})
