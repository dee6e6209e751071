import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { discover } from '../../src/discovery/validate.js'
import { CORPUS, fixtureText, lineText, positionOfText } from './helpers.js'

let repo: string

beforeEach(() => {
  repo = mkdtempSync(nodePath.join(tmpdir(), 'discover-'))
})
afterEach(() => rmSync(repo, { recursive: true, force: true }))

function put(path: string, content: string | Buffer): void {
  mkdirSync(nodePath.dirname(nodePath.join(repo, path)), { recursive: true })
  writeFileSync(nodePath.join(repo, path), content)
}

function copy(corpusPath: string, path: string): void {
  mkdirSync(nodePath.dirname(nodePath.join(repo, path)), { recursive: true })
  copyFileSync(`${CORPUS}${corpusPath}`, nodePath.join(repo, path))
}

const DEFAULTS = { collections: ['**/*.postman_collection.json'], environments: ['**/*.postman_environment.json'] }

describe('discover', () => {
  it('finds, validates and returns valid files with absolute paths, collections first, sorted', async () => {
    copy('collections/gothinkster__realworld__Conduit.postman_collection.json', 'postman/Conduit.postman_collection.json')
    copy('collections/DEFRA__cdp-platform-postman__CDP_Uploader.postman_collection.json', 'api/Uploader.postman_collection.json')
    copy('environments/gothinkster__realworld__Conduit.postman_environment.json', 'postman/Conduit.postman_environment.json')
    const result = await discover(repo, DEFAULTS)
    expect(result.findings).toEqual([])
    expect(result.files.map((file) => [file.kind, file.path, file.absPath])).toEqual([
      ['collection', 'api/Uploader.postman_collection.json', nodePath.join(repo, 'api/Uploader.postman_collection.json')],
      ['collection', 'postman/Conduit.postman_collection.json', nodePath.join(repo, 'postman/Conduit.postman_collection.json')],
      ['environment', 'postman/Conduit.postman_environment.json', nodePath.join(repo, 'postman/Conduit.postman_environment.json')]
    ])
  })

  it('reports two collections with one name on both files, at the line of the name, and drops both', async () => {
    const source = 'collections/DEFRA__cdp-platform-postman__CDP_Uploader.postman_collection.json'
    copy(source, 'a/one.postman_collection.json')
    copy(source, 'b/two.postman_collection.json')
    copy('collections/gothinkster__realworld__Conduit.postman_collection.json', 'c/Conduit.postman_collection.json')
    const text = fixtureText(`corpus/${source}`)
    const name = JSON.parse(text).info.name as string
    const result = await discover(repo, { ...DEFAULTS, environments: [] })
    expect(result.files.map((file) => file.path)).toEqual(['c/Conduit.postman_collection.json'])
    const at = positionOfText(text, JSON.stringify(name))
    expect(result.findings).toEqual([
      expect.objectContaining({
        level: 'error',
        file: 'a/one.postman_collection.json',
        title: 'Duplicate collection name',
        ...at,
        message: expect.stringContaining('b/two.postman_collection.json')
      }),
      expect.objectContaining({
        level: 'error',
        file: 'b/two.postman_collection.json',
        title: 'Duplicate collection name',
        ...at,
        message: expect.stringContaining('a/one.postman_collection.json')
      })
    ])
  })

  it('reports two environments with one name, also through an API envelope', async () => {
    put('x.postman_environment.json', JSON.stringify({ name: 'Dev', values: [] }, null, 2))
    put('y.postman_environment.json', JSON.stringify({ environment: { name: 'Dev', values: [] } }, null, 2))
    put('z.postman_environment.json', JSON.stringify({ name: 'Prod', values: [] }, null, 2))
    const result = await discover(repo, { ...DEFAULTS, collections: [] })
    expect(result.files.map((file) => file.name)).toEqual(['Prod'])
    const duplicates = result.findings.filter((finding) => finding.title === 'Duplicate environment name')
    expect(duplicates.map((finding) => [finding.file, finding.line])).toEqual([
      ['x.postman_environment.json', 2],
      ['y.postman_environment.json', 3]
    ])
  })

  it('does not count a collection and an environment with one name as duplicates', async () => {
    put('same.postman_environment.json', JSON.stringify({ name: 'Conduit', values: [] }))
    copy('collections/gothinkster__realworld__Conduit.postman_collection.json', 'Conduit.postman_collection.json')
    const result = await discover(repo, DEFAULTS)
    expect(result.findings).toEqual([])
    expect(result.files).toHaveLength(2)
  })

  it('rejects a UTF-16 file and a file that is not UTF-8 at 1:1', async () => {
    copy('odd/postmanlabs__newman__utf16-le-encoding-in-env.postman_environment.json', 'utf16.postman_environment.json')
    put('latin1.postman_environment.json', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]))
    const result = await discover(repo, { ...DEFAULTS, collections: [] })
    expect(result.files).toEqual([])
    expect(result.findings.map(({ file, title, line, column, message }) => ({ file, title, line, column, utf16: message.includes('UTF-16') }))).toEqual([
      { file: 'latin1.postman_environment.json', title: 'Not UTF-8', line: 1, column: 1, utf16: false },
      { file: 'utf16.postman_environment.json', title: 'Not UTF-8', line: 1, column: 1, utf16: true }
    ])
  })

  it('validates each file as the kind its glob names, and passes glob findings through', async () => {
    copy('odd/WoodWing__ww-studio-postman-collection__Studio_Server_Environment.postman_environment.json', 'ww.postman_environment.json')
    const result = await discover(repo, { collections: ['none/*.json'], environments: DEFAULTS.environments })
    expect(result.findings.map(({ level, title }) => [level, title])).toEqual([
      ['warning', 'Pattern matches nothing'],
      ['error', 'Not an environment']
    ])
    expect(result.findings[0]!.message).toContain("Input 'collections'")
  })

  it('puts a secret finding at the line of the secret in a file on disk', async () => {
    const token = `${'gh'}s_${'Z9y8X7w6V5'.repeat(4)}`
    const text = JSON.stringify({ name: 'Dev', values: [{ key: 'gh', value: token }] }, null, 2)
    put('s.postman_environment.json', text)
    const result = await discover(repo, { ...DEFAULTS, collections: [] })
    expect(result.files).toEqual([])
    expect(result.findings).toHaveLength(1)
    expect(lineText(text, result.findings[0]!.line!)).toContain(token)
    expect(result.findings[0]!.message).not.toContain(token)
  })
})
