import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { guardRunFileAccess, isReadableByRun } from '../../src/newman/file-guard.js'
import { runCollections } from '../../src/newman/runner.js'
import { recordingLog, runOptions, startLoopbackApi, type Loopback } from './loopback.js'

let api: Loopback
let base: string
let root: string
beforeAll(async () => {
  api = await startLoopbackApi()
  base = await mkdtemp(join(tmpdir(), 'file-guard-'))
  root = join(base, 'repo')
  await mkdir(join(root, '.git'), { recursive: true })
  await writeFile(join(base, 'outside-secret.txt'), 'OUTSIDE-SECRET-123')
  await writeFile(join(root, '.git', 'config'), '[http]\n  extraheader = AUTHORIZATION: basic GITCREDS-456\n')
  await writeFile(join(root, 'data.txt'), 'plain-data-789')
  await symlink(join(base, 'outside-secret.txt'), join(root, 'link.txt'))
  await symlink(join(root, '.git', 'config'), join(root, 'git-link.txt'))
  const upload = (name: string, src: string, mode: 'formdata' | 'file' = 'formdata') => ({
    name,
    request: {
      method: 'POST',
      url: '{{baseUrl}}/echo',
      body: mode === 'formdata' ? { mode, formdata: [{ key: 'f', type: 'file', src }] } : { mode, file: { src } }
    }
  })
  const collection = {
    info: { name: 'Uploads', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      upload('Ordinary upload', 'data.txt'),
      upload('Symlink out of the repository', 'link.txt'),
      upload('Git config', '.git/config', 'file'),
      upload('Git config through a symlink', 'git-link.txt'),
      upload('Git config spelled around', 'sub/../.git/config')
    ]
  }
  await writeFile(join(root, 'uploads.postman_collection.json'), JSON.stringify(collection, null, 2))
})
afterAll(async () => {
  await api.close()
  await rm(base, { recursive: true, force: true })
})

describe('file access of collection runs', () => {
  it('uploads files of the repository, but nothing behind a symlink out of it and nothing in .git', async () => {
    const before = api.log.length
    const log = recordingLog()
    await runCollections(runOptions({ root, collections: ['uploads.postman_collection.json'], envVars: { baseUrl: api.url } }), { log })
    const sent = api.log.slice(before)
    expect(sent.some((r) => r.body.includes('plain-data-789'))).toBe(true)
    const everything = JSON.stringify(sent)
    expect(everything).not.toContain('OUTSIDE-SECRET-123')
    expect(everything).not.toContain('GITCREDS-456')
    // Each refused file is said so in the collection's log.
    expect(log.text().match(/PPERM: insecure file access/g)).toHaveLength(4)
  })

  it('refuses iteration data, environments and collections that lead out of the repository', async () => {
    await symlink(join(base, 'outside-secret.txt'), join(root, 'data.csv'))
    const options = runOptions({ root, collections: ['uploads.postman_collection.json'] })
    await expect(runCollections({ ...options, iterationData: 'data.csv' }, { log: recordingLog() })).rejects.toThrow(
      "Input 'iteration-data': data.csv resolves outside the repository or into .git (a symlink?); it is not read."
    )
    await expect(runCollections({ ...options, environment: '.git/config' }, { log: recordingLog() })).rejects.toThrow(/^Input 'run-environment'/)
    await expect(runCollections({ ...options, collections: ['link.txt'] }, { log: recordingLog() })).rejects.toThrow(/^Input 'run-collections'/)
  })

  it.each([
    ['a file in the repository', 'data.txt', true],
    ['a path that does not exist', 'nothing/here.txt', true],
    ['a symlink out of the repository', 'link.txt', false],
    ['.git/config', '.git/config', false],
    ['a symlink into .git', 'git-link.txt', false],
    ['a path outside', '../outside-secret.txt', false]
  ])('%s → %s', (_label, path, expected) => {
    expect(isReadableByRun(join(root, path), root)).toBe(expected)
  })
})

describe('guardRunFileAccess', () => {
  it('routes readFile through the same check', async () => {
    const { readFile } = await import('node:fs')
    const resolver: Record<string, unknown> = { workingDir: root, _resolve: (p: string) => join(root, p), readFile }
    expect(guardRunFileAccess({ run: { options: { fileResolver: resolver } } })).toBe(true)
    const read = (p: string) =>
      new Promise<string>((resolve) =>
        (resolver.readFile as (p: string, cb: (e: Error | null, d?: Buffer) => void) => void)(p, (e, d) => resolve(e ? e.message : String(d)))
      )
    expect(await read('data.txt')).toBe('plain-data-789')
    expect(await read('link.txt')).toMatch(/^PPERM/)
    expect(await read('.git/config')).toMatch(/^PPERM/)
  })

  it('refuses every file read when it does not recognise the resolver', async () => {
    const resolver: Record<string, unknown> = { stat: (_p: string, cb: (e: Error | null) => void) => cb(null) }
    expect(guardRunFileAccess({ run: { options: { fileResolver: resolver } } })).toBe(false)
    const error = await new Promise<Error | null>((resolve) => (resolver.stat as (p: string, cb: (e: Error | null) => void) => void)('a.txt', resolve))
    expect(error?.message).toMatch(/file access is disabled/)
    expect(() => (resolver.createReadStream as () => void)()).toThrow(/file access is disabled/)
  })
})
