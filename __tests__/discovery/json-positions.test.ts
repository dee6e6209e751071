import { findNodeAtLocation, parseTree } from 'jsonc-parser'
import { describe, expect, it } from 'vitest'
import { LineIndex, jsonPositions, lineColumnAt, pathFromPointer } from '../../src/util/json-positions.js'
import { generateCollection } from '../fixtures/generate-large-collection.js'

const sample = [
  '{',
  '  "info": { "name": "Sample" },',
  '  "item": [',
  '    {',
  '      "name": "Folder",',
  '      "item": [',
  '        { "name": "A" },',
  '        { "name": "B" },',
  '        {',
  '          "name": "C",',
  '          "event": [',
  '            { "listen": "prerequest" },',
  '            {',
  '              "listen": "test",',
  '              "script": {',
  '                "exec": [',
  '                  "line 0",',
  '                  "line 1",',
  '                  "line 2",',
  '                  "line 3"',
  '                ]',
  '              }',
  '            }',
  '          ]',
  '        }',
  '      ]',
  '    }',
  '  ],',
  '  "dup": 1,',
  '  "dup": 2,',
  '  "a/b": { "c~d": true }',
  '}'
].join('\n')

describe('jsonPositions', () => {
  const positions = jsonPositions(sample)

  it.each([
    { path: [], line: 1, column: 1 },
    { path: ['info'], line: 2, column: 11 },
    { path: ['info', 'name'], line: 2, column: 21 },
    { path: ['item', 0], line: 4, column: 5 },
    { path: ['item', 0, 'item', 1], line: 8, column: 9 },
    { path: ['item', 0, 'item', 2], line: 9, column: 9 },
    { path: ['item', 0, 'item', 2, 'name'], line: 10, column: 19 },
    { path: ['item', 0, 'item', 2, 'event', 1, 'script', 'exec', 3], line: 20, column: 19 },
    // ajv gives array indices as strings
    { path: ['item', '0', 'item', '2', 'event', '0'], line: 12, column: 13 },
    // the last duplicate key wins, as in JSON.parse
    { path: ['dup'], line: 30, column: 10 },
    { path: ['a/b', 'c~d'], line: 31, column: 19 }
  ])('finds $path at line $line, column $column', ({ path, line, column }) => {
    expect(positions.lineOf(path)).toBe(line)
    expect(positions.positionOf(path)).toEqual({ line, column })
  })

  it.each([
    { path: ['missing'] },
    { path: ['item', 5] },
    { path: ['item', 'name'] },
    { path: ['item', -1] },
    { path: ['item', '01'] },
    { path: ['info', 'name', 'deeper'] }
  ])('returns undefined for the absent path $path', ({ path }) => {
    expect(positions.lineOf(path)).toBeUndefined()
  })

  it('agrees with jsonc-parser parseTree on every request of a generated collection', () => {
    const text = JSON.stringify(generateCollection(120), null, 2)
    const tree = parseTree(text)!
    const map = jsonPositions(text)
    const paths: Array<Array<string | number>> = []
    for (let folder = 0; folder < 3; folder++) {
      for (let req = 0; req < 50 && folder * 50 + req < 120; req++) {
        paths.push(['item', folder, 'item', req])
        paths.push(['item', folder, 'item', req, 'event', 1, 'script', 'exec', 4])
        paths.push(['item', folder, 'item', req, 'request', 'url', 'raw'])
      }
    }
    for (const path of paths) {
      const node = findNodeAtLocation(tree, path)!
      expect(map.offsetOf(path)).toBe(node.offset)
      expect(map.positionOf(path)).toEqual(lineColumnAt(text, node.offset))
    }
    // The request object starts on the line before its name.
    const line = map.lineOf(['item', 1, 'item', 7])!
    expect(text.split('\n')[line]).toContain('"name": "Request 57"')
  })

  it('reads escaped keys as JSON.parse does', () => {
    const text = '{\n  "a\\"b": 1,\n  "\\u00e9t\\u00e9": [true]\n}'
    expect(Object.keys(JSON.parse(text))).toEqual(['a"b', 'été'])
    const map = jsonPositions(text)
    expect(map.positionOf(['a"b'])).toEqual({ line: 2, column: 11 })
    expect(map.positionOf(['été', 0])).toEqual({ line: 3, column: 21 })
  })

  it('skips a leading BOM: offsets in the text, columns as an editor shows them', () => {
    const text = '\uFEFF{"a": [1, 22]}'
    const map = jsonPositions(text)
    expect(map.offsetOf(['a', 1])).toBe(text.indexOf('22'))
    expect(map.positionOf(['a', 1])).toEqual({ line: 1, column: text.indexOf('22') })
    expect(map.positionAt(text.indexOf('22'))).toEqual({ line: 1, column: text.indexOf('22') })
  })

  it('maps minified JSON to line 1 with columns', () => {
    const text = '{"item":[{"name":"x"},{"name":"y"}]}'
    const map = jsonPositions(text)
    expect(map.positionOf(['item', 1, 'name'])).toEqual({ line: 1, column: text.indexOf('"y"') + 1 })
  })

  it('covers the parsable part of broken JSON without throwing', () => {
    const text = '{\n  "a": [1, 2],\n  "b": {\n    "c": '
    const map = jsonPositions(text)
    expect(map.lineOf(['a', 1])).toBe(2)
    expect(map.lineOf(['b'])).toBe(3)
    expect(map.lineOf(['b', 'c'])).toBeUndefined()
  })
})

describe('lineColumnAt and LineIndex', () => {
  const text = 'ab\ncd\r\nef\rgh\n\nij'
  it.each([
    { offset: 0, line: 1, column: 1 },
    { offset: 2, line: 1, column: 3 },
    { offset: 3, line: 2, column: 1 },
    { offset: 5, line: 2, column: 3 },
    { offset: 7, line: 3, column: 1 }, // after \r\n
    { offset: 10, line: 4, column: 1 }, // after a lone \r
    { offset: 13, line: 5, column: 1 },
    { offset: 14, line: 6, column: 1 },
    { offset: 15, line: 6, column: 2 },
    { offset: 999, line: 6, column: 3 } // clamped to the end
  ])('offset $offset is line $line, column $column', ({ offset, line, column }) => {
    expect(lineColumnAt(text, offset)).toEqual({ line, column })
    expect(new LineIndex(text).positionAt(offset)).toEqual({ line, column })
  })

  it('grows past its initial capacity', () => {
    const text = 'x\n'.repeat(5000)
    expect(new LineIndex(text).positionAt(text.length - 2)).toEqual({ line: 5000, column: 1 })
  })
})

describe('pathFromPointer', () => {
  it.each([
    { pointer: '', path: [] },
    { pointer: '/item/0/request', path: ['item', '0', 'request'] },
    { pointer: '/a~1b/c~0d', path: ['a/b', 'c~d'] }
  ])('splits $pointer', ({ pointer, path }) => {
    expect(pathFromPointer(pointer)).toEqual(path)
  })
})
