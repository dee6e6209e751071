/**
 * The one "is this path inside the root" rule. Both paths are absolute and already resolved the
 * way the caller needs (real paths when symlinks matter): the rule itself is only about spelling.
 */
import { isAbsolute, relative, sep } from 'node:path'

/** Whether `path` is `root` or below it. `..name` is a name inside the root, not a way out. */
export function isInsideRoot(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

/**
 * Whether the repository-relative `path` (with `/`) is `dir` or a file below it: a finding or file
 * of a Native Git collection, whose path is its directory.
 */
export function isAtOrUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`)
}

/** `path` relative to `root` with `/` separators, or undefined when it is not inside. */
export function rootRelative(root: string, path: string): string | undefined {
  if (!isInsideRoot(root, path)) return undefined
  return relative(root, path).split(sep).join('/')
}
