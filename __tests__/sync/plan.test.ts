import { describe, expect, it } from 'vitest'
import type { PlanEntry } from '../../src/model/sync-result.js'
import { NORMALIZATION_VERSION as V } from '../../src/content/normalize.js'
import { applyConflictPolicy, callsNeeded, decide, unchangedWithoutFetch, writeBlocker, type Comparison, type Precheck } from '../../src/sync/plan.js'

const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-02T00:00:00.000Z'

describe('unchangedWithoutFetch', () => {
  const cases: Array<[string, Precheck, boolean]> = [
    ['same updatedAt, same local hash', { localHash: 'L', remoteUpdatedAt: T0, entry: { hash: 'L', updatedAt: T0, version: V } }, true],
    [
      'environment: source hash differs from written hash',
      { localHash: 'L', remoteUpdatedAt: T0, entry: { hash: 'W', source: 'L', updatedAt: T0, version: V } },
      true
    ],
    ['environment: local changed since', { localHash: 'L2', remoteUpdatedAt: T0, entry: { hash: 'W', source: 'L', updatedAt: T0, version: V } }, false],
    ['local changed', { localHash: 'L2', remoteUpdatedAt: T0, entry: { hash: 'L', updatedAt: T0, version: V } }, false],
    ['remote moved', { localHash: 'L', remoteUpdatedAt: T1, entry: { hash: 'L', updatedAt: T0, version: V } }, false],
    ['no entry', { localHash: 'L', remoteUpdatedAt: T0 }, false],
    ['listing without updatedAt', { localHash: 'L', entry: { hash: 'L', updatedAt: T0, version: V } }, false],
    ['entry of an older normalization (no version)', { localHash: 'L', remoteUpdatedAt: T0, entry: { hash: 'L', updatedAt: T0 } }, false],
    ['entry of another normalization version', { localHash: 'L', remoteUpdatedAt: T0, entry: { hash: 'L', updatedAt: T0, version: V + 1 } }, false]
  ]
  it.each(cases)('%s → %s', (_t, p, expected) => {
    expect(unchangedWithoutFetch(p)).toBe(expected)
  })
})

describe('decide', () => {
  const cases: Array<[string, Precheck, Comparison, string]> = [
    // With a state entry.
    [
      'entry, same updatedAt, local changed → update',
      { localHash: 'L2', remoteUpdatedAt: T0, entry: { hash: 'L', updatedAt: T0, version: V } },
      { remoteHash: 'L', equalsLocal: false },
      'update'
    ],
    [
      'entry, remote moved but holds what was written → update',
      { localHash: 'L2', remoteUpdatedAt: T1, entry: { hash: 'L', updatedAt: T0, version: V } },
      { remoteHash: 'L', equalsLocal: false },
      'update'
    ],
    [
      'entry, remote edited in Postman → conflict',
      { localHash: 'L2', remoteUpdatedAt: T1, entry: { hash: 'L', updatedAt: T0, version: V } },
      { remoteHash: 'R', equalsLocal: false },
      'conflict'
    ],
    [
      'entry, remote edited to what the repository now says → unchanged',
      { localHash: 'L2', remoteUpdatedAt: T1, entry: { hash: 'L', updatedAt: T0, version: V } },
      { remoteHash: 'L2', equalsLocal: true },
      'unchanged'
    ],
    [
      'entry, remote edited, repository unchanged → conflict (keeps the Postman edit visible)',
      { localHash: 'L', remoteUpdatedAt: T1, entry: { hash: 'L', updatedAt: T0, version: V } },
      { remoteHash: 'R', equalsLocal: false },
      'conflict'
    ],
    // updatedAt is never trusted alone (it does not always move on an item edit).
    [
      'entry, same updatedAt but the remote content is not what was written → conflict',
      { localHash: 'L2', remoteUpdatedAt: T0, entry: { hash: 'L', updatedAt: T0, version: V } },
      { remoteHash: 'R', equalsLocal: false },
      'conflict'
    ],
    // An entry of an older normalization is re-judged by content, never a conflict by itself.
    [
      'old entry, remote equals local → unchanged',
      { localHash: 'L', remoteUpdatedAt: T1, entry: { hash: 'X', updatedAt: T0 } },
      { remoteHash: 'L', equalsLocal: true },
      'unchanged'
    ],
    [
      'old entry, hash differs but remote equals base → update',
      { localHash: 'L2', remoteUpdatedAt: T1, entry: { hash: 'X', updatedAt: T0 } },
      { remoteHash: 'B', equalsLocal: false, equalsBase: true },
      'update'
    ],
    [
      'old entry, remote differs from base → conflict',
      { localHash: 'L2', remoteUpdatedAt: T1, entry: { hash: 'X', updatedAt: T0 } },
      { remoteHash: 'R', equalsLocal: false, equalsBase: false },
      'conflict'
    ],
    [
      'old entry, no base, updatedAt unmoved → update (the hash mismatch is the rules, not an edit)',
      { localHash: 'L2', remoteUpdatedAt: T0, entry: { hash: 'X', updatedAt: T0 } },
      { remoteHash: 'R', equalsLocal: false },
      'update'
    ],
    // Without one: the base commit decides.
    ['no entry, remote equals base → update', { localHash: 'L2', remoteUpdatedAt: T1 }, { remoteHash: 'B', equalsLocal: false, equalsBase: true }, 'update'],
    [
      'no entry, remote differs from base → conflict',
      { localHash: 'L2', remoteUpdatedAt: T1 },
      { remoteHash: 'R', equalsLocal: false, equalsBase: false },
      'conflict'
    ],
    ['no entry, remote equals local → unchanged', { localHash: 'L', remoteUpdatedAt: T1 }, { remoteHash: 'L', equalsLocal: true }, 'unchanged'],
    ['no entry, no base → conflict', { localHash: 'L', remoteUpdatedAt: T1 }, { remoteHash: 'R', equalsLocal: false }, 'conflict']
  ]
  it.each(cases)('%s', (_t, p, c, expected) => {
    expect(decide(p, c).action).toBe(expected)
  })

  it('a Postman-only edit says the repository did not change; with both edited, that both did', () => {
    const entry = { hash: 'L', updatedAt: T0, version: V }
    expect(decide({ localHash: 'L', remoteUpdatedAt: T1, entry }, { remoteHash: 'R', equalsLocal: false }).reason).toMatch(/the repository did not change/)
    expect(decide({ localHash: 'L2', remoteUpdatedAt: T1, entry }, { remoteHash: 'R', equalsLocal: false }).reason).toMatch(/the repository changed too/)
  })

  it('a conflict with an unmoved updatedAt says Postman did not move it', () => {
    const entry = { hash: 'L', updatedAt: T0, version: V }
    expect(decide({ localHash: 'L', remoteUpdatedAt: T0, entry }, { remoteHash: 'R', equalsLocal: false }).reason).toMatch(/updatedAt did not move/)
  })

  it("a conflict without any record says why it cannot tell (the ways out are the finding's, said once)", () => {
    const reason = decide({ localHash: 'L' }, { remoteHash: 'R', equalsLocal: false }).reason
    expect(reason).toMatch(/no record of what this action last wrote/)
    expect(reason).not.toMatch(/on-conflict/)
  })
})

describe('applyConflictPolicy', () => {
  const conflict = { action: 'conflict' as const, reason: 'Changed in Postman.' }
  it.each([
    ['fail', 'conflict'],
    ['skip', 'conflict'],
    ['overwrite', 'update']
  ] as const)('%s → %s', (policy, expected) => {
    expect(applyConflictPolicy(conflict, policy).action).toBe(expected)
  })
  it('leaves non-conflicts alone', () => {
    expect(applyConflictPolicy({ action: 'unchanged' }, 'overwrite')).toEqual({ action: 'unchanged' })
  })
  it('says that an overwrite happened', () => {
    expect(applyConflictPolicy(conflict, 'overwrite').reason).toMatch(/The repository wins/)
  })
})

const entry = (action: PlanEntry['action'], kind: PlanEntry['kind'] = 'collection'): PlanEntry => ({ kind, path: `${action}.json`, name: action, action })

describe('writeBlocker', () => {
  it.each([
    ['an invalid file blocks everything', [entry('update')], 1, 'overwrite', /failed validation/],
    [
      'a conflict under fail blocks everything, naming the pull and the overwrite workflows',
      [entry('update'), entry('conflict')],
      0,
      'fail',
      /1 conflict .*pull-from-postman\.yml.*overwrite-postman\.yml/
    ],
    ['a conflict under skip does not', [entry('update'), entry('conflict')], 0, 'skip', undefined],
    ['nothing to block', [entry('update'), entry('unchanged')], 0, 'fail', undefined]
  ] as const)('%s', (_t, entries, invalidFiles, onConflict, expected) => {
    const out = writeBlocker(entries, { invalidFiles, onConflict })
    if (expected) expect(out).toMatch(expected)
    else expect(out).toBeUndefined()
  })
})

describe('callsNeeded', () => {
  it.each([
    ['nothing to write', [entry('unchanged'), entry('conflict')], true, 0],
    ['one collection update: write, listing, state', [entry('update')], true, 3],
    ['both kinds: two listings', [entry('update'), entry('create', 'environment'), entry('create')], true, 6],
    ['state off: writes only', [entry('update'), entry('create')], false, 2]
  ] as const)('%s → %d', (_t, entries, stateOn, expected) => {
    expect(callsNeeded(entries, stateOn)).toBe(expected)
  })
})
