/**
 * Finding Native Git collection directories by glob: only directories that hold a v3 collection,
 * credited to the directory the pattern names (not its folders), confined to the repository.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findV3CollectionDirs } from '../../src/discovery/native-git/find-collections.js'

let root: string
let outside: string

function put(path: string, text = '$kind: http-request\n'): void {
  const abs = join(root, path)
  mkdirSync(dirname(abs), { recursive: true })
  writeFileSync(abs, text)
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'v3-find-'))
  outside = mkdtempSync(join(tmpdir(), 'v3-outside-'))
})

afterEach(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

describe('findV3CollectionDirs', () => {
  it('finds each collection directory once, whatever its folders hold, and skips directories without v3 files', async () => {
    put('postman/collections/Orders/.resources/definition.yaml', '$kind: collection\n')
    put('postman/collections/Orders/Admin/Nested/Delete order.request.yaml')
    put('postman/collections/Orders/List orders.request.yaml')
    put('postman/collections/No definition/Folder/Ping.request.yaml')
    put('postman/collections/Only definition/.resources/definition.yaml', '$kind: collection\n')
    put('postman/collections/Legacy/legacy.postman_collection.json', '{}')
    put('postman/collections/Notes/readme.yaml', 'x: 1\n')
    put('postman/collections/loose.request.yaml')
    put('elsewhere/Other/A.request.yaml')

    const { paths, findings } = await findV3CollectionDirs(root, ['postman/collections/*'], { optionalPatterns: ['postman/collections/*'] })
    expect(paths).toEqual(['postman/collections/No definition', 'postman/collections/Only definition', 'postman/collections/Orders'])
    expect(findings).toEqual([])
  })

  it('takes negations and several patterns, and warns of a pattern that finds no collection', async () => {
    put('postman/collections/Keep/A.request.yaml')
    put('postman/collections/Drop/B.request.yaml')
    put('tests/api/Extra/C.request.yaml')

    const { paths, findings } = await findV3CollectionDirs(root, ['postman/collections/*', 'tests/api/*', '!postman/collections/Drop', 'nowhere/*'], {
      input: 'v3-collections'
    })
    expect(paths).toEqual(['postman/collections/Keep', 'tests/api/Extra'])
    expect(findings.map((f) => [f.level, f.title, f.message])).toEqual([
      [
        'warning',
        'Pattern matches nothing',
        "Input 'v3-collections': the pattern 'nowhere/*' matches no Native Git collection directory (one with .resources/definition.yaml or a *.request.yaml file)."
      ]
    ])
  })

  it('never follows a symlink out of the repository, and refuses a pattern that leaves it', async () => {
    mkdirSync(join(outside, 'Stolen'), { recursive: true })
    writeFileSync(join(outside, 'Stolen', 'S.request.yaml'), '$kind: http-request\n')
    mkdirSync(join(root, 'postman/collections'), { recursive: true })
    symlinkSync(join(outside, 'Stolen'), join(root, 'postman/collections/Stolen'))

    const linked = await findV3CollectionDirs(root, ['postman/collections/*'])
    expect(linked.paths).toEqual([])
    expect(linked.findings.map((f) => [f.level, f.title, f.file])).toEqual([
      ['warning', 'Symlink leaves the repository', 'postman/collections/Stolen'],
      ['warning', 'Pattern matches nothing', '']
    ])

    const escaped = await findV3CollectionDirs(root, ['../*'])
    expect(escaped.paths).toEqual([])
    expect(escaped.findings.map((f) => [f.level, f.title])).toEqual([['error', 'Pattern outside the repository']])
  })
})
