import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectionFromJson } from '../../src/newman/collection-file.js'
import { dropBailDuplicates, findLine, type FailureRecord } from '../../src/newman/findings.js'
import { runCollections } from '../../src/newman/runner.js'
import { jsonPositions } from '../../src/util/json-positions.js'
import { lineContaining, recordingLog, runOptions, startLoopbackApi, type Loopback } from './loopback.js'

const root = resolve(import.meta.dirname, '../..')
const NESTED = '__tests__/fixtures/runs/nested.postman_collection.json'
const text = readFileSync(resolve(root, NESTED), 'utf8')
const file = collectionFromJson(NESTED, text, JSON.parse(text))

const record = (indexPath: number[], assertion?: string): FailureRecord => ({
  kind: assertion === undefined ? 'request-error' : 'assertion',
  indexPath,
  names: [],
  assertion,
  message: 'm',
  iteration: 0
})

describe('findLine', () => {
  const positions = jsonPositions(text)
  const second = lineContaining(text, '"name": "Same"', lineContaining(text, '"name": "Same"', lineContaining(text, '"name": "Same"')))
  it.each([
    [
      'a test declared in the collection script, double quotes',
      record([0, 0], 'collection-wide check'),
      lineContaining(text, 'pm.test(\\"collection-wide check\\"')
    ],
    ['a test declared in a folder script whose exec is one string, backticks', record([1, 0], 'folder check'), lineContaining(text, 'pm.test(`folder check`')],
    ['a legacy tests[] assertion', record([1, 1], 'legacy check'), lineContaining(text, "tests['legacy check']")],
    ['a test declared nowhere: the request name', record([1, 0], 'dynamic name 42'), lineContaining(text, '"name": "Same"', second)],
    ['a request error in the first of two same-named requests', record([0, 0]), lineContaining(text, '"name": "Same"', lineContaining(text, '"name": "Same"'))],
    ['a request error in the second, found by position, not name', record([1, 0]), lineContaining(text, '"name": "Same"', second)]
  ])('%s', (_label, failure, expected) => {
    expect(findLine(file, failure, positions)).toBe(expected)
  })

  it('is undefined for an item the committed file does not have', () => {
    expect(findLine(file, record([5, 0]), positions)).toBeUndefined()
  })

  it('reads the API envelope and counts requests and folder names', () => {
    expect(file.prefix).toEqual(['collection'])
    expect(file.requests).toBe(3)
    expect([...file.entryNames].sort()).toEqual(['Legacy', 'Same'])
  })
})

describe('dropBailDuplicates', () => {
  it('drops the AssertionFailure script error that repeats an assertion of the same item and iteration only', () => {
    const assertion = { ...record([0], 'status'), iteration: 0 }
    const duplicate: FailureRecord = { kind: 'script-error', errorName: 'AssertionFailure', message: 'status', indexPath: [0], names: [], iteration: 0 }
    const otherIteration = { ...duplicate, iteration: 1 }
    const realError: FailureRecord = { ...duplicate, errorName: 'TypeError', message: 'x is undefined' }
    expect(dropBailDuplicates([assertion, duplicate, otherIteration, realError])).toEqual([assertion, otherIteration, realError])
  })
})

describe('runs of the nested fixture', () => {
  let api: Loopback
  beforeAll(async () => {
    api = await startLoopbackApi()
  })
  afterAll(async () => api.close())

  it('puts findings of every iteration on the lines of their tests', async () => {
    const result = await runCollections(
      runOptions({ root, collections: [NESTED], envVars: { baseUrl: api.url }, iterationData: '__tests__/fixtures/runs/iterations.csv' }),
      { log: recordingLog() }
    )
    const brief = result.findings.map((f) => `${f.iteration} ${f.request} | ${f.assertion} @${f.line}`)
    const collectionWide = lineContaining(text, 'collection-wide check')
    const folder = lineContaining(text, 'folder check')
    const legacy = lineContaining(text, 'legacy check')
    expect(brief).toEqual([
      // The folder's test also runs for Legacy, whose 404 body has no name.
      `0 Same › Legacy | collection-wide check @${collectionWide}`,
      `0 Same › Legacy | folder check @${folder}`,
      `0 Same › Legacy | legacy check @${legacy}`,
      `1 Same › Same | folder check @${folder}`,
      `1 Same › Legacy | collection-wide check @${collectionWide}`,
      `1 Same › Legacy | folder check @${folder}`,
      `1 Same › Legacy | legacy check @${legacy}`
    ])
    expect(result.runs[0]).toMatchObject({ requests: 6, failedAssertions: 7 })
  })
})
