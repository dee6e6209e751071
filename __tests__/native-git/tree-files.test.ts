/**
 * The reader over a commit's files in memory (`memoryFiles`, the base of drift) reads exactly what
 * it reads from disk: for every real tree of the corpus (the invalid one included), the same tree,
 * the same findings and the same converted body; and `v3CollectionFromFiles` refuses a path that
 * is not inside the directory.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { convertV3Collection } from '../../src/content/native-git/convert-collection.js'
import { v3CollectionFromFiles } from '../../src/discovery/native-git/collection-at-commit.js'
import { readV3Collection } from '../../src/discovery/native-git/read-collection.js'
import { memoryFiles } from '../../src/discovery/native-git/tree-files.js'
import type { V3Node } from '../../src/discovery/native-git/tree.js'
import type { YamlFile } from '../../src/discovery/native-git/yaml-file.js'
import { NATIVE_GIT } from './helpers.js'

const CORPUS = `${NATIVE_GIT}corpus/`

/** Every regular file under `root`, by its path relative to `root` with `/`. */
function filesUnder(root: string): Map<string, Buffer> {
  const entries = readdirSync(root, { recursive: true, withFileTypes: true })
  const files = new Map<string, Buffer>()
  for (const entry of entries.filter((e) => e.isFile())) {
    const abs = join(entry.parentPath, entry.name)
    files.set(relative(root, abs).split(sep).join('/'), readFileSync(abs))
  }
  return files
}

/** A tree as plain data: every node with its files' paths, texts and parsed data (the parser's own objects left out). */
function shape(node: V3Node): unknown {
  const file = (y: YamlFile | undefined) => (y === undefined ? undefined : { file: y.file, text: y.text, data: y.data })
  if (node.kind === 'request') return { name: node.name, stem: node.stem, yaml: file(node.yaml), examples: node.examples.map(file) }
  return { name: node.name, dir: node.dir, definition: file(node.definition), children: node.children.map(shape) }
}

const trees = readdirSync(CORPUS).flatMap((repo) =>
  readdirSync(join(CORPUS, repo, 'postman', 'collections'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => [repo, `postman/collections/${e.name}`] as const)
)

describe('the reader over files in memory', () => {
  it.each(trees)('%s %s: the same tree, findings and body as from disk', async (repo, dir) => {
    const root = join(CORPUS, repo)
    const onDisk = await readV3Collection(join(root, ...dir.split('/')), { relativeTo: root })
    const inMemory = await readV3Collection(join(root, ...dir.split('/')), { relativeTo: root, files: memoryFiles(root, filesUnder(root)) })
    expect(inMemory.findings).toEqual(onDisk.findings)
    expect(shape(inMemory.tree.root)).toEqual(shape(onDisk.tree.root))
    expect(convertV3Collection(inMemory.tree).collection).toEqual(convertV3Collection(onDisk.tree).collection)
  })

  it('is a tree of directories and files only: missing paths and a file listed as a directory fail with their codes', () => {
    const files = memoryFiles('/r', new Map([['a/b.request.yaml', Buffer.from('x')]]))
    expect(files.list('/r/a').map((e) => [e.name, e.isFile(), e.isDirectory()])).toEqual([['b.request.yaml', true, false]])
    expect(files.list('/r').map((e) => [e.name, e.isFile(), e.isDirectory()])).toEqual([['a', false, true]])
    expect(files.exists('/r/a') && files.exists('/r/a/b.request.yaml')).toBe(true)
    expect(files.exists('/r/c')).toBe(false)
    expect(() => files.readText('/r/a')).toThrow(expect.objectContaining({ code: 'EISDIR' }))
    expect(() => files.readText('/r/zz')).toThrow(expect.objectContaining({ code: 'ENOENT' }))
    expect(() => files.list('/r/a/b.request.yaml')).toThrow(expect.objectContaining({ code: 'ENOTDIR' }))
  })
})

describe('v3CollectionFromFiles', () => {
  const request = Buffer.from('$kind: http-request\nurl: https://example.test/a\nmethod: GET\n')

  it('converts the directory', async () => {
    const body = await v3CollectionFromFiles('c/Orders', new Map([['c/Orders/A.request.yaml', request]]))
    expect(body?.item).toEqual([expect.objectContaining({ name: 'A' })])
  })

  it.each([['c/Other/A.request.yaml'], ['c/Orders/../A.request.yaml'], ['c/Orders//A.request.yaml']])('is no base when a file is at %s', async (path) => {
    expect(
      await v3CollectionFromFiles(
        'c/Orders',
        new Map([
          ['c/Orders/A.request.yaml', request],
          [path, request]
        ])
      )
    ).toBeUndefined()
  })

  it('is no base when a file of the tree is invalid', async () => {
    const invalid = Buffer.from('$kind: http-request\nurl: {{baseUrl}}/x\n')
    expect(await v3CollectionFromFiles('c/Orders', new Map([['c/Orders/A.request.yaml', invalid]]))).toBeUndefined()
  })
})
