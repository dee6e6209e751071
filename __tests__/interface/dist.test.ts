/**
 * dist/index.js is what the runner executes, and it is committed: it must be exactly what the
 * build makes from the sources, or a merged fix would not ship (or an unreviewed bundle would).
 * Builds with scripts/build.mjs itself into a temporary file, so the options cannot drift apart.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
let tempDir: string | undefined

afterAll(async () => {
  if (tempDir) await rm(tempDir, { recursive: true, force: true })
})

/** The committed bundle (HEAD), or the file itself outside a git checkout (a source tarball). */
async function committedBundle(): Promise<Buffer> {
  try {
    const { stdout } = await run('git', ['show', 'HEAD:dist/index.js'], { cwd: root, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 })
    return stdout
  } catch {
    return readFile(join(root, 'dist/index.js'))
  }
}

describe('dist/index.js', () => {
  it('equals a fresh build of the sources', async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'postman-sync-dist-'))
    const fresh = join(tempDir, 'index.js')
    await run(process.execPath, [join(root, 'scripts/build.mjs'), '--outfile', fresh], { cwd: tempDir })

    const [built, committed] = await Promise.all([readFile(fresh), committedBundle()])
    expect(built.length, 'the fresh build is empty').toBeGreaterThan(0)
    expect(built.equals(committed), 'dist/index.js differs from a fresh build: run npm run build and commit dist/').toBe(true)
  })
})
