/**
 * A temporary git repository standing in for the runner's checkout, with a bare `origin` so the
 * stale-run guard (is this commit still the tip of its ref?) sees a real remote.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface TempRepo {
  dir: string
  origin: string
  /** Writes (or, with `null`, deletes) files, commits, pushes to origin's `main`; returns the sha. */
  commit(files: Record<string, string | null>, message?: string): Promise<string>
  git(...args: string[]): string
  remove(): Promise<void>
}

const identity = ['-c', 'user.name=Test', '-c', 'user.email=test@example.com']

export async function createTempRepo(): Promise<TempRepo> {
  const root = await mkdtemp(join(tmpdir(), 'postman-sync-repo-'))
  const dir = join(root, 'work')
  const origin = join(root, 'origin.git')
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin])
  await mkdir(dir)
  const git = (...args: string[]) => execFileSync('git', [...identity, ...args], { cwd: dir, encoding: 'utf8' }).trim()
  git('init', '-q', '-b', 'main')
  git('remote', 'add', 'origin', origin)
  return {
    dir,
    origin,
    git,
    async commit(files, message = 'change') {
      for (const [path, content] of Object.entries(files)) {
        const abs = join(dir, path)
        if (content === null) {
          await rm(abs, { force: true })
        } else {
          await mkdir(dirname(abs), { recursive: true })
          await writeFile(abs, content)
        }
      }
      git('add', '-A')
      git('commit', '-q', '--allow-empty', '-m', message)
      git('push', '-q', 'origin', 'HEAD:main')
      return git('rev-parse', 'HEAD')
    },
    remove: () => rm(root, { recursive: true, force: true })
  }
}

/** Pretty-prints as Postman exports do, so line numbers in tests match what a user commits. */
export const asFile = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`
