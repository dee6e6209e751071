/**
 * Every file the built action writes stays inside the repository or RUNNER_TEMP, never through a
 * symlink, never into .git — whatever a pull request commits or `junit-report` says. A refused
 * path fails the step naming the input before anything is written to Postman.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  annotationsOf,
  asFile,
  collection,
  lines,
  run,
  scenario,
  startWorld,
  transcript,
  writesOf,
  type RunResult,
  type Scenario,
  type World
} from './fault-helpers.js'

let world: World
let outside: string
beforeAll(async () => {
  world = await startWorld()
  outside = await mkdtemp(join(tmpdir(), 'postman-sync-outside-'))
})
afterAll(async () => {
  await world?.close()
  await rm(outside, { recursive: true, force: true })
})

/** A repository with one collection (no requests: the run is about the report, not the API). */
const files = (): Record<string, string> => ({ 'postman/a.postman_collection.json': asFile(collection('A', [])) })

/** Commits whatever was created in the working tree by hand (symlinks). */
function commitWorkingTree(s: Scenario, message: string): void {
  s.repo.git('add', '-A')
  s.repo.git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', message)
  s.shas.push(s.repo.git('rev-parse', 'HEAD'))
}

/** Failed naming `junit-report`, before any write to Postman. */
function expectRefused(r: RunResult, pattern: RegExp): void {
  expect(r.code, transcript(r)).not.toBe(0)
  expect(writesOf(r.requests), lines(r.requests).join('\n')).toEqual([])
  const errors = annotationsOf(r)
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n')
  expect(errors, transcript(r)).toMatch(/Input 'junit-report'/)
  expect(errors).toMatch(pattern)
}

const withJUnit = (path: string, extra: Record<string, string> = {}) => ({ inputs: { run: 'true', 'junit-report': path, ...extra } })

describe('junit-report paths that are refused before any write', () => {
  it.each([
    ['../escaped.xml', /resolves outside the repository and RUNNER_TEMP/],
    ['reports/../../escaped.xml', /resolves outside/],
    ['.git/config', /leads into \.git/],
    ['.GIT/hooks/pre-commit', /leads into \.git/],
    ['nested/.Git/config', /leads into \.git/]
  ])('%s', async (path, pattern) => {
    const s = await scenario(world, files())
    const gitConfig = await readFile(join(s.repo.dir, '.git/config'), 'utf8')
    expectRefused(await run(s, withJUnit(path)), pattern)
    expect(await readFile(join(s.repo.dir, '.git/config'), 'utf8')).toBe(gitConfig)
    await expect(readFile(join(s.repo.dir, '..', 'escaped.xml'))).rejects.toThrow(/ENOENT/)
  })

  it('an absolute path outside the repository and RUNNER_TEMP', async () => {
    const s = await scenario(world, files())
    const victim = join(outside, 'absolute.xml')
    expectRefused(await run(s, withJUnit(victim)), /resolves outside/)
    await expect(readFile(victim)).rejects.toThrow(/ENOENT/)
  })
})

describe('junit-report paths that are written', () => {
  it('a report directory that does not exist yet is created (no raw ENOENT … mkdir)', async () => {
    const s = await scenario(world, files())
    const r = await run(s, withJUnit('reports/nested/deeper/junit.xml'))
    expect(r.code, transcript(r)).toBe(0)
    expect(await readFile(join(s.repo.dir, 'reports/nested/deeper/junit.xml'), 'utf8')).toMatch(/<testsuites/)
    expect(r.outputs['junit-report']).toBe(join(s.repo.dir, 'reports/nested/deeper/junit.xml'))
  })

  it('an absolute path into RUNNER_TEMP (as the repository e2e workflow does)', async () => {
    const s = await scenario(world, files())
    const temp = await mkdtemp(join(tmpdir(), 'postman-sync-runner-temp-'))
    try {
      const r = await run(s, { ...withJUnit(join(temp, 'out/junit.xml')), env: { RUNNER_TEMP: temp } })
      expect(r.code, transcript(r)).toBe(0)
      expect(await readFile(join(temp, 'out/junit.xml'), 'utf8')).toMatch(/<testsuites/)
    } finally {
      await rm(temp, { recursive: true, force: true })
    }
  })
})

// Committed symlinks are created with fs.symlink, which needs privileges on Windows; the writer's
// checks are the same on every platform.
describe.skipIf(process.platform !== 'linux')('symlinks committed in a pull request (Linux only: symlink creation needs privileges elsewhere)', () => {
  it('reports/postman-junit.xml -> a file outside: refused, the file outside untouched', async () => {
    const victim = join(outside, 'victim.txt')
    await writeFile(victim, 'original')
    const s = await scenario(world, files())
    await mkdir(join(s.repo.dir, 'reports'))
    await symlink(victim, join(s.repo.dir, 'reports/postman-junit.xml'))
    commitWorkingTree(s, 'link the report')
    expectRefused(await run(s, withJUnit('reports/postman-junit.xml')), /symlink reports\/postman-junit\.xml/)
    expect(await readFile(victim, 'utf8')).toBe('original')
  })

  it('reports -> a directory outside: refused, nothing created there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postman-sync-linked-dir-'))
    try {
      const s = await scenario(world, files())
      await symlink(dir, join(s.repo.dir, 'reports'))
      commitWorkingTree(s, 'link the reports directory')
      expectRefused(await run(s, withJUnit('reports/junit.xml')), /symlink reports/)
      expect(await readdir(dir)).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('meta -> .git: the report cannot reach git config through a link', async () => {
    const s = await scenario(world, files())
    await symlink('.git', join(s.repo.dir, 'meta'))
    commitWorkingTree(s, 'link .git')
    const gitConfig = await readFile(join(s.repo.dir, '.git/config'), 'utf8')
    expectRefused(await run(s, withJUnit('meta/config')), /symlink meta/)
    expect(await readFile(join(s.repo.dir, '.git/config'), 'utf8')).toBe(gitConfig)
  })
})
