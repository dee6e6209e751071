/**
 * Discovery of Native Git repositories through `discover()`: v3 collection directories and YAML
 * environments found by the default globs beside JSON files, each a LocalFile the sync can use;
 * every v3 finding at its file and line; duplicates, credentials and `localResources` paths.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultGlobs } from '../../src/constants.js'
import { discover, matchedPathOf } from '../../src/discovery/validate.js'
import { NATIVE_GIT, VARIANTS } from './helpers.js'

const CORPUS = `${NATIVE_GIT}corpus/`
const DEFAULTS = { collections: defaultGlobs('collections'), environments: defaultGlobs('environments'), v3Collections: defaultGlobs('v3Collections') }

let repo: string

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'v3-discover-'))
})
afterEach(() => rmSync(repo, { recursive: true, force: true }))

function put(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true })
  writeFileSync(join(repo, path), text)
}

const copyTree = (tree: string): void => cpSync(`${CORPUS}${tree}`, repo, { recursive: true })
const copyVariant = (variant: string, to: string): void => cpSync(`${VARIANTS}${variant}`, join(repo, to), { recursive: true })

const JSON_COLLECTION = JSON.stringify({
  info: { name: 'Library API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  item: [{ name: 'Ping', request: { method: 'GET', url: 'https://example.test/ping' } }]
})

describe('discover: Native Git repositories with the default inputs', () => {
  it('finds v3 collection directories and YAML environments beside JSON files, as LocalFiles of format v3', async () => {
    copyTree('DannyDainton+library-api')
    put('exports/Other.postman_collection.json', JSON_COLLECTION.replace('Library API', 'Other'))
    const result = await discover(repo, DEFAULTS)
    expect(result.findings.filter((f) => f.level === 'error')).toEqual([])
    expect(result.files.map((f) => [f.kind, f.path, f.format])).toEqual([
      ['collection', 'exports/Other.postman_collection.json', 'v2.1.0'],
      ['collection', 'postman/collections/Library API', 'v3'],
      ['environment', 'postman/environments/Library API Environment.environment.yaml', 'v3']
    ])
    const v3 = result.files[1]!
    expect(v3.name).toBe('Library API')
    expect(v3.absPath).toBe(join(repo, 'postman/collections/Library API'))
    expect(v3.collection?.info.schema).toContain('v2.1.0')
    expect(v3.v3?.definition).toBe('postman/collections/Library API/.resources/definition.yaml')
    // The file map names request files by the item's index path.
    const requestFiles = [...(v3.v3?.files.values() ?? [])].filter((f) => f.endsWith('.request.yaml'))
    expect(requestFiles.length).toBe(6)
    expect(requestFiles.every((f) => f.startsWith('postman/collections/Library API/'))).toBe(true)
    expect(result.matched).toContainEqual({ path: 'postman/collections/Library API', kind: 'collection', directory: true })
    const env = result.files[2]!
    expect(env.environment?.values.length).toBeGreaterThan(0)
  })

  it('reads the definition id as the local id, and the directory name when the definition has no name', async () => {
    copyVariant('no-definitions', 'postman/collections/Bare')
    put('postman/collections/Named/.resources/definition.yaml', '$kind: collection\nid: 5e6f7a8b-1111-4222-8333-444455556666\nname: Named API\n')
    put('postman/collections/Named/Ping.request.yaml', '$kind: http-request\nurl: https://example.test/ping\nmethod: GET\n')
    const result = await discover(repo, DEFAULTS)
    expect(result.files.map((f) => [f.path, f.name, f.localId, f.v3?.definition])).toEqual([
      ['postman/collections/Bare', 'Bare', undefined, undefined],
      ['postman/collections/Named', 'Named API', '5e6f7a8b-1111-4222-8333-444455556666', 'postman/collections/Named/.resources/definition.yaml']
    ])
  })

  it('reports every invalid file of a tree at its line and column, and makes no LocalFile of it', async () => {
    copyTree('AdguardTeam+HostlistCompiler@974dd653')
    const result = await discover(repo, DEFAULTS)
    expect(result.files).toEqual([])
    const errors = result.findings.filter((f) => f.level === 'error')
    // Exactly the files holding an unquoted `{{…}}` value, each once.
    const unquoted = readdirSync(join(repo, 'postman'), { recursive: true, encoding: 'utf8' })
      .map((p) => `postman/${p}`)
      .filter((p) => p.endsWith('.yaml') && /:\s*\{\{/.test(readFileSync(join(repo, p), 'utf8')))
    expect(unquoted.length).toBe(9)
    expect(errors.map((e) => e.file).sort()).toEqual(unquoted.sort())
    for (const error of errors) {
      expect(error.file).toMatch(/^postman\/collections\/API - Cloudflare\/.+\.yaml$/)
      expect(error.line).toBeGreaterThan(0)
      expect(error.column).toBeGreaterThan(0)
      expect(matchedPathOf(result.matched, error.file)?.path).toBe('postman/collections/API - Cloudflare')
      const line = readFileSync(join(repo, error.file), 'utf8').split('\n')[error.line! - 1]
      expect(line).toContain('{{')
    }
  })

  it('skips unsupported request kinds with one warning per file, and keeps the collection', async () => {
    copyVariant('kinds', 'postman/collections/Kinds')
    const result = await discover(repo, DEFAULTS)
    expect(result.files.map((f) => f.path)).toEqual(['postman/collections/Kinds'])
    const warnings = result.findings.filter((f) => f.title === 'Unsupported request kind')
    expect(warnings.map((w) => w.file).sort()).toEqual(['postman/collections/Kinds/Rpc.request.yaml', 'postman/collections/Kinds/Socket.request.yaml'])
  })

  it('reports two collections of one name at the name line of the definition and at the JSON name', async () => {
    copyTree('DannyDainton+library-api')
    const json = JSON.stringify(
      { info: { name: 'Library API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] },
      null,
      2
    )
    put('exports/Library.postman_collection.json', json)
    const result = await discover(repo, DEFAULTS)
    expect(result.files.map((f) => f.path)).toEqual(['postman/environments/Library API Environment.environment.yaml'])
    const definition = 'postman/collections/Library API/.resources/definition.yaml'
    const nameLine =
      readFileSync(join(repo, definition), 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('name:')) + 1
    expect(result.findings.filter((f) => f.title === 'Duplicate collection name')).toEqual([
      expect.objectContaining({ level: 'error', file: 'exports/Library.postman_collection.json', line: 3 }),
      expect.objectContaining({
        level: 'error',
        file: definition,
        line: nameLine,
        column: 7,
        message: expect.stringContaining('exports/Library.postman_collection.json')
      })
    ])
    expect(matchedPathOf(result.matched, definition)?.path).toBe('postman/collections/Library API')
  })

  it('refuses a credential in any YAML file at its line, without showing it', async () => {
    const key = `PMAK-${'a'.repeat(24)}-${'b'.repeat(34)}`
    put('postman/collections/Keys/Ping.request.yaml', `$kind: http-request\nurl: https://example.test/ping\nmethod: GET\nheaders:\n  X-Api-Key: ${key}\n`)
    put('postman/environments/Dev.environment.yaml', `name: Dev\nvalues:\n  - key: token\n    value: ${key}\n`)
    const result = await discover(repo, DEFAULTS)
    expect(result.files).toEqual([])
    expect(result.findings.filter((f) => f.title === 'Credential in file').map((f) => [f.file, f.line])).toEqual([
      ['postman/collections/Keys/Ping.request.yaml', 5],
      ['postman/environments/Dev.environment.yaml', 4]
    ])
    expect(JSON.stringify(result.findings)).not.toContain(key)
  })

  it('applies the JSON rule to one variable key twice in a YAML environment', async () => {
    put('postman/environments/Twice.environment.yaml', 'name: Twice\nvalues:\n  - key: a\n    value: "1"\n  - key: a\n    value: "2"\n')
    put(
      'postman/environments/Disabled.environment.yaml',
      'name: Disabled\nvalues:\n  - key: a\n    value: "1"\n  - key: a\n    value: "2"\n    enabled: false\n'
    )
    const result = await discover(repo, DEFAULTS)
    expect(result.findings.map((f) => [f.level, f.file, f.line, f.title])).toEqual([
      ['warning', 'postman/environments/Disabled.environment.yaml', 5, 'Duplicate variable left out'],
      ['error', 'postman/environments/Twice.environment.yaml', 5, 'Duplicate variable']
    ])
    expect(result.files.map((f) => [f.name, f.environment?.values.map((v) => v.value)])).toEqual([['Disabled', ['1']]])
  })

  it('reads a YAML file an environments glob matches as Native Git, whatever its name (.yml too)', async () => {
    put('envs/staging.yml', 'name: Staging\nvalues:\n  base: https://staging.test\n')
    const result = await discover(repo, { ...DEFAULTS, environments: ['envs/*.yml'] })
    expect(result.findings).toEqual([])
    expect(result.files.map((f) => [f.path, f.name, f.format, f.environment?.values])).toEqual([
      ['envs/staging.yml', 'Staging', 'v3', [{ key: 'base', value: 'https://staging.test', type: 'default', enabled: true }]]
    ])
  })

  it('reads localResources paths outside the globs: a v3 directory, a JSON file; a missing one is a warning at its line', async () => {
    copyVariant('no-definitions', 'tests/E2E Test Collection')
    put('docs/postman/postman-collection.json', JSON_COLLECTION)
    const result = await discover(repo, {
      ...DEFAULTS,
      registered: [
        { kind: 'collection', path: 'tests/E2E Test Collection', line: 3 },
        { kind: 'collection', path: 'docs/postman/postman-collection.json', line: 4 },
        { kind: 'environment', path: 'docs/postman/postman-environment.json', line: 6 }
      ]
    })
    expect(result.files.map((f) => [f.path, f.format])).toEqual([
      ['tests/E2E Test Collection', 'v3'],
      ['docs/postman/postman-collection.json', 'v2.1.0']
    ])
    expect(result.findings).toEqual([
      expect.objectContaining({ level: 'warning', file: '.postman/resources.yaml', line: 6, message: expect.stringContaining('does not exist') })
    ])
  })

  it('searches no v3 directory when v3-collections is not given', async () => {
    copyTree('DannyDainton+library-api')
    const result = await discover(repo, { collections: DEFAULTS.collections, environments: DEFAULTS.environments })
    expect(result.files.map((f) => f.path)).toEqual(['postman/environments/Library API Environment.environment.yaml'])
  })
})
