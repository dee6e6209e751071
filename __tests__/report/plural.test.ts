import { describe, expect, it } from 'vitest'
import { buildSummary } from '../../src/report/summary.js'
import { plural } from '../../src/util/plural.js'

describe('plural', () => {
  it.each([
    [0, 'error', undefined, '0 errors'],
    [1, 'error', undefined, '1 error'],
    [2, 'conflict', undefined, '2 conflicts'],
    [1, 'entry', 'entries', '1 entry'],
    [3, 'entry', 'entries', '3 entries']
  ])('%i %s', (count, one, many, expected) => {
    expect(plural(count, one, many)).toBe(expected)
  })

  it('the summary headline says "1 error" and "1 conflict"', () => {
    const md = buildSummary({
      sync: {
        mode: 'plan',
        entries: [
          { kind: 'collection', path: 'a.json', name: 'A', action: 'error', reason: 'bad' },
          { kind: 'collection', path: 'b.json', name: 'B', action: 'conflict', reason: 'edited' }
        ],
        unclaimed: [],
        apiCalls: 1,
        findings: []
      },
      findings: [],
      notes: []
    })
    expect(md).toContain('1 conflict, 1 error')
    expect(md).not.toMatch(/\b1 (conflicts|errors)\b/)
  })
})
