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

/** `path` relative to `root` with `/` separators, or undefined when it is not inside. */
export function rootRelative(root: string, path: string): string | undefined {
  if (!isInsideRoot(root, path)) return undefined
  return relative(root, path).split(sep).join('/')
}
