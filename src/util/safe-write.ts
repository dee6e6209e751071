/**
 * The one writer for every file the action writes (plan, run report, JUnit, conflict copies, and
 * whatever later features add). The paths come from inputs, and the directories they lead through
 * come from the pull request's checkout, so a write is confined:
 *
 * - the path resolves inside one of the allowed roots (the repository, `RUNNER_TEMP`): `../` and
 *   absolute paths elsewhere are refused;
 * - no component under the root is a symlink (a committed `reports -> /etc` or
 *   `reports/junit.xml -> ~/.bashrc` would otherwise redirect the write); the final component is
 *   opened with `O_NOFOLLOW` where the platform has it, and every parent is checked with `lstat`
 *   and `realpath` immediately before the open;
 * - no component is `.git` in any case (git's config and hooks run code);
 * - missing directories are created one level at a time, each checked after creation.
 *
 * `checkConfinedPath` runs the same checks without writing, so the orchestrator can refuse a bad
 * report path before anything is written to Postman.
 */
import { constants, lstatSync, promises as fs, realpathSync, type Stats } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { ActionError } from '../errors.js'
import { rootRelative } from './paths.js'

/** Where a path may lead, and the input to name when it may not. */
export interface ConfinedTarget {
  /** Directories a write may land in (they themselves are trusted: they may be symlinks). */
  roots: string[]
  /** Base of a relative path (default: the first root). */
  base?: string
  /** The input (or place) the path came from, named in errors: `junit-report`, `RUNNER_TEMP`. */
  input: string
}

/** A path refused by the writer; its message names the input and the path. */
export class UnsafeWritePathError extends ActionError {
  override name = 'UnsafeWritePathError'
}

/** A checked path: the real root it is under and the segments below it. */
interface CheckedPath {
  /** Real path of the root. */
  root: string
  segments: string[]
  /** Absolute path as it will be written (`root` + `segments`). */
  path: string
}

/** `.git` and the spellings case-insensitive or Windows file systems treat as `.git`. */
const GIT_DIR = /^\.git[. ]*$/i

/**
 * Checks `path` against `target` without writing anything (a missing file or directory is fine:
 * it would be created). Throws an `UnsafeWritePathError` naming the input; returns the absolute
 * path that would be written.
 */
export function checkConfinedPath(path: string, target: ConfinedTarget): string {
  return checkPath(path, target).path
}

/** Writes `data` to `path` under the rules above; returns the absolute path written. */
export async function writeConfinedFile(path: string, data: string | Uint8Array, target: ConfinedTarget): Promise<string> {
  const checked = checkPath(path, target)
  await makeParents(checked, path, target.input)
  // Checked again right before the open: a directory swapped for a symlink since is caught here.
  const again = checkPath(path, target)
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0)
  let handle: fs.FileHandle
  try {
    handle = await fs.open(again.path, flags, 0o644)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP') throw refuse(target.input, path, 'is a symlink; the action never writes through one')
    throw refuse(target.input, path, `cannot be written (${code ?? String(error)})`)
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw refuse(target.input, path, 'is not a regular file')
    await handle.writeFile(data)
  } finally {
    await handle.close()
  }
  return again.path
}

function checkPath(path: string, target: ConfinedTarget): CheckedPath {
  if (path === '' || path.includes('\0')) throw refuse(target.input, path, 'is not a file path')
  const base = target.base ?? target.roots[0]
  if (base === undefined) throw refuse(target.input, path, 'has no directory to stay in')
  const absolute = resolve(base, path)
  const located = locate(absolute, target.roots)
  if (located === undefined) {
    throw refuse(target.input, path, `resolves outside ${target.roots.length > 1 ? 'the repository and RUNNER_TEMP' : 'the directory it must stay in'}`)
  }
  const { root, segments } = located
  if (segments.length === 0) throw refuse(target.input, path, 'names a directory, not a file')
  if (segments.some((segment) => GIT_DIR.test(segment))) throw refuse(target.input, path, 'leads into .git, which the action never writes')
  let current = root
  for (let i = 0; i < segments.length; i++) {
    current = join(current, segments[i]!)
    const stat = lstat(current)
    if (stat === undefined) break // missing from here on: created by the writer
    if (stat.isSymbolicLink())
      throw refuse(target.input, path, `leads through the symlink ${segments.slice(0, i + 1).join('/')}; the action never writes through one`)
    const last = i === segments.length - 1
    if (!last && !stat.isDirectory()) throw refuse(target.input, path, `needs ${segments.slice(0, i + 1).join('/')} to be a directory, and it is a file`)
    if (last && !stat.isFile()) throw refuse(target.input, path, 'names an existing directory or special file, not a file')
  }
  return { root, segments, path: join(root, ...segments) }
}

/** The root `absolute` is under (by spelling or by real path), and the segments below it. */
function locate(absolute: string, roots: string[]): { root: string; segments: string[] } | undefined {
  for (const root of roots) {
    const real = realOrUndefined(root)
    if (real === undefined) continue
    for (const spelling of new Set([resolve(root), real])) {
      const rel = rootRelative(spelling, absolute)
      if (rel === undefined) continue
      return { root: real, segments: rel === '' ? [] : rel.split('/') }
    }
  }
  return undefined
}

/** Creates the missing parent directories one at a time, refusing any that turns out to be a link. */
async function makeParents(checked: CheckedPath, path: string, input: string): Promise<void> {
  let current = checked.root
  for (const segment of checked.segments.slice(0, -1)) {
    current = join(current, segment)
    try {
      await fs.mkdir(current, { mode: 0o755 })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw refuse(
          input,
          path,
          `needs the directory ${relative(checked.root, current)}, which cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`
        )
      }
    }
    const stat = lstat(current)
    if (stat === undefined || stat.isSymbolicLink() || !stat.isDirectory()) {
      throw refuse(input, path, `needs the directory ${relative(checked.root, current)}, and it is not a plain directory`)
    }
  }
}

function lstat(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

function refuse(input: string, path: string, reason: string): UnsafeWritePathError {
  return new UnsafeWritePathError(`Input '${input}': ${JSON.stringify(path)} ${reason}; nothing was written there.`)
}

/**
 * Creates the action's own output directory (under `RUNNER_TEMP`, which no pull request controls)
 * and refuses it if it is a symlink or not a directory.
 */
export async function makeOutputDirectory(path: string): Promise<void> {
  await fs.mkdir(path, { recursive: true, mode: 0o755 })
  const stat = lstat(path)
  if (stat === undefined || stat.isSymbolicLink() || !stat.isDirectory()) {
    throw new UnsafeWritePathError(`The output directory ${path} is not a plain directory; nothing was written there.`)
  }
}
