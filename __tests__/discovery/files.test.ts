import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFiles } from '../../src/discovery/files.js'

let base: string
let repo: string
let outside: string

const FILES = [
  'a.postman_collection.json',
  'postman/b.postman_collection.json',
  'postman/deep/c.postman_collection.json',
  'postman/deep/deeper/d.postman_collection.json',
  'postman/env/dev.postman_environment.json',
  'legacy/old.postman_collection.json',
  'legacy/sub/older.postman_collection.json',
  '.postman/hidden.postman_collection.json',
  'node_modules/pkg/e.postman_collection.json',
  'postman/node_modules/f.postman_collection.json',
  '.git/g.postman_collection.json',
  'notes.txt',
  'space dir/s p.postman_collection.json'
]

beforeAll(() => {
  base = mkdtempSync(nodePath.join(tmpdir(), 'find-files-'))
  repo = nodePath.join(base, 'repo')
  outside = nodePath.join(base, 'outside')
  for (const file of FILES) {
    mkdirSync(nodePath.dirname(nodePath.join(repo, file)), { recursive: true })
    writeFileSync(nodePath.join(repo, file), '{}')
  }
  mkdirSync(outside)
  writeFileSync(nodePath.join(outside, 'secret.postman_collection.json'), '{}')
  symlinkSync(nodePath.join(outside, 'secret.postman_collection.json'), nodePath.join(repo, 'escape.postman_collection.json'))
  symlinkSync(outside, nodePath.join(repo, 'outside-dir'))
  symlinkSync(nodePath.join(repo, 'postman/b.postman_collection.json'), nodePath.join(repo, 'link-inside.postman_collection.json'))
  symlinkSync(nodePath.join(repo, 'postman/deep'), nodePath.join(repo, 'deep-link'))
  symlinkSync(nodePath.join(repo, 'legacy'), nodePath.join(repo, 'legacy/sub/loop'))
  symlinkSync(nodePath.join(repo, 'missing.json'), nodePath.join(repo, 'broken.postman_collection.json'))
})

afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('findFiles', () => {
  it.each([
    {
      patterns: ['postman/*.postman_collection.json'],
      paths: ['postman/b.postman_collection.json']
    },
    {
      patterns: ['postman/**/*.postman_collection.json'],
      paths: ['postman/b.postman_collection.json', 'postman/deep/c.postman_collection.json', 'postman/deep/deeper/d.postman_collection.json']
    },
    {
      patterns: ['postman/*/*.postman_collection.json'],
      paths: ['postman/deep/c.postman_collection.json']
    },
    {
      patterns: ['**/*.postman_collection.json', '!legacy/**', '!**/deeper/**', '!deep-link/**'],
      paths: [
        '.postman/hidden.postman_collection.json',
        'a.postman_collection.json',
        // link-inside.postman_collection.json is postman/b…: each real file is listed once, by its own path
        'postman/b.postman_collection.json',
        'postman/deep/c.postman_collection.json',
        'space dir/s p.postman_collection.json'
      ]
    },
    {
      patterns: ['legacy/**/*.json', '!legacy/sub/*'],
      paths: ['legacy/old.postman_collection.json']
    },
    {
      patterns: ['./a.postman_collection.json', ' postman/env/dev.postman_environment.json '],
      paths: ['a.postman_collection.json', 'postman/env/dev.postman_environment.json']
    },
    {
      patterns: ['deep-link/*.json'],
      paths: ['deep-link/c.postman_collection.json']
    },
    {
      patterns: ['**/*.{postman_environment,txt}*'],
      paths: ['notes.txt', 'postman/env/dev.postman_environment.json']
    }
  ])('matches $patterns', async ({ patterns, paths }) => {
    const result = await findFiles(repo, patterns)
    expect(result.paths).toEqual(paths)
    expect(result.findings.filter((finding) => finding.level === 'error')).toEqual([])
  })

  it('never matches node_modules or .git, even when a pattern names them', async () => {
    const result = await findFiles(repo, ['**/*.postman_collection.json', 'node_modules/**/*.json', '.git/*.json'])
    expect(result.paths.some((path) => path.includes('node_modules') || path.startsWith('.git/'))).toBe(false)
    expect(result.findings.filter((finding) => finding.title === 'Pattern matches nothing').map((finding) => finding.message)).toEqual([
      "A pattern 'node_modules/**/*.json' matches no file in the repository (node_modules and .git are never searched).",
      "A pattern '.git/*.json' matches no file in the repository (node_modules and .git are never searched)."
    ])
  })

  it('skips a symlink that leaves the repository, with a warning on it, and follows links inside', async () => {
    const result = await findFiles(repo, ['*.postman_collection.json', 'outside-dir/**'])
    expect(result.paths).toEqual(['a.postman_collection.json', 'link-inside.postman_collection.json'])
    expect(result.findings.map(({ level, title, file }) => ({ level, title, file }))).toEqual([
      { level: 'warning', title: 'Symlink leaves the repository', file: 'escape.postman_collection.json' },
      { level: 'warning', title: 'Symlink leaves the repository', file: 'outside-dir' },
      { level: 'warning', title: 'Pattern matches nothing', file: '' }
    ])
  })

  it('does not loop on a symlink cycle, and lists each real file once', async () => {
    const result = await findFiles(repo, ['legacy/**'])
    expect(result.paths).toEqual(['legacy/old.postman_collection.json', 'legacy/sub/older.postman_collection.json'])
  })

  it('prefers the direct path of a file also reached through a symlinked directory listed first', async () => {
    // 'deep-link' sorts before 'postman', so the walk meets postman/deep through the link first.
    const result = await findFiles(repo, ['**/c.postman_collection.json', '**/d.postman_collection.json'])
    expect(result.paths).toEqual(['postman/deep/c.postman_collection.json', 'postman/deep/deeper/d.postman_collection.json'])
  })

  it('lists a file reached only through a symlink by the link path', async () => {
    const result = await findFiles(repo, ['link-inside.postman_collection.json'])
    expect(result.paths).toEqual(['link-inside.postman_collection.json'])
  })

  it.each([
    { pattern: '../outside/*.json', problem: "contains '..'" },
    { pattern: 'postman/../../outside/*.json', problem: "contains '..'" },
    { pattern: '!../x', problem: "contains '..'" },
    { pattern: '/etc/*.json', problem: 'is an absolute path' },
    { pattern: 'C:/x/*.json', problem: 'is an absolute path' },
    { pattern: '~/x.json', problem: 'is an absolute path' }
  ])('rejects $pattern, naming the input', async ({ pattern, problem }) => {
    const result = await findFiles(repo, [pattern, 'a.postman_collection.json'], { input: 'collections' })
    expect(result.paths).toEqual(['a.postman_collection.json'])
    expect(result.findings).toEqual([
      {
        level: 'error',
        kind: 'invalid-file',
        file: '',
        title: 'Pattern outside the repository',
        message: `Input 'collections': the pattern '${pattern}' ${problem}. Patterns are relative to the repository root and cannot leave it.`
      }
    ])
  })

  it('warns once per pattern that matches nothing, and ignores empty entries', async () => {
    const result = await findFiles(repo, ['', '  ', 'nope/**/*.json', 'postman/*.json'], { input: 'environments' })
    expect(result.paths).toEqual(['postman/b.postman_collection.json'])
    expect(result.findings).toEqual([
      expect.objectContaining({
        level: 'warning',
        title: 'Pattern matches nothing',
        message: expect.stringContaining("Input 'environments': the pattern 'nope/**/*.json' matches no file")
      })
    ])
  })

  it("stays quiet when only an optional pattern (the action's default) matches nothing", async () => {
    const result = await findFiles(repo, ['nothing/**/*.postman_environment.json', 'nope/*.json'], {
      input: 'environments',
      optionalPatterns: ['nothing/**/*.postman_environment.json']
    })
    expect(result.findings.filter((finding) => finding.title === 'Pattern matches nothing').map((finding) => finding.message)).toEqual([
      expect.stringContaining("the pattern 'nope/*.json' matches no file")
    ])
  })

  it('returns nothing and no warning for no patterns', async () => {
    expect(await findFiles(repo, [])).toEqual({ paths: [], findings: [] })
  })
})
