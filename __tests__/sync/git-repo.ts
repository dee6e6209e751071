/** Temporary git repositories for the sync tests (no network: clones are `file://`). */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface TempRepo {
  dir: string
  git(...args: string[]): string
  /** Writes files (repository-relative path → text) and commits them; returns the new sha. */
  commit(files: Record<string, string | null>, message?: string): string
  remove(): void
}

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1'
}

function wrap(dir: string): TempRepo {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: ENV, encoding: 'utf8', stdio: 'pipe' }).trim()
  return {
    dir,
    git,
    commit(files, message = 'change') {
      for (const [rel, text] of Object.entries(files)) {
        const abs = path.join(dir, rel)
        if (text === null) rmSync(abs, { force: true })
        else {
          mkdirSync(path.dirname(abs), { recursive: true })
          writeFileSync(abs, text)
        }
      }
      git('add', '-A')
      git('commit', '-q', '--allow-empty', '-m', message)
      return git('rev-parse', 'HEAD')
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** A fresh repository on branch `main`. */
export function initRepo(): TempRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'postman-sync-git-'))
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: ENV })
  // Let a shallow clone fetch any commit by sha, as GitHub allows.
  execFileSync('git', ['config', 'uploadpack.allowAnySHA1InWant', 'true'], { cwd: dir, env: ENV })
  return wrap(dir)
}

/** A depth-1 clone of `origin`, as actions/checkout makes. */
export function shallowClone(origin: TempRepo): TempRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'postman-sync-clone-'))
  execFileSync('git', ['clone', '-q', '--depth=1', '--no-local', `file://${origin.dir}`, dir], { env: ENV })
  return wrap(dir)
}

/**
 * Runs `fn` with a `git` on PATH that records each subcommand before running the real git, and
 * returns how many `git fetch` ran: the count a test asserts, deterministic where racing fetches
 * fail only sometimes.
 */
export async function withGitSpy(fn: () => Promise<void>): Promise<number> {
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'postman-sync-gitspy-'))
  const log = path.join(dir, 'calls')
  writeFileSync(path.join(dir, 'git'), `#!/bin/sh\necho "$1" >> '${log}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 })
  const savedPath = process.env.PATH
  process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ''}`
  try {
    await fn()
    return readFileSync(log, 'utf8')
      .split('\n')
      .filter((subcommand) => subcommand === 'fetch').length
  } finally {
    process.env.PATH = savedPath
    rmSync(dir, { recursive: true, force: true })
  }
}
