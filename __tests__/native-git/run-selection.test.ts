/**
 * Which collections the runs take when a repository holds Native Git collection directories beside
 * JSON files, and which of them may run (a directory with an invalid file does not).
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding } from '../../src/model/finding.js'
import { selectRunnable } from '../../src/newman/runnable.js'
import { selectRunCollections } from '../../src/newman/select-collections.js'
import { VARIANTS } from './helpers.js'

let root: string
const V3 = 'postman/collections'

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'v3-select-'))
  await cp(`${VARIANTS}runnable`, join(root, V3, 'Orders'), { recursive: true })
  await cp(`${VARIANTS}no-definitions`, join(root, V3, 'Users'), { recursive: true })
  await cp(`${VARIANTS}invalid`, join(root, V3, 'Broken'), { recursive: true })
  // A v3 tree outside `v3-collections`' default, and JSON files, one inside postman/collections.
  await cp(`${VARIANTS}runnable`, join(root, 'elsewhere/Other'), { recursive: true })
  const json = JSON.stringify({ info: { name: 'J', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] })
  for (const path of ['api/a.postman_collection.json', `${V3}/c.postman_collection.json`]) {
    await mkdir(join(root, dirname(path)), { recursive: true })
    await writeFile(join(root, path), json)
  }
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const select = (runCollections: string[], v3Collections = [`${V3}/*`]) =>
  selectRunCollections(root, { collections: ['**/*.postman_collection.json'], v3Collections, runCollections }, true)
const warnings = (findings: Finding[]) => findings.map((f) => `${f.level}: ${f.message}`)

describe('selectRunCollections', () => {
  it('without run-collections: every JSON file and every v3 directory v3-collections finds', async () => {
    const { paths, findings } = await select([])
    expect(paths).toEqual(['api/a.postman_collection.json', `${V3}/Broken`, `${V3}/Orders`, `${V3}/Users`, `${V3}/c.postman_collection.json`])
    expect(findings).toEqual([])
  })

  it('run-collections names one v3 collection by its directory, written any usual way', async () => {
    for (const pattern of [`${V3}/Orders`, `./${V3}/Orders/`, `**/Orders`]) {
      const { paths, findings } = await select([pattern])
      expect({ pattern, paths, findings }).toEqual({ pattern, paths: [`${V3}/Orders`], findings: [] })
    }
  })

  it('run-collections globs select directories and files together; a negation leaves a directory out', async () => {
    expect((await select([`${V3}/*`, `!${V3}/Broken`])).paths).toEqual([`${V3}/Orders`, `${V3}/Users`, `${V3}/c.postman_collection.json`])
    expect((await select(['postman/**', 'api/*.postman_collection.json'])).paths).toEqual([
      'api/a.postman_collection.json',
      `${V3}/Broken`,
      `${V3}/Orders`,
      `${V3}/Users`,
      `${V3}/c.postman_collection.json`
    ])
  })

  it('warns, naming the pattern, when a pattern selects neither a file nor a v3 directory', async () => {
    const { paths, findings } = await select([`${V3}/Orders`, `${V3}/Nope`, 'elsewhere/Other'])
    expect(paths).toEqual([`${V3}/Orders`])
    expect(warnings(findings)).toEqual([
      `warning: Input 'run-collections': the pattern '${V3}/Nope' matches no collection file and no Native Git collection directory that 'v3-collections' finds (node_modules and .git are never searched).`,
      `warning: Input 'run-collections': the pattern 'elsewhere/Other' matches no collection file and no Native Git collection directory that 'v3-collections' finds (node_modules and .git are never searched).`
    ])
    // A directory elsewhere runs once v3-collections finds it.
    expect((await select(['elsewhere/Other'], ['elsewhere/*'])).paths).toEqual(['elsewhere/Other'])
  })

  it('reports a v3-collections pattern problem only when asked (the sync reports it otherwise)', async () => {
    const inputs = { collections: [], v3Collections: ['nowhere/*'], runCollections: [] }
    expect(warnings((await selectRunCollections(root, inputs, true)).findings)).toEqual([
      "warning: Input 'v3-collections': the pattern 'nowhere/*' matches no Native Git collection directory (one with .resources/definition.yaml or a *.request.yaml file)."
    ])
    expect((await selectRunCollections(root, inputs, false)).findings).toEqual([])
  })
})

describe('selectRunnable on v3 directories', () => {
  it('validates a directory the sync did not read: an invalid file keeps it from running, its findings at file:line', async () => {
    const out = await selectRunnable(root, [`${V3}/Broken`, `${V3}/Orders`], [], new Set())
    expect(out.paths).toEqual([`${V3}/Orders`])
    expect(out.skipped).toEqual([{ path: `${V3}/Broken`, reason: 'not run: files of the collection are invalid (see their findings)' }])
    const errors = out.findings.filter((f) => f.level === 'error')
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.every((f) => f.file.startsWith(`${V3}/Broken/`) && f.line !== undefined)).toBe(true)
    expect(errors.map((f) => `${f.file}:${f.line}`)).toContain(`${V3}/Broken/Unquoted suffix.request.yaml:3`)
  })

  it('takes the sync’s verdict without repeating its findings: an error on a file inside stops the directory', async () => {
    const syncError: Finding = { level: 'error', kind: 'invalid-file', file: `${V3}/Orders/Items/Check item.request.yaml`, line: 4, title: 't', message: 'm' }
    const flagged = await selectRunnable(root, [`${V3}/Orders`], [syncError], new Set())
    expect(flagged).toMatchObject({ paths: [], findings: [], skipped: [{ path: `${V3}/Orders` }] })
    // The sync read Broken and found it fine (say, after a fix): it is not read again here.
    const trusted = await selectRunnable(root, [`${V3}/Broken`], [], new Set([`${V3}/Broken`]))
    expect(trusted).toEqual({ paths: [`${V3}/Broken`], skipped: [], findings: [], trees: new Map() })
    // A finding on a sibling whose name starts the same is not the directory's.
    const sibling: Finding = { ...syncError, file: `${V3}/Orders2/x.request.yaml` }
    expect((await selectRunnable(root, [`${V3}/Orders`], [sibling], new Set())).paths).toEqual([`${V3}/Orders`])
  })
})
