import { describe, expect, it } from 'vitest'
import { failureReason, type OutcomeInput } from '../../src/outcome.js'

const clean: OutcomeInput = { failOn: 'error', syncErrors: 0, blockingConflicts: 0, failedTests: 0, runErrors: 0 }

describe('failureReason (fail-on)', () => {
  it.each([
    ['nothing wrong passes', clean, undefined],
    ['failed tests fail under error', { ...clean, failedTests: 2 }, /2 failed tests/],
    ['failed tests pass under sync-error', { ...clean, failOn: 'sync-error', failedTests: 2 }, undefined],
    ['sync errors fail under sync-error', { ...clean, failOn: 'sync-error', syncErrors: 1 }, /1 sync error\b/],
    ['blocking conflicts fail and say nothing was written', { ...clean, blockingConflicts: 3 }, /3 conflicts \(on-conflict: fail, nothing was written\)/],
    ['a run that could not complete fails under sync-error too', { ...clean, failOn: 'sync-error', runErrors: 1 }, /1 collection run could not complete/],
    ['never passes whatever happened', { failOn: 'never', syncErrors: 5, blockingConflicts: 1, failedTests: 9, runErrors: 1 }, undefined]
  ] as Array<[string, OutcomeInput, RegExp | undefined]>)('%s', (_name, input, expected) => {
    const reason = failureReason(input)
    if (expected === undefined) expect(reason).toBeUndefined()
    else expect(reason).toMatch(expected)
  })
})
