/**
 * A Native Git collection as it was at another commit: the base of drift
 * (docs/architecture.md#comparison-and-drift). Git gives the directory's files; the working tree's
 * own reader and converter read them from memory (`memoryFiles`), so the base and the local body
 * come from one code path and compare equal exactly when their YAML means the same. A base with
 * any error is no base: the decision then needs the state.
 */
import { join, resolve } from 'node:path'
import type { CollectionBody } from '../../model/resources.js'
import { convertV3Collection } from '../../content/native-git/convert-collection.js'
import { readV3Collection } from './read-collection.js'
import { memoryFiles } from './tree-files.js'

/** Where the commit's files seem to be: a name for paths in memory, never read on disk. */
const VIRTUAL_ROOT = resolve('/postman-sync-base')

/**
 * The v2.1 body of the collection directory `dir` (repository-relative, `/`) made of `files`
 * (repository-relative path → content, as `GitSource.readTreeAtCommit` returns them);
 * `undefined` when a file is outside `dir` or the tree has an error.
 */
export async function v3CollectionFromFiles(dir: string, files: ReadonlyMap<string, Buffer>): Promise<CollectionBody | undefined> {
  const prefix = `${dir.replace(/\/+$/, '')}/`
  // Git never stores `..` or an empty segment; a path that has one is not read as part of the tree.
  const bad = (path: string): boolean => !path.startsWith(prefix) || path.split('/').some((part) => part === '' || part === '.' || part === '..')
  if ([...files.keys()].some(bad)) return undefined
  const { tree, findings } = await readV3Collection(join(VIRTUAL_ROOT, ...dir.split('/')), {
    relativeTo: VIRTUAL_ROOT,
    files: memoryFiles(VIRTUAL_ROOT, files)
  })
  if (findings.some((f) => f.level === 'error')) return undefined
  return convertV3Collection(tree).collection
}
