/**
 * End to end, `sync: pull` (issue 10, item 4), through `dist/index.js` against the emulator in its
 * real-API mode (every GET decorated, an item edit leaves `updatedAt` where it was): the corpus
 * collections committed byte for byte, Postman edited through the emulator, then pulls. A pull
 * rewrites exactly the file Postman changed, in the export form and keeping the file's layout,
 * leaves every other file byte for byte, writes nothing to Postman, and a second pull changes
 * nothing. Environments: a value changed in Postman is pulled, a secret's value never is.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { collectionsEqual, environmentsEqual } from '../../src/content/normalize.js'
import type { CollectionBody, EnvironmentBody } from '../../src/model/resources.js'
import { asFile, type TempRepo } from './repo.js'
import { actionsOf, allBytes, collection, commandsOf, environment, readPlan, repoPool, requestLines, runE2E, writesOf, type E2EResult } from './helpers.js'

const CORPUS = fileURLToPath(new URL('../fixtures/files/corpus/collections/', import.meta.url))
/** Tab-indented, with folders, folder-level auth and a final newline: the file Postman edits. */
const EDITED = 'awslabs__performance-dashboard-on-aws__Performance_Dashboard_API.postman_collection.json'
const EDITED_PATH = `postman/${EDITED}`

let emulator: Emulator
const { newRepo, removeAll } = repoPool()

beforeAll(async () => {
  emulator = await startEmulator({
    realApi: true,
    workspaces: ['ws-pull', 'ws-env-pull', 'ws-conflict-pull'].map((id) => ({ id, name: id, type: 'team' })),
    rateLimit: { limit: 1000, windowMs: 60_000 },
    listRateLimit: { limit: 100, windowMs: 10_000 }
  })
})

afterAll(async () => {
  await emulator?.close()
  await removeAll()
})

/** The v2.1 collections of the corpus, each as its committed bytes. */
function corpusFiles(): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of readdirSync(CORPUS).filter((n) => n.endsWith('.json'))) {
    const text = readFileSync(join(CORPUS, name), 'utf8')
    if (String((JSON.parse(text) as { info: { schema?: string } }).info.schema).includes('v2.1')) files[`postman/${name}`] = text
  }
  return files
}

async function readAll(repo: TempRepo, paths: string[]): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await readFile(join(repo.dir, p), 'utf8')] as const)))
}

const pullInputs = (workspace: string) => ({ workspace, sync: 'pull', collections: 'postman/*.json' })

/** Keys a GET adds that an export does not have: their count in a pulled file stays the file's own. */
const DECORATIONS = ['"uid"', '"createdAt"', '"updatedAt"', '"lastUpdatedBy"', '"disableBodyPruning"', '"packages"', '"owner"']
const countOf = (text: string, needle: string): number => text.split(needle).length - 1

describe('a pull over the corpus', () => {
  let repo: TempRepo
  let files: Record<string, string>
  let sha: string
  const runs: E2EResult[] = []

  it('with nothing to pull leaves every file byte for byte, and writes nothing anywhere', async () => {
    files = corpusFiles()
    expect(Object.keys(files).length).toBeGreaterThan(20)
    for (const text of Object.values(files)) emulator.seedCollection('ws-pull', JSON.parse(text) as object)
    repo = await newRepo()
    sha = await repo.commit(files)

    const result = await runE2E({ emulator, repo, sha, inputs: pullInputs('ws-pull') })
    runs.push(result)
    expect(result.code, result.stdout).toBe(0)
    const plan = await readPlan(result)
    expect(plan.mode).toBe('pull')
    expect(plan.entries.filter((e) => e.action !== 'unchanged').map((e) => `${e.path}: ${e.action} ${e.reason ?? ''}`)).toEqual([])
    expect(await readAll(repo, Object.keys(files))).toEqual(files)
    expect(repo.git('status', '--porcelain')).toBe('')
    expect(writesOf(result.requests)).toEqual([])
    // Workspace, two listings, one GET per file (no state environment exists to read), and, as a
    // push would, one look-up of each file's own id before it is first adopted by name.
    const withIds = Object.values(files).filter((t) => (JSON.parse(t) as CollectionBody).info._postman_id).length
    expect(result.requests.length).toBe(3 + Object.keys(files).length + withIds)
    expect(result.outputs).toMatchObject({ updated: '0', changed: 'false', created: '0' })
  }, 120_000)

  it('after an edit in Postman rewrites exactly that file, in export form, keeping its layout', async () => {
    const target = emulator.collections('ws-pull').find((c) => c.name === (JSON.parse(files[EDITED_PATH]!) as CollectionBody).info.name)!
    const listedBefore = target.updatedAt
    emulator.editCollection(target.uid, (body) => {
      const folder = body.item.find((i: { item?: unknown[] }) => Array.isArray(i.item))
      folder.item[0].request.url.raw = '{{baseUrl}}/edited-in-postman'
      folder.item[0].request.url.path = ['edited-in-postman']
      folder.item.push({ name: 'Added in Postman', request: { method: 'DELETE', header: [], url: 'https://api.example.test/added' } })
    })
    // Postman did not move updatedAt (realApi): only a content comparison sees the edit.
    expect(emulator.collections('ws-pull').find((c) => c.uid === target.uid)!.updatedAt).toBe(listedBefore)

    const result = await runE2E({ emulator, repo, sha, before: sha, inputs: pullInputs('ws-pull') })
    runs.push(result)
    expect(result.code, result.stdout).toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    const plan = await readPlan(result)
    expect(Object.entries(actionsOf(plan.entries)).filter(([, action]) => action !== 'unchanged')).toEqual([[EDITED_PATH, 'update']])
    expect(plan.entries.find((e) => e.path === EDITED_PATH)?.diff).toMatchObject({ added: [expect.stringContaining('Added in Postman')] })
    expect(result.outputs).toMatchObject({ updated: '1', changed: 'true', created: '0', failed: '0' })
    expect(result.summary).toContain('**Pulled from Postman:** 1 file;')
    expect(result.summary).toContain('⬇️ pulled')

    // Only that file changed; every other one is byte for byte what was committed.
    expect(repo.git('status', '--porcelain')).toBe(`M ${EDITED_PATH}`)
    const after = await readAll(repo, Object.keys(files))
    for (const path of Object.keys(files)) if (path !== EDITED_PATH) expect(after[path], path).toBe(files[path])

    const pulled = after[EDITED_PATH]!
    const stored = emulator.collections('ws-pull').find((c) => c.uid === target.uid)!.body as CollectionBody
    expect(collectionsEqual(JSON.parse(pulled) as CollectionBody, stored)).toBe(true)
    expect(pulled).toContain('edited-in-postman')
    for (const key of DECORATIONS) expect(countOf(pulled, key), key).toBe(countOf(files[EDITED_PATH]!, key))
    // The file's own layout: tabs, its final newline, and a diff no larger than the edit.
    expect(pulled.endsWith('}\n')).toBe(files[EDITED_PATH]!.endsWith('}\n'))
    expect(pulled).toMatch(/\n\t{5}"name": "Added in Postman",\n\t{5}"request": {\n\t{6}"method": "DELETE"/)
    const [added, removed] = repo.git('diff', '--numstat', '--', EDITED_PATH).split('\t').map(Number)
    expect(removed).toBe(2)
    expect(added).toBeLessThan(30)
  }, 120_000)

  it('a second pull changes nothing, byte for byte', async () => {
    const before = await readAll(repo, Object.keys(files))
    const result = await runE2E({ emulator, repo, sha, before: sha, inputs: pullInputs('ws-pull') })
    runs.push(result)
    expect(result.code, result.stdout).toBe(0)
    expect(await readAll(repo, Object.keys(files))).toEqual(before)
    expect(Object.values(actionsOf((await readPlan(result)).entries))).toEqual(Object.keys(files).map(() => 'unchanged'))
    expect(writesOf(result.requests)).toEqual([])
    expect(result.outputs).toMatchObject({ updated: '0', changed: 'false' })
  }, 120_000)

  it('no pull made a write call', () => {
    expect(runs.length).toBe(3)
    expect(runs.flatMap((r) => requestLines(writesOf(r.requests)))).toEqual([])
  })
})

describe('a pull of an environment', () => {
  const PATH = 'postman/dev.postman_environment.json'
  const POSTMAN_SECRET = 'postman-side-secret-Qw81'

  it('writes the value changed in Postman and the variable added there; a secret value is never written', async () => {
    const text = asFile(
      environment('Dev', [
        ['baseUrl', 'https://one.test'],
        ['apiToken', '', 'secret'],
        ['timeout', '30']
      ])
    )
    const seeded = emulator.seedEnvironment('ws-env-pull', JSON.parse(text) as object)
    const repo = await newRepo()
    const sha = await repo.commit({ [PATH]: text })
    emulator.editEnvironment(seeded.uid, (body) => {
      const values = body.values as Array<{ key: string; value: string }>
      values.find((v) => v.key === 'baseUrl')!.value = 'https://two.test'
      values.find((v) => v.key === 'apiToken')!.value = POSTMAN_SECRET
      values.push({ key: 'addedInPostman', value: 'yes', type: 'default', enabled: true } as never)
    })

    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-env-pull', sync: 'pull' } })
    expect(result.code, result.stdout).toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    expect(actionsOf((await readPlan(result)).entries)).toEqual({ [PATH]: 'update' })
    const pulled = await readFile(join(repo.dir, PATH), 'utf8')
    const values = (JSON.parse(pulled) as EnvironmentBody).values
    expect(values.map((v) => `${v.key}=${v.value}`)).toEqual(['baseUrl=https://two.test', 'apiToken=', 'timeout=30', 'addedInPostman=yes'])
    expect(values.find((v) => v.key === 'apiToken')?.type).toBe('secret')
    // The export's own keys stay; what a GET adds does not come in.
    const original = JSON.parse(text) as Record<string, unknown>
    const written = JSON.parse(pulled) as Record<string, unknown>
    expect(Object.keys(written)).toEqual(Object.keys(original))
    expect(written._postman_exported_at).toBe(original._postman_exported_at)
    expect(environmentsEqual(written as unknown as EnvironmentBody, emulator.environments('ws-env-pull')[0]!.body as EnvironmentBody)).toBe(true)
    expect(await allBytes(result, [join(repo.dir, PATH)])).not.toContain(POSTMAN_SECRET)
    expect(commandsOf(result, 'error')).toEqual([])

    // Only the secret differs now: nothing to write, byte for byte.
    const again = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-env-pull', sync: 'pull' } })
    expect(again.code, again.stdout).toBe(0)
    expect(await readFile(join(repo.dir, PATH), 'utf8')).toBe(pulled)
    expect(again.outputs).toMatchObject({ updated: '0', changed: 'false' })
    expect(writesOf(again.requests)).toEqual([])
  }, 60_000)
})

describe('a conflict, resolved by a pull', () => {
  const PATH = 'postman/alpha.postman_collection.json'
  const inputs = { workspace: 'ws-conflict-pull' }

  it('the conflict names both ways out; the pull brings the Postman edit in, and the next push has nothing to write', async () => {
    const repo = await newRepo()
    const sha1 = await repo.commit({ [PATH]: asFile(collection('Alpha', { 'List things': 'https://api.example.test/things' })) })
    expect((await runE2E({ emulator, repo, sha: sha1, inputs })).code).toBe(0)
    const stored = emulator.collections('ws-conflict-pull')[0]!
    emulator.editCollection(stored.uid, (body) => {
      body.item[0].request.url = 'https://api.example.test/edited-in-postman'
    })
    const sha2 = await repo.commit({ [PATH]: asFile(collection('Alpha', { 'List things': 'https://api.example.test/things', Other: 'https://x.test' })) })

    const conflict = await runE2E({ emulator, repo, sha: sha2, before: sha1, inputs })
    expect(conflict.code).not.toBe(0)
    const message = commandsOf(conflict, 'error').find((c) => c.properties.file === PATH)?.message ?? ''
    expect(message).toContain('sync: pull')
    expect(message).toContain('examples/workflows/pull-from-postman.yml')
    expect(message).toContain('on-conflict: overwrite')
    expect(message).toContain('examples/workflows/overwrite-postman.yml')

    const pulled = await runE2E({ emulator, repo, sha: sha2, before: sha1, inputs: { ...inputs, sync: 'pull' } })
    expect(pulled.code, pulled.stdout).toBe(0)
    expect(writesOf(pulled.requests)).toEqual([])
    const entry = (await readPlan(pulled)).entries[0]!
    expect(entry.action).toBe('update')
    // The repository changed too (the `Other` request): said, and Postman's version is what is written.
    expect(entry.reason).toMatch(/Changed in the repository too/)
    const text = await readFile(join(repo.dir, PATH), 'utf8')
    expect(text).toContain('edited-in-postman')
    expect(text).not.toContain('https://x.test')

    // The pull request with the pulled file is merged: the next push writes no collection.
    const sha3 = await repo.commit({ [PATH]: text })
    const push = await runE2E({ emulator, repo, sha: sha3, before: sha2, inputs })
    expect(push.code, push.stdout).toBe(0)
    expect(actionsOf((await readPlan(push)).entries)).toEqual({ [PATH]: 'unchanged' })
    expect(requestLines(writesOf(push.requests)).filter((l) => l.includes('/collections'))).toEqual([])
  }, 90_000)

  it('a Postman version holding a Postman API key is not written, and the key appears nowhere', async () => {
    const repo = await newRepo()
    const path = 'postman/gamma.postman_collection.json'
    const text = asFile(collection('Gamma', { 'Get one': 'https://api.example.test/one' }))
    const sha = await repo.commit({ [path]: text })
    expect((await runE2E({ emulator, repo, sha, inputs })).code).toBe(0)
    const key = 'PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01'
    emulator.editCollection(emulator.collections('ws-conflict-pull').find((c) => c.name === 'Gamma')!.uid, (body) => {
      body.item[0].request.header = [{ key: 'X-Api-Key', value: key }]
    })

    const result = await runE2E({ emulator, repo, sha, before: sha, inputs: { ...inputs, sync: 'pull' } })
    expect(result.code).not.toBe(0)
    const entry = (await readPlan(result)).entries.find((e) => e.path === path)!
    expect(entry.action).toBe('error')
    expect(entry.reason).toMatch(/would not pass validation here .*Postman API key/)
    expect(await readFile(join(repo.dir, path), 'utf8')).toBe(text)
    expect(await allBytes(result)).not.toContain(key)
    expect(writesOf(result.requests)).toEqual([])
  }, 60_000)

  it('a file the repository changed while Postman did not is left to the next push, not undone', async () => {
    const repo = await newRepo()
    const path = 'postman/beta.postman_collection.json'
    const sha1 = await repo.commit({ [path]: asFile(collection('Beta', { 'Get one': 'https://api.example.test/one' })) })
    expect((await runE2E({ emulator, repo, sha: sha1, inputs })).code).toBe(0)
    const changed = asFile(collection('Beta', { 'Get one': 'https://api.example.test/one', 'Get two': 'https://api.example.test/two' }))
    const sha2 = await repo.commit({ [path]: changed })

    const result = await runE2E({ emulator, repo, sha: sha2, before: sha1, inputs: { ...inputs, sync: 'pull' } })
    expect(result.code, result.stdout).toBe(0)
    const entry = (await readPlan(result)).entries.find((e) => e.path === path)!
    expect(entry.action).toBe('skip')
    expect(entry.reason).toMatch(/for a push to take to Postman/)
    expect(await readFile(join(repo.dir, path), 'utf8')).toBe(changed)
    expect(writesOf(result.requests)).toEqual([])
  }, 60_000)
})
