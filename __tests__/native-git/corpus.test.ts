/**
 * Every real Native Git tree under `fixtures/native-git/corpus/` reads and converts; the one with
 * YAML Postman rejects fails exactly on those files, each with an error at the offending line.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { convertV3Collection } from '../../src/content/native-git/convert-collection.js'
import { convertV3Environment } from '../../src/content/native-git/convert-environment.js'
import { readV3Collection } from '../../src/discovery/native-git/read-collection.js'
import { readV3Environment } from '../../src/discovery/native-git/read-environment.js'
import { NATIVE_GIT } from './helpers.js'

const CORPUS = `${NATIVE_GIT}corpus/`
const INVALID_TREE = 'AdguardTeam+HostlistCompiler@974dd653'

function collectionDirs(repo: string): string[] {
  const base = `${CORPUS}${repo}/postman/collections/`
  return readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${base}${e.name}`)
}

function yamlFilesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => `${e.parentPath}/${e.name}`)
}

const countRequests = (items: unknown[]): number =>
  (items as Array<{ item?: unknown[] }>).reduce((n, i) => n + (Array.isArray(i.item) ? countRequests(i.item) : 1), 0)

const REPOS = readdirSync(CORPUS)
  .filter((r) => r !== INVALID_TREE)
  .sort()

describe('the real Native Git trees', () => {
  it.each(REPOS)('%s: every collection reads without error and converts every request file', async (repo) => {
    for (const dir of collectionDirs(repo)) {
      const { tree, findings } = await readV3Collection(dir, { relativeTo: `${CORPUS}${repo}` })
      expect(findings.filter((f) => f.level === 'error')).toEqual([])
      const { collection } = convertV3Collection(tree)
      const requestFiles = yamlFilesUnder(dir).filter((f) => f.endsWith('.request.yaml'))
      const skipped = findings.filter((f) => f.level === 'warning' && /cannot be run/.test(f.message)).length
      expect(countRequests(collection.item)).toBe(requestFiles.length - skipped)
      expect(JSON.parse(JSON.stringify(collection))).toEqual(collection)
    }
  })

  it.each(REPOS.filter((r) => readdirSync(`${CORPUS}${r}/postman`).includes('environments')))('%s: every YAML environment reads and converts', async (repo) => {
    const base = `${CORPUS}${repo}/postman/environments/`
    for (const name of readdirSync(base).filter((n) => n.endsWith('.environment.yaml'))) {
      const { yaml, findings } = await readV3Environment(`${base}${name}`, { relativeTo: CORPUS })
      expect(findings).toEqual([])
      const environment = convertV3Environment(yaml!)
      expect(environment.name).not.toBe('')
      for (const v of environment.values) expect(typeof v.value).toBe('string')
    }
  })

  it('the tree with unquoted `{{baseUrl}}` URLs fails on exactly those files, each at its line', async () => {
    const root = `${CORPUS}${INVALID_TREE}`
    const [dir] = collectionDirs(INVALID_TREE)
    const { findings } = await readV3Collection(dir!, { relativeTo: root })
    const unquoted = /^\s*url: \{\{/m
    const invalidFiles = yamlFilesUnder(dir!).filter((f) => unquoted.test(readFileSync(f, 'utf8')))
    expect(invalidFiles.length).toBeGreaterThan(0)
    const errors = findings.filter((f) => f.level === 'error')
    expect(new Set(errors.map((f) => `${root}/${f.file}`))).toEqual(new Set(invalidFiles))
    for (const error of errors) {
      const line = readFileSync(`${root}/${error.file}`, 'utf8').split('\n')[error.line! - 1]
      expect(line).toMatch(/url: \{\{/)
      expect(line!.slice(error.column! - 1)).toMatch(/^(\{\{|\/)/)
    }
  })
})
