/** Which values of a run's environment are secrets to redact: the type as Postman reads it. */
import { describe, expect, it } from 'vitest'
import { secretValues } from '../../src/newman/runner.js'

describe('secretValues', () => {
  it('takes every secret-typed value, whatever the case and spaces of its type', () => {
    const values = [
      { key: 'a', value: 'v-secret', type: 'secret' },
      { key: 'b', value: 'v-upper', type: 'SECRET' },
      { key: 'c', value: 'v-spaced', type: ' Secret ' },
      { key: 'd', value: 'v-plain', type: 'default' },
      { key: 'e', value: 'v-untyped' },
      { key: 'f', value: '', type: 'secret' },
      { key: 'g', value: 42, type: 'secret' }
    ]
    expect(secretValues({ json: { values } })).toEqual(['v-secret', 'v-upper', 'v-spaced'])
  })

  it('has none without an environment', () => {
    expect(secretValues(undefined)).toEqual([])
  })
})
