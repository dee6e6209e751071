/** The one "inside the root" rule (src/util/paths.ts) that discovery, the resources map and the run guard use. */
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isInsideRoot, rootRelative } from '../../src/util/paths.js'

const root = resolve('/repo/root')

describe('isInsideRoot', () => {
  it.each([
    [root, true],
    [join(root, 'a.json'), true],
    [join(root, 'dir', 'b.json'), true],
    // A name that starts with two dots is a name, not a way up (the run guard used to refuse it).
    [join(root, '..hidden.json'), true],
    [join(root, '..', 'root-sibling.json'), false],
    [resolve('/repo'), false],
    [resolve('/repo/rootless/a.json'), false],
    [resolve('/elsewhere/a.json'), false]
  ])('%s → %s', (path, expected) => {
    expect(isInsideRoot(root, path)).toBe(expected)
  })

  it('gives the repository path with / separators, or undefined outside', () => {
    expect(rootRelative(root, join(root, 'dir', 'b.json'))).toBe('dir/b.json')
    expect(rootRelative(root, root)).toBe('')
    expect(rootRelative(root, resolve('/elsewhere/a.json'))).toBeUndefined()
  })
})
