import { describe, expect, it } from 'vitest'
import { STATE_ENVIRONMENT_NAME } from '../../src/constants.js'
import {
  buildStateEnvironment,
  ENTRIES_PER_PACK,
  formatEntry,
  MAX_STATE_VARIABLES,
  lastWrittenTargets,
  parseState,
  sourceHash,
  stateKey,
  type StateEntry
} from '../../src/sync/state.js'

describe('state', () => {
  it('keys name the kind and the uid', () => {
    expect(stateKey('collection', '1-a')).toBe('collection:1-a')
    expect(stateKey('environment', '1-b')).toBe('environment:1-b')
  })

  it('parses its own entries and ignores everything else', () => {
    const state = parseState({
      name: STATE_ENVIRONMENT_NAME,
      values: [
        { key: 'collection:1-a', value: '{"hash":"h1","updatedAt":"t1"}' },
        { key: 'environment:1-b', value: '{"hash":"h2","updatedAt":"t2","source":"s2"}' },
        { key: 'collection:1-c', value: 'not json' },
        { key: 'collection:1-d', value: '{"hash":"h4"}' },
        { key: 'note', value: '{"hash":"h5","updatedAt":"t5"}' }
      ]
    })
    expect([...state.keys()]).toEqual(['collection:1-a', 'environment:1-b'])
    expect(state.get('environment:1-b')).toEqual({ hash: 'h2', updatedAt: 't2', source: 's2' })
  })

  it('an absent state is empty', () => {
    expect(parseState(undefined).size).toBe(0)
  })

  it('source is the hash to compare with, else the written hash', () => {
    expect(sourceHash({ hash: 'w', updatedAt: 't' })).toBe('w')
    expect(sourceHash({ hash: 'w', updatedAt: 't', source: 's' })).toBe('s')
  })

  it('formats small JSON, without a redundant source', () => {
    expect(formatEntry({ hash: 'h', updatedAt: 't', source: 'h' })).toBe('{"hash":"h","updatedAt":"t"}')
    expect(formatEntry({ hash: 'h', updatedAt: 't', source: 's' })).toBe('{"hash":"h","updatedAt":"t","source":"s"}')
  })

  it('records the normalization version as v, and reads it back (packed too)', () => {
    const entry: StateEntry = { hash: 'h', updatedAt: 't', version: 2 }
    expect(formatEntry(entry)).toBe('{"hash":"h","updatedAt":"t","v":2}')
    const changes = new Map<string, StateEntry>(Array.from({ length: MAX_STATE_VARIABLES + 1 }, (_, i) => [stateKey('collection', `1-${i}`), entry]))
    const packed = buildStateEnvironment(new Map(), changes, new Set(changes.keys()))
    expect(packed.values[0]!.key).toBe('entries:1')
    expect(parseState(packed).get('collection:1-0')).toEqual(entry)
    // Entries written before versions were recorded have none.
    expect(parseState({ name: 's', values: [{ key: 'collection:1-a', value: '{"hash":"h","updatedAt":"t"}' }] }).get('collection:1-a')?.version).toBeUndefined()
  })

  it('records the path written from, and maps each path back to its resource', () => {
    const entry = { hash: 'h', updatedAt: 't', path: 'postman/orders.postman_collection.json' }
    expect(formatEntry(entry)).toBe('{"hash":"h","updatedAt":"t","path":"postman/orders.postman_collection.json"}')
    const changes = new Map<string, StateEntry>([
      [stateKey('collection', '1-c'), entry],
      [stateKey('environment', '1-e'), { hash: 'x', updatedAt: 't' }]
    ])
    const env = buildStateEnvironment(new Map(), changes, new Set(['collection:1-c', 'environment:1-e']))
    const state = parseState(env)
    expect(state.get('collection:1-c')).toEqual(entry)
    // An entry from before paths were recorded maps nothing.
    expect(lastWrittenTargets(state)).toEqual(new Map([['collection:postman/orders.postman_collection.json', '1-c']]))
  })

  it('builds the environment: previous entries updated, deleted resources dropped, sorted, round-trips', () => {
    const previous = new Map([
      ['collection:1-a', { hash: 'old', updatedAt: 't0' }],
      ['collection:1-gone', { hash: 'x', updatedAt: 't0' }],
      ['environment:1-b', { hash: 'keep', updatedAt: 't0' }]
    ])
    const changes = new Map([
      ['collection:1-a', { hash: 'new', updatedAt: 't1' }],
      ['collection:1-c', { hash: 'c', updatedAt: 't1' }]
    ])
    const env = buildStateEnvironment(previous, changes, new Set(['collection:1-a', 'collection:1-c', 'environment:1-b']))
    expect(env.name).toBe(STATE_ENVIRONMENT_NAME)
    expect(env.values.map((v) => v.key)).toEqual(['collection:1-a', 'collection:1-c', 'environment:1-b'])
    expect(env.values.every((v) => v.type === 'default')).toBe(true)
    expect(parseState(env)).toEqual(
      new Map([
        ['collection:1-a', { hash: 'new', updatedAt: 't1' }],
        ['collection:1-c', { hash: 'c', updatedAt: 't1' }],
        ['environment:1-b', { hash: 'keep', updatedAt: 't0' }]
      ])
    )
  })

  it('packs the entries past MAX_STATE_VARIABLES resources, and reads both forms back', () => {
    const count = MAX_STATE_VARIABLES + 31
    const entries = new Map<string, StateEntry>(
      Array.from({ length: count }, (_, i) => [`collection:1-${String(i).padStart(4, '0')}`, { hash: `h${i}`, updatedAt: 't', path: `c${i}.json` }])
    )
    const env = buildStateEnvironment(new Map(), entries, new Set(entries.keys()))
    expect(env.values.map((v) => v.key)).toEqual(Array.from({ length: Math.ceil(count / ENTRIES_PER_PACK) }, (_, i) => `entries:${i + 1}`))
    expect(parseState(env)).toEqual(entries)
    // Exactly at the limit it stays one variable per resource, readable in Postman.
    const few = new Map([...entries].slice(0, MAX_STATE_VARIABLES))
    expect(buildStateEnvironment(new Map(), few, new Set(few.keys())).values).toHaveLength(MAX_STATE_VARIABLES)
    // A hand-edited pack loses only its unreadable entries.
    const garbled = {
      name: STATE_ENVIRONMENT_NAME,
      values: [
        { key: 'entries:1', value: JSON.stringify({ 'collection:1-x': { hash: 'a', updatedAt: 't' }, 'collection:1-y': { hash: 1 }, other: {} }) },
        { key: 'entries:2', value: 'not json' }
      ]
    }
    expect(parseState(garbled)).toEqual(new Map([['collection:1-x', { hash: 'a', updatedAt: 't' }]]))
  })
})
