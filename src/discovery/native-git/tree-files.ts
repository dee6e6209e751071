/**
 * What the collection reader needs of a file system, so one reader serves the working tree (on
 * disk) and a commit's files (in memory, the base of drift): the same validation and conversion for
 * both, and no temporary copy of a thousand small files written only to be read back.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** An entry of a directory. A symbolic link is neither a file nor a directory: the reader skips it. */
export interface TreeEntry {
  name: string
  isFile(): boolean
  isDirectory(): boolean
}

export interface TreeFiles {
  /** A file's text (UTF-8); throws an error with a `code` (`ENOENT`, `EISDIR`) when it cannot. */
  readText(abs: string): string
  /** A directory's entries, in no particular order; throws an error with a `code` when it is not a directory. */
  list(abs: string): TreeEntry[]
  /** Whether anything exists at `abs`. */
  exists(abs: string): boolean
}

/** The working tree. */
export const diskFiles: TreeFiles = {
  readText: (abs) => readFileSync(abs, 'utf8'),
  list: (abs) => readdirSync(abs, { withFileTypes: true }),
  exists: (abs) => existsSync(abs)
}

function fsError(code: string, abs: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${abs}`), { code })
}

/**
 * `files` (paths relative to `root` with `/`, each a regular file) as a read-only tree under the
 * absolute `root`; nothing outside it exists. Directories are the files' parents.
 */
export function memoryFiles(root: string, files: ReadonlyMap<string, Buffer>): TreeFiles {
  const contents = new Map<string, Buffer>()
  const dirs = new Map<string, Map<string, 'file' | 'dir'>>([[join(root), new Map()]])
  for (const [path, bytes] of files) {
    const parts = path.split('/')
    let dir = join(root)
    parts.forEach((part, i) => {
      const isLast = i === parts.length - 1
      const abs = join(dir, part)
      dirs.get(dir)!.set(part, isLast ? 'file' : 'dir')
      if (isLast) contents.set(abs, bytes)
      else if (!dirs.has(abs)) dirs.set(abs, new Map())
      dir = abs
    })
  }
  return {
    readText(abs) {
      const bytes = contents.get(join(abs))
      if (bytes === undefined) throw fsError(dirs.has(join(abs)) ? 'EISDIR' : 'ENOENT', abs)
      return bytes.toString('utf8')
    },
    list(abs) {
      const entries = dirs.get(join(abs))
      if (entries === undefined) throw fsError(contents.has(join(abs)) ? 'ENOTDIR' : 'ENOENT', abs)
      return [...entries].map(([name, kind]) => ({ name, isFile: () => kind === 'file', isDirectory: () => kind === 'dir' }))
    },
    exists: (abs) => contents.has(join(abs)) || dirs.has(join(abs))
  }
}
