/**
 * A Native Git collection as it was at another commit: the base of drift
 * (docs/architecture.md#comparison-and-drift). Git gives the directory's files; they are written
 * into a private temporary directory and read there by the same reader and converter as the working
 * tree, so the base and the local body come from one code path and compare equal exactly when
 * their YAML means the same. A base with any error is no base: the decision then needs the state.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { CollectionBody } from '../../model/resources.js'
import { convertV3Collection } from '../../content/native-git/convert-collection.js'
import { readV3Collection } from './read-collection.js'

/**
 * The v2.1 body of the collection directory `dir` (repository-relative, `/`) made of `files`
 * (repository-relative path → content, as `GitSource.readTreeAtCommit` returns them);
 * `undefined` when a file is outside `dir` or the tree has an error.
 */
export async function v3CollectionFromFiles(dir: string, files: ReadonlyMap<string, Buffer>): Promise<CollectionBody | undefined> {
  const prefix = `${dir.replace(/\/+$/, '')}/`
  const paths = [...files.keys()]
  // Git never stores `..` or an absolute path, but the check costs nothing and keeps every write inside the temporary directory.
  if (paths.some((path) => !path.startsWith(prefix) || path.split('/').some((part) => part === '' || part === '.' || part === '..'))) return undefined
  const scratch = await mkdtemp(join(tmpdir(), 'postman-sync-base-'))
  try {
    for (const path of paths) {
      const abs = join(scratch, ...path.split('/'))
      await mkdir(dirname(abs), { recursive: true })
      // `wx`: a fresh file in a directory only this process made, never through an existing entry.
      await writeFile(abs, files.get(path)!, { flag: 'wx' })
    }
    const { tree, findings } = await readV3Collection(join(scratch, ...dir.split('/')), { relativeTo: scratch })
    if (findings.some((f) => f.level === 'error')) return undefined
    return convertV3Collection(tree).collection
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
