/**
 * The confined writer: every file the action writes goes through it. Each case is a path a pull
 * request or an input could hand it; the file outside (or in .git) must stay as it was.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkConfinedPath, UnsafeWritePathError, writeConfinedFile, type ConfinedTarget } from '../../src/util/safe-write.js'

let base: string
let repo: string
let temp: string
let outside: string
let target: ConfinedTarget
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'safe-write-'))
  repo = join(base, 'repo')
  temp = join(base, 'runner-temp')
  outside = join(base, 'outside')
  for (const dir of [repo, temp, outside, join(repo, '.git')]) await mkdir(dir, { recursive: true })
  await writeFile(join(outside, 'victim.txt'), 'original')
  await writeFile(join(repo, '.git', 'config'), '[core]\n')
  target = { roots: [repo, temp], base: repo, input: 'junit-report' }
})
afterEach(async () => rm(base, { recursive: true, force: true }))

const refused = (promise: Promise<unknown>, reason: RegExp) => expect(promise).rejects.toThrow(reason)

describe('writes that stay inside', () => {
  it('a relative path in the repository, creating missing directories', async () => {
    const written = await writeConfinedFile('reports/deep/junit.xml', '<x/>', target)
    expect(await readFile(join(repo, 'reports/deep/junit.xml'), 'utf8')).toBe('<x/>')
    expect(written).toBe(join(repo, 'reports/deep/junit.xml'))
  })

  it('an absolute path into RUNNER_TEMP, and an existing file is replaced', async () => {
    await writeFile(join(temp, 'junit.xml'), 'old')
    await writeConfinedFile(join(temp, 'junit.xml'), 'new', target)
    expect(await readFile(join(temp, 'junit.xml'), 'utf8')).toBe('new')
  })

  it('a path that goes up and comes back in (reports/../junit.xml)', async () => {
    await writeConfinedFile('reports/../junit.xml', 'x', target)
    expect(await readFile(join(repo, 'junit.xml'), 'utf8')).toBe('x')
  })
})

describe('writes that are refused, naming the input, before anything is written', () => {
  it.each(['../outside/victim.txt', '../../x.xml', 'reports/../../outside/victim.txt'])('%s (leaves both roots)', async (path) => {
    await refused(writeConfinedFile(path, 'pwned', target), /Input 'junit-report': .* resolves outside the repository and RUNNER_TEMP/)
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('original')
  })

  it('an absolute path outside both roots', async () => {
    await refused(writeConfinedFile(join(outside, 'victim.txt'), 'pwned', target), /resolves outside/)
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('original')
  })

  it.each(['.git/config', '.GIT/config', 'sub/.Git/hooks/pre-commit', '.git./config', 'a/.git'])('%s (into .git, any case, any depth)', async (path) => {
    await refused(writeConfinedFile(path, 'pwned', target), /leads into \.git/)
    expect(await readFile(join(repo, '.git', 'config'), 'utf8')).toBe('[core]\n')
  })

  it('an empty path, a NUL byte, the root itself', () => {
    expect(() => checkConfinedPath('', target)).toThrow(UnsafeWritePathError)
    expect(() => checkConfinedPath('a\0b', target)).toThrow(/not a file path/)
    expect(() => checkConfinedPath('.', target)).toThrow(/names a directory/)
  })

  it('a path whose parent is a file', async () => {
    await writeFile(join(repo, 'reports'), 'a file')
    await refused(writeConfinedFile('reports/junit.xml', 'x', target), /needs reports to be a directory/)
  })

  it('an existing directory as the file', async () => {
    await mkdir(join(repo, 'reports'))
    await refused(writeConfinedFile('reports', 'x', target), /existing directory/)
  })
})

// Symlinks need no privilege on Linux only (Windows requires developer mode or admin, and the
// runners' macOS temp path is itself a symlink); the checks themselves are platform-neutral.
describe.skipIf(process.platform !== 'linux')('symlinks committed in a pull request (Linux only: creating symlinks needs privileges elsewhere)', () => {
  it('the file itself is a symlink to a file outside: refused, the target untouched', async () => {
    await mkdir(join(repo, 'reports'))
    await symlink(join(outside, 'victim.txt'), join(repo, 'reports/junit.xml'))
    await refused(writeConfinedFile('reports/junit.xml', 'pwned', target), /symlink reports\/junit\.xml/)
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('original')
  })

  it('a dangling symlink (to a file that does not exist yet) is refused too', async () => {
    await symlink(join(outside, 'new.txt'), join(repo, 'junit.xml'))
    await refused(writeConfinedFile('junit.xml', 'pwned', target), /symlink/)
    await expect(readFile(join(outside, 'new.txt'))).rejects.toThrow(/ENOENT/)
  })

  it('a directory symlinked outside: refused, nothing created outside', async () => {
    await symlink(outside, join(repo, 'reports'))
    await refused(writeConfinedFile('reports/junit.xml', 'pwned', target), /symlink reports/)
    await expect(readFile(join(outside, 'junit.xml'))).rejects.toThrow(/ENOENT/)
  })

  it('a symlink inside the repository pointing at .git: refused', async () => {
    await symlink(join(repo, '.git'), join(repo, 'meta'))
    await refused(writeConfinedFile('meta/config', 'pwned', target), /symlink meta/)
    expect(await readFile(join(repo, '.git', 'config'), 'utf8')).toBe('[core]\n')
  })

  it('a symlink to a directory inside the repository is refused as well (no link is followed)', async () => {
    await mkdir(join(repo, 'real'))
    await symlink(join(repo, 'real'), join(repo, 'link'))
    await refused(writeConfinedFile('link/junit.xml', 'x', target), /symlink link/)
  })

  it('a root that is itself a symlink is fine (macOS /tmp, a runner temp link): it is trusted', async () => {
    await symlink(temp, join(base, 'temp-link'))
    await writeConfinedFile('junit.xml', 'x', { roots: [join(base, 'temp-link')], input: 'RUNNER_TEMP' })
    expect(await readFile(join(temp, 'junit.xml'), 'utf8')).toBe('x')
  })
})
