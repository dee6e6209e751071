/**
 * dist/ is what the runner executes (dist/index.js and the chunks it imports), and it is committed:
 * it must be exactly what the build makes from the sources, or a merged fix would not ship (or an
 * unreviewed bundle would). Builds with scripts/build.mjs itself into a temporary directory, so the
 * options cannot drift apart, and compares every file both ways: none differs, none is missing,
 * none is left over from an older build.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
let tempDir: string | undefined

afterAll(async () => {
  if (tempDir) await rm(tempDir, { recursive: true, force: true })
})

/** Every file under `dir`, relative to it with `/`, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
}

/** The committed dist/ (HEAD) as path → bytes, or the files themselves outside a git checkout (a source tarball). */
async function committedDist(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  try {
    const { stdout } = await run('git', ['ls-tree', '-r', '--name-only', 'HEAD', 'dist/'], { cwd: root })
    for (const path of stdout.split('\n').filter(Boolean)) {
      const shown = await run('git', ['show', `HEAD:${path}`], { cwd: root, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 })
      files.set(path.slice('dist/'.length), shown.stdout)
    }
  } catch {
    for (const path of await filesUnder(join(root, 'dist'))) files.set(path, await readFile(join(root, 'dist', path)))
  }
  return files
}

describe('dist/', () => {
  it('equals a fresh build of the sources, file for file', async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'postman-sync-dist-'))
    const fresh = join(tempDir, 'dist')
    await run(process.execPath, [join(root, 'scripts/build.mjs'), '--outdir', fresh], { cwd: tempDir })

    const built = await filesUnder(fresh)
    const committed = await committedDist()
    expect(built, 'the fresh build has no entry').toContain('index.js')
    expect([...committed.keys()].sort(), 'dist/ holds other files than a fresh build: run npm run build and commit dist/').toEqual(built)
    for (const path of built) {
      const bytes = await readFile(join(fresh, path))
      expect(bytes.equals(committed.get(path)!), `dist/${path} differs from a fresh build: run npm run build and commit dist/`).toBe(true)
    }
  })
})
