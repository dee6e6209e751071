/**
 * Nesting limits: a file nested beyond them is a validation error at the line where the limit is
 * crossed, and nothing recurses over it (2,000 folder levels and 100,000 JSON levels used to end
 * the step with `Maximum call stack size exceeded`).
 */
import { describe, expect, it } from 'vitest'
import { validateCollectionText, validateEnvironmentText } from '../../src/discovery/validate.js'
import { folderTooDeep, MAX_FOLDER_DEPTH } from '../../src/discovery/schema-check.js'
import { MAX_JSON_DEPTH, tooDeepAt } from '../../src/util/json-depth.js'
import { jsonPositions } from '../../src/util/json-positions.js'

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'

/** A collection with `levels` nested folders around one request, pretty-printed (one item per line). */
function nestedFolders(levels: number): string {
  let item: unknown = [{ name: 'r', request: { method: 'GET', url: 'https://x.test/' } }]
  for (let i = levels - 1; i >= 0; i--) item = [{ name: `f${i}`, item }]
  return JSON.stringify({ info: { name: 'Deep', schema: SCHEMA }, item }, null, 1)
}

describe('folder nesting', () => {
  it(`${MAX_FOLDER_DEPTH} levels are valid`, () => {
    const { file, findings } = validateCollectionText('deep.json', nestedFolders(MAX_FOLDER_DEPTH - 1))
    expect(findings.filter((f) => f.level === 'error')).toEqual([])
    expect(file).toBeDefined()
  })

  it(`${MAX_FOLDER_DEPTH + 1} levels: an error at the line of the first item too deep`, () => {
    const text = nestedFolders(MAX_FOLDER_DEPTH + 1)
    const { file, findings } = validateCollectionText('deep.json', text)
    expect(file).toBeUndefined()
    const error = findings.find((f) => f.level === 'error')
    expect(error?.message).toMatch(/Folders are nested more than 500 levels deep/)
    // Folder f500 is the item at depth 501: the finding is on its opening brace, just above its name.
    const nameLine = text.split('\n').findIndex((l) => l.includes(`"name": "f${MAX_FOLDER_DEPTH}"`)) + 1
    expect(error?.line).toBe(nameLine - 1)
  })

  it('2,000 levels (about 4,000 JSON levels): refused by the JSON limit first, at its line, no overflow', () => {
    const text = nestedFolders(2_000)
    const { file, findings } = validateCollectionText('deep.json', text)
    expect(file).toBeUndefined()
    const error = findings.find((f) => f.level === 'error')
    expect(error?.title).toBe('Nested too deeply')
    // Folder f749 is the object at JSON level 1,501: the finding is on its opening brace.
    expect(error?.line).toBe(text.split('\n').findIndex((l) => l.includes(`"name": "f${(MAX_JSON_DEPTH + 1 - 3) / 2}"`)))
  })

  it('folderTooDeep ignores what is not an item array and finds the path without recursion', () => {
    expect(folderTooDeep({ item: 5 })).toBeUndefined()
    expect(folderTooDeep({ item: [null, 1, { item: [{}] }] }, 1)).toEqual(['item', '2', 'item', '0'])
  })
})

describe('JSON nesting', () => {
  it.each([
    ['arrays in a request body', (n: number) => `{"info":{"name":"A","schema":"${SCHEMA}"},"item":[],"x":${'['.repeat(n)}${']'.repeat(n)}}`],
    ['objects', (n: number) => `{"info":{"name":"A","schema":"${SCHEMA}"},"item":[],"x":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`],
    ['unclosed (also a syntax error)', (n: number) => `{"x":${'['.repeat(n)}`]
  ])('%s, 10,000 and 100,000 levels: an error naming the line, no overflow', (_name, build) => {
    for (const n of [10_000, 100_000]) {
      const text = `{\n"pad": 1,\n"deep": ${build(n)}\n}`
      const { findings } = validateCollectionText('deep.json', text)
      const error = findings.find((f) => f.title === 'Nested too deeply')
      expect(error?.message).toMatch(/more than 1,500 levels deep/)
      expect(error?.line).toBe(3)
      const env = validateEnvironmentText('deep.postman_environment.json', text)
      expect(env.findings.some((f) => f.title === 'Nested too deeply')).toBe(true)
      // The position map gives up instead of recursing.
      expect(jsonPositions(text).lineOf(['deep'])).toBeUndefined()
    }
  })

  it('counts only brackets outside strings, escapes included', () => {
    expect(tooDeepAt(`["${'['.repeat(5000)}\\"${'{'.repeat(5000)}"]`)).toBeUndefined()
    expect(tooDeepAt('[[[', 2)).toBe(2)
    expect(tooDeepAt('[[]]', 2)).toBeUndefined()
    expect(tooDeepAt('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBeUndefined()
    expect(tooDeepAt('['.repeat(MAX_JSON_DEPTH + 1))).toBe(MAX_JSON_DEPTH)
  })
})
