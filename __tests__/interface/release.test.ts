/**
 * The release script the Release workflow runs, exercised on a temporary repository with a bare
 * `origin`: a dry run of a real release, without GitHub.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { changelogSection, planRelease } from '../../scripts/release/release.js'
import { ROOT } from './helpers.js'

const SCRIPT = resolve(ROOT, 'scripts/release/release.ts')
// The script runs with the temporary repository as its working directory, which has no
// node_modules: load tsx from this one.
const TSX = pathToFileURL(resolve(ROOT, 'node_modules/tsx/dist/loader.mjs')).href

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.1.0] - 2026-12-01

### Added
- Pull mode.

## [1.0.0] - 2026-11-29

First release.
`

describe('changelogSection', () => {
  it('returns the text under the version heading, up to the next heading', () => {
    expect(changelogSection(CHANGELOG, '1.1.0')).toBe('### Added\n- Pull mode.')
    expect(changelogSection(CHANGELOG, '1.0.0')).toBe('First release.')
  })

  it('does not take 1.0.0 for 1.0.00 or 11.0.0, and has nothing for an unknown or empty section', () => {
    expect(changelogSection('## [11.0.0]\nx\n', '1.0.0')).toBeUndefined()
    expect(changelogSection('## [1.0.0]\n\n## [0.9.0]\nold\n', '1.0.0')).toBeUndefined()
    expect(changelogSection(CHANGELOG, '2.0.0')).toBeUndefined()
  })
})

describe('planRelease', () => {
  it('derives the major tag from the tag', () => {
    expect(planRelease('v1.1.0', '1.1.0', CHANGELOG)).toEqual({ version: '1.1.0', majorTag: 'v1', notes: '### Added\n- Pull mode.' })
  })

  it.each([
    ['v1.1', '1.1.0', /not a release tag/],
    ['v1.1.0-rc.1', '1.1.0-rc.1', /not a release tag/],
    ['1.1.0', '1.1.0', /not a release tag/],
    ['v1.1.0', '1.0.0', /does not match package.json version '1.0.0'/],
    ['v2.0.0', '2.0.0', /no section '## \[2.0.0\]'/]
  ])('refuses %s with package version %s', (tag, version, message) => {
    expect(() => planRelease(tag, version, CHANGELOG)).toThrow(message)
  })
})

describe('scripts/release/release.ts on a temporary repository', () => {
  let dir: string
  let work: string
  let origin: string
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim()
  const release = (...args: string[]) =>
    execFileSync(process.execPath, ['--import', TSX, SCRIPT, ...args], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

  function commitVersion(version: string): string {
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'x', version }))
    writeFileSync(join(work, 'CHANGELOG.md'), CHANGELOG)
    git(work, 'add', '.')
    git(work, 'commit', '-q', '-m', `Release ${version}`)
    git(work, 'tag', `v${version}`)
    git(work, 'push', '-q', 'origin', 'HEAD:main', `v${version}`)
    return git(work, 'rev-parse', 'HEAD')
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'release-'))
    origin = join(dir, 'origin.git')
    work = join(dir, 'work')
    git(dir, 'init', '-q', '--bare', origin)
    git(dir, 'init', '-q', work)
    git(work, 'config', 'user.email', 'release@example.com')
    git(work, 'config', 'user.name', 'Release')
    git(work, 'remote', 'add', 'origin', origin)
  })

  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('writes the notes and moves v1 on origin to each release in turn', () => {
    const first = commitVersion('1.0.0')
    release('v1.0.0', '--notes', join(dir, 'notes.md'), '--push')
    expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('First release.\n')
    expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(first)

    const second = commitVersion('1.1.0')
    expect(release('v1.1.0', '--push')).toContain('v1 now points at it on origin')
    expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(second)
    expect(git(origin, 'rev-parse', 'v1.0.0^{commit}')).toBe(first)
  })

  it('without --push moves the major tag only locally', () => {
    const first = commitVersion('1.0.0')
    release('v1.0.0')
    expect(git(work, 'rev-parse', 'v1^{commit}')).toBe(first)
    expect(() => git(origin, 'rev-parse', '--verify', '-q', 'refs/tags/v1')).toThrow()
  })

  it('fails, naming what to fix, and moves nothing when the version does not match the tag', () => {
    commitVersion('1.0.0')
    git(work, 'tag', 'v1.2.0')
    let stderr = ''
    try {
      release('v1.2.0', '--push')
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr)
    }
    expect(stderr).toContain("Tag 'v1.2.0' does not match package.json version '1.0.0'")
    expect(() => git(origin, 'rev-parse', '--verify', '-q', 'refs/tags/v1')).toThrow()
  })

  it('fails when the tag does not exist', () => {
    commitVersion('1.0.0')
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'x', version: '1.1.0' }))
    expect(() => release('v1.1.0')).toThrow(/does not exist in this repository/)
  })
})
