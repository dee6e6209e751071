/**
 * The text `sync: pull` writes (`pulled-file.ts` over `structural-merge.ts`): Postman's version,
 * as the emulator's decorated GET returns it, merged into the committed text. Where the content
 * did not change the bytes are the file's; what changed is written in the file's style and in
 * export form; secret values are never Postman's.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import type { CollectionBody, EnvironmentBody } from '../../src/model/resources.js'
import { collectionsEqual, environmentsEqual } from '../../src/content/normalize.js'
import { pulledCollectionText, pulledEnvironmentText, type PulledText } from '../../src/content/pulled-file.js'
import { detectStyle } from '../../src/content/structural-merge.js'
import { CORPUS, FIXTURES, SCHEMA_21 } from './helpers.js'

type Rec = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ realApi: true, workspaces: [{ id: 'ws', name: 'ws', type: 'team' }] })
})
afterAll(async () => {
  await emulator.close()
})

/** The decorated GET body of `collection` as Postman would return it once stored. */
function stored(collection: object): Rec {
  const { uid } = emulator.seedCollection('ws', collection)
  return emulator.collections('ws').find((c) => c.uid === uid)!.body as Rec
}

function storedEnvironment(environment: object): Rec {
  const { uid } = emulator.seedEnvironment('ws', environment)
  return emulator.environments('ws').find((e) => e.uid === uid)!.body as Rec
}

function textOf(result: PulledText): string {
  if ('problem' in result) throw new Error(result.problem)
  return result.text
}

/** Lines between the common first and last lines of two texts: what a reviewer sees as the change. */
function changedLines(a: string, b: string): { removed: number; added: number } {
  const x = a.split('\n')
  const y = b.split('\n')
  let start = 0
  while (start < x.length && start < y.length && x[start] === y[start]) start++
  let end = 0
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end++
  return { removed: x.length - start - end, added: y.length - start - end }
}

const corpus = readdirSync(`${FIXTURES}${CORPUS}collections`)
  .sort()
  .map((name) => [name, readFileSync(`${FIXTURES}${CORPUS}collections/${name}`, 'utf8')] as const)
  .filter(([, text]) => String((JSON.parse(text) as CollectionBody).info.schema).includes('v2.1'))

function firstRequest(items: Rec[]): Rec | undefined {
  for (const item of items) {
    if (item.request) return item
    const inner = Array.isArray(item.item) ? firstRequest(item.item as Rec[]) : undefined
    if (inner) return inner
  }
  return undefined
}

describe.each(corpus)('corpus collection %s', (_name, text) => {
  it('merged with the decorated GET of its own content is its own bytes; with one URL edited, it changes only there', () => {
    const remote = stored(JSON.parse(text) as object)
    expect(textOf(pulledCollectionText(text, remote as CollectionBody))).toBe(text)

    const request = firstRequest(remote.item as Rec[])!
    const urlLines = JSON.stringify(firstRequest((JSON.parse(text) as Rec).item as Rec[])!.request.url, null, 1).split('\n').length
    request.request.url = 'https://api.example.test/edited-in-postman'
    const pulled = textOf(pulledCollectionText(text, remote as CollectionBody))
    expect(collectionsEqual(JSON.parse(pulled) as CollectionBody, remote as CollectionBody)).toBe(true)
    const { removed, added } = changedLines(text, pulled)
    // The URL's lines (one, or an object's), and at most the line around it.
    expect(removed).toBeLessThanOrEqual(urlLines + 2)
    expect(added).toBeLessThanOrEqual(3)
    for (const key of ['"uid"', '"createdAt"', '"lastUpdatedBy"', '"disableBodyPruning"']) expect(pulled.split(key).length, key).toBe(text.split(key).length)
  })
})

/** A small collection in a given layout. */
function small(items: Rec[], info: Rec = {}): Rec {
  return { info: { _postman_id: 'file-own-id', name: 'Small', schema: SCHEMA_21, ...info }, item: items }
}
const get = (name: string, url: string, extra: Rec = {}): Rec => ({ name, request: { method: 'GET', header: [], url }, response: [], ...extra })

describe('the file keeps its layout', () => {
  it.each([
    ['tabs', '\t'],
    ['two spaces', '  '],
    ['four spaces', '    ']
  ])('%s: a request added in Postman is written with the same indentation', (_label, indent) => {
    const text = `${JSON.stringify(small([get('One', 'https://a.test/1')]), null, indent)}\n`
    const remote = stored(JSON.parse(text) as object)
    remote.item.push({ name: 'Two', request: { method: 'GET', header: [], url: 'https://a.test/2' } })
    const pulled = textOf(pulledCollectionText(text, remote as CollectionBody))
    expect(pulled).toContain(`\n${indent.repeat(2)}{\n${indent.repeat(3)}"name": "Two",`)
    expect(
      pulled.split('\n').every((line) =>
        /^( |\t)*/
          .exec(line)![0]
          .split('')
          .every((c) => c === indent[0])
      )
    ).toBe(true)
    expect(detectStyle(pulled).indent).toBe(indent)
  })

  it('CRLF line ends, no final newline and a byte order mark stay as they were', () => {
    const text = `\uFEFF${JSON.stringify(small([get('One', 'https://a.test/1')]), null, '\t').replace(/\n/g, '\r\n')}`
    const remote = stored(JSON.parse(text.slice(1)) as object)
    remote.item.push({ name: 'Two', request: { method: 'POST', header: [], url: 'https://a.test/2' } })
    const pulled = textOf(pulledCollectionText(text, remote as CollectionBody))
    expect(pulled.startsWith('\uFEFF{\r\n')).toBe(true)
    expect(pulled.endsWith('}')).toBe(true)
    expect(pulled.replace(/\r\n/g, '')).not.toContain('\n')
    expect(pulled).toContain('"name": "Two"')
  })

  it('a one-line file stays on one line', () => {
    const text = JSON.stringify(small([get('One', 'https://a.test/1')]))
    const remote = stored(JSON.parse(text) as object)
    remote.item[0].request.method = 'PUT'
    const pulled = textOf(pulledCollectionText(text, remote as CollectionBody))
    expect(pulled).not.toContain('\n')
    expect(pulled).toBe(text.replace('"method":"GET"', '"method":"PUT"'))
  })

  it("a changed request keeps the file's key order and own ids; new keys come last", () => {
    const file = small([{ id: 'item-own-id', request: { url: 'https://a.test/1', method: 'GET' }, name: 'One', response: [] }])
    const text = `${JSON.stringify(file, null, 2)}\n`
    const remote = stored(JSON.parse(text) as object)
    remote.item[0].request.method = 'POST'
    remote.item[0].request.body = { mode: 'raw', raw: '{}' }
    const pulled = JSON.parse(textOf(pulledCollectionText(text, remote as CollectionBody))) as Rec
    expect(Object.keys(pulled.item[0])).toEqual(['id', 'request', 'name', 'response'])
    expect(pulled.item[0].id).toBe('item-own-id')
    expect(Object.keys(pulled.item[0].request)).toEqual(['url', 'method', 'body'])
    expect(pulled.item[0].request.url).toBe('https://a.test/1')
    expect(pulled.info._postman_id).toBe('file-own-id')
  })

  it('an envelope stays an envelope', () => {
    const text = `${JSON.stringify({ collection: small([get('One', 'https://a.test/1')]) }, null, 2)}\n`
    const remote = stored(JSON.parse(text) as object)
    remote.info.name = 'Renamed in Postman'
    const pulled = JSON.parse(textOf(pulledCollectionText(text, remote as CollectionBody))) as Rec
    expect(Object.keys(pulled)).toEqual(['collection'])
    expect(pulled.collection.info.name).toBe('Renamed in Postman')
  })
})

describe('export form', () => {
  it("what a GET adds never comes in with a new request, while the file's own settings stay", () => {
    const file = small([get('One', 'https://a.test/1', { protocolProfileBehavior: { disableBodyPruning: true } })])
    const text = `${JSON.stringify(file, null, 2)}\n`
    const remote = stored(JSON.parse(text) as object)
    remote.item[0].request.method = 'HEAD'
    remote.item.push({
      name: 'Two',
      event: [{ listen: 'test', script: { exec: ['pm.test("ok", () => {})'], type: 'text/javascript' } }],
      request: { method: 'GET', header: [], url: 'https://a.test/2' },
      response: [{ name: 'Saved', code: 200, body: 'ok' }]
    })
    const restored = stored(remote)
    const pulled = textOf(pulledCollectionText(text, restored as CollectionBody))
    const value = JSON.parse(pulled) as Rec
    // The stored GET really carries the decorations this proves are left out.
    for (const key of ['"uid"', '"disableBodyPruning"', '"packages"']) expect(JSON.stringify(restored.item[1])).toContain(key)
    expect(value.item[1]).toEqual({
      name: 'Two',
      event: [{ listen: 'test', script: { exec: ['pm.test("ok", () => {})'], type: 'text/javascript' } }],
      request: { method: 'GET', header: [], url: expect.objectContaining({ raw: 'https://a.test/2' }) },
      response: [expect.not.objectContaining({ id: expect.anything(), uid: expect.anything() })]
    })
    expect(value.item[0].protocolProfileBehavior).toEqual({ disableBodyPruning: true })
    expect(Object.keys(value.info)).toEqual(['_postman_id', 'name', 'schema'])
  })

  it('a request removed in Postman leaves the file; one the file had twice pairs in order', () => {
    const text = `${JSON.stringify(small([get('One', 'https://a.test/1'), get('Two', 'https://a.test/2'), get('Two', 'https://a.test/2b')]), null, 2)}\n`
    const remote = stored(JSON.parse(text) as object)
    remote.item.splice(0, 1)
    const pulled = JSON.parse(textOf(pulledCollectionText(text, remote as CollectionBody))) as Rec
    expect(pulled.item.map((i: Rec) => `${i.name} ${i.request.url}`)).toEqual(['Two https://a.test/2', 'Two https://a.test/2b'])
  })

  it('a secret collection variable keeps the value the file has, never the one Postman has', () => {
    const file = small([get('One', 'https://a.test/1')])
    file.variable = [
      { key: 'token', value: '', type: 'secret' },
      { key: 'base', value: 'https://a.test', type: 'string' }
    ]
    const text = `${JSON.stringify(file, null, 2)}\n`
    const remote = stored(JSON.parse(text) as object)
    remote.variable[0].value = 'POSTMAN-SECRET'
    remote.variable[1].value = 'https://b.test'
    const pulled = textOf(pulledCollectionText(text, remote as CollectionBody))
    expect(pulled).not.toContain('POSTMAN-SECRET')
    expect((JSON.parse(pulled) as Rec).variable).toEqual([
      { key: 'token', value: '', type: 'secret' },
      { key: 'base', value: 'https://b.test', type: 'string' }
    ])
  })
})

describe('environments', () => {
  const exported = (values: Rec[]): Rec => ({
    id: 'env-own-id',
    name: 'Dev',
    values,
    _postman_variable_scope: 'environment',
    _postman_exported_at: '2026-01-01T00:00:00.000Z',
    _postman_exported_using: 'Postman/11.0.0'
  })

  it("a changed value and a new variable come in; secret and vault values stay the file's; the file's order and ids stay", () => {
    const text = `${JSON.stringify(
      exported([
        { key: 'b', value: '1', type: 'default', enabled: true },
        { key: 'a', value: '2', type: 'text', enabled: true },
        { key: 'token', value: '', type: 'secret', enabled: true },
        { key: 'vault', value: '', type: 'default', enabled: true, secret: true, source: { provider: 'postman', name: 'v' } }
      ]),
      null,
      '\t'
    )}\n`
    const remote = storedEnvironment(JSON.parse(text) as object)
    const byKey = (key: string) => (remote.values as Rec[]).find((v) => v.key === key)!
    byKey('a').value = 'changed'
    byKey('token').value = 'POSTMAN-SECRET'
    byKey('vault').value = 'VAULT-VALUE'
    ;(remote.values as Rec[]).unshift({ key: 'plainTurnedSecret', value: 'SHOULD-NOT-APPEAR', type: 'secret', enabled: true })
    const pulled = textOf(pulledEnvironmentText(text, remote as EnvironmentBody))
    expect(pulled).not.toMatch(/POSTMAN-SECRET|VAULT-VALUE|SHOULD-NOT-APPEAR/)
    const value = JSON.parse(pulled) as Rec
    expect(value.values.map((v: Rec) => `${v.key}=${v.value}`)).toEqual(['b=1', 'a=changed', 'token=', 'vault=', 'plainTurnedSecret='])
    // Unchanged variables keep their bytes: `text` is not rewritten to `default`.
    expect(value.values[1].type).toBe('text')
    expect(Object.keys(value)).toEqual(['id', 'name', 'values', '_postman_variable_scope', '_postman_exported_at', '_postman_exported_using'])
    expect(environmentsEqual(value as EnvironmentBody, remote as EnvironmentBody)).toBe(true)
  })
})
