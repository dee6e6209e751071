import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { STATE_ENVIRONMENT_NAME } from '../../src/constants.js'
import { parseState } from '../../src/sync/state.js'
import { actions, DEFAULT_FILES, fixture, fixtureJson, startHarness, type Harness } from './harness.js'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const PETSTORE = 'postman/petstore.postman_collection.json'
const CONDUIT = 'postman/conduit.postman_environment.json'
const ALL_CREATED = {
  'nested.postman_collection.json': 'create',
  'petstore.postman_collection.json': 'create',
  'uploader.postman_collection.json': 'create',
  'conduit.postman_environment.json': 'create'
}
const ALL_UNCHANGED = Object.fromEntries(Object.keys(ALL_CREATED).map((k) => [k, 'unchanged']))

/** The petstore fixture with one request's URL changed. */
function editedPetstore(mutate: (c: ReturnType<typeof fixtureJson>) => void = (c) => (c.item[0].request.url.raw += '?v=2')): string {
  const c = fixtureJson('petstore.postman_collection.json')
  mutate(c)
  return JSON.stringify(c, null, 2)
}

/** Renames the petstore collection's second item in Postman (an edit the repository does not have); returns the collection. */
function renamePetstoreInPostman(hh: Harness) {
  const target = hh.emulator.collections('ws-main').find((c) => c.name === 'Petstore Playground Test')
  hh.emulator.editCollection(target?.uid as string, (body) => {
    body.item[1].name = 'Renamed in Postman'
  })
  return target
}

const stateOf = (hh: Harness) => {
  const env = hh.emulator.environments('ws-main').find((e) => e.name === STATE_ENVIRONMENT_NAME)
  return parseState(env?.body)
}

describe('sync against the emulator', () => {
  it('first push creates every file, then writes the state last', async () => {
    h = await startHarness()
    const result = await h.run()
    expect(actions(result)).toEqual(ALL_CREATED)
    expect(result.writesSkipped).toBeUndefined()
    const writes = h.writes().map((r) => `${r.method} ${r.path}`)
    expect(writes).toHaveLength(5)
    expect(writes.at(-1)).toBe('POST /environments')
    expect(h.writes().every((r) => r.query.workspace === 'ws-main')).toBe(true)
    expect(
      h.emulator
        .collections('ws-main')
        .map((c) => c.name)
        .sort()
    ).toEqual(['CDP Uploader', 'Petstore Playground Test', 'auth-v2.1'])
    // Every entry carries the uid Postman gave it, and the state records each one.
    const uids = result.entries.map((e) => e.uid)
    expect(uids.every((u) => typeof u === 'string' && /^12345678-/.test(u))).toBe(true)
    expect([...stateOf(h).keys()].sort()).toEqual(result.entries.map((e) => `${e.kind}:${e.uid}`).sort())
    expect(result.apiCalls).toBe(h.calls().length)
  })

  it('a second run writes nothing and costs at most 4 calls', async () => {
    h = await startHarness()
    await h.run()
    const result = await h.run()
    expect(actions(result)).toEqual(ALL_UNCHANGED)
    expect(h.writes()).toEqual([])
    expect(h.calls().length).toBeLessThanOrEqual(4)
    expect(result.apiCalls).toBe(h.calls().length)
    expect(h.calls().some((r) => /^\/collections\/./.test(r.path))).toBe(false)
  })

  it('one changed file → one PUT of it, then the state; within 5 + 3k calls', async () => {
    h = await startHarness()
    await h.run()
    const uid = h.emulator.collections('ws-main').find((c) => c.name === 'Petstore Playground Test')?.uid
    h.repo.commit({ [PETSTORE]: editedPetstore() })
    const result = await h.run()
    expect(actions(result)).toEqual({ ...ALL_UNCHANGED, 'petstore.postman_collection.json': 'update' })
    const writes = h.writes().map((r) => `${r.method} ${r.path}`)
    expect(writes[0]).toMatch(new RegExp(`^PUT /collections/(${uid}|${uid?.split('-').slice(1).join('-')})$`))
    expect(writes).toHaveLength(2)
    expect(writes[1]).toMatch(/^PUT \/environments\//)
    expect(h.calls().length).toBeLessThanOrEqual(5 + 3)
    const entry = result.entries.find((e) => e.path === PETSTORE)
    expect(entry?.diff && 'collection' in entry.diff ? entry.diff.changed.map((c) => c.aspects) : []).toEqual([['url']])
    // And the run after is a no-op again.
    await h.run()
    expect(h.writes()).toEqual([])
    expect(h.calls().length).toBeLessThanOrEqual(4)
  })

  it('a re-exported file (fresh _postman_id) updates its target by name and items keep their ids', async () => {
    h = await startHarness()
    await h.run()
    const before = h.emulator.collections('ws-main').find((c) => c.name === 'Petstore Playground Test')
    const ids = (before?.body.item as Array<{ id: string; name: string }>).map((i) => `${i.name}=${i.id}`)
    h.repo.commit({
      [PETSTORE]: editedPetstore((c) => {
        c.info._postman_id = '0b9e3a43-0000-4000-8000-000000000001'
        for (const item of c.item) item.id = undefined
        c.item[0].request.url.raw += '?v=2'
      })
    })
    const result = await h.run()
    const entry = result.entries.find((e) => e.path === PETSTORE)
    // The state remembers which collection this path was written to; without a state, the name decides (resolve.test.ts).
    expect(entry).toMatchObject({ action: 'update', resolvedBy: 'state', uid: before?.uid })
    const after = h.emulator.collections('ws-main').find((c) => c.uid === before?.uid)
    expect((after?.body.item as Array<{ id: string; name: string }>).map((i) => `${i.name}=${i.id}`)).toEqual(ids)
    expect(h.emulator.collections('ws-main')).toHaveLength(3)
  })

  it('an edit in Postman plus a local change is a conflict: nothing is written, the remote copy is saved', async () => {
    h = await startHarness()
    await h.run()
    renamePetstoreInPostman(h)
    h.repo.commit({ [PETSTORE]: editedPetstore(), 'postman/uploader.postman_collection.json': editedUploader() })
    const result = await h.run()
    expect(actions(result)).toMatchObject({ 'petstore.postman_collection.json': 'conflict', 'uploader.postman_collection.json': 'update' })
    expect(h.writes()).toEqual([])
    expect(result.writesSkipped).toMatch(/1 conflict/)
    const entry = result.entries.find((e) => e.path === PETSTORE)
    expect(entry?.remoteCopy).toBeDefined()
    expect(existsSync(entry?.remoteCopy as string)).toBe(true)
    expect(readFileSync(entry?.remoteCopy as string, 'utf8')).toContain('Renamed in Postman')
    expect(result.findings).toContainEqual(expect.objectContaining({ level: 'error', kind: 'conflict', file: PETSTORE, line: 1 }))
  })

  it('on-conflict: skip pushes the others and warns', async () => {
    h = await startHarness()
    await h.run()
    const target = renamePetstoreInPostman(h)
    h.repo.commit({ [PETSTORE]: editedPetstore(), 'postman/uploader.postman_collection.json': editedUploader() })
    const result = await h.run({ onConflict: 'skip' })
    expect(actions(result)).toMatchObject({ 'petstore.postman_collection.json': 'conflict', 'uploader.postman_collection.json': 'update' })
    expect(h.writes().map((r) => r.method)).toEqual(['PUT', 'PUT'])
    expect(result.findings).toContainEqual(expect.objectContaining({ level: 'warning', kind: 'conflict', file: PETSTORE }))
    expect(h.emulator.collections('ws-main').find((c) => c.uid === target?.uid)?.body.item[1].name).toBe('Renamed in Postman')
  })

  it('an edit in Postman with no local change is a conflict too (the Postman edit is not silently kept out of git)', async () => {
    h = await startHarness()
    await h.run()
    renamePetstoreInPostman(h)
    const result = await h.run()
    expect(actions(result)['petstore.postman_collection.json']).toBe('conflict')
    expect(h.writes()).toEqual([])
  })

  it('adopting an existing, different remote is a conflict until on-conflict: overwrite', async () => {
    h = await startHarness()
    const seeded = fixtureJson('petstore.postman_collection.json')
    seeded.item = seeded.item.slice(0, 2)
    const { uid } = h.emulator.seedCollection('ws-main', seeded)
    const first = await h.run()
    expect(actions(first)['petstore.postman_collection.json']).toBe('conflict')
    // The finding names both ways out: the pull workflow keeps the Postman copy, the overwrite workflow replaces it.
    const conflict = first.findings.find((f) => f.kind === 'conflict' && f.file === PETSTORE)?.message
    expect(conflict).toMatch(/sync: pull; examples\/workflows\/pull-from-postman\.yml/)
    expect(conflict).toMatch(/on-conflict: overwrite \(examples\/workflows\/overwrite-postman\.yml\)/)
    expect(h.writes()).toEqual([])
    const second = await h.run({ onConflict: 'overwrite' })
    expect(second.entries.find((e) => e.path === PETSTORE)).toMatchObject({ action: 'update', resolvedBy: 'name', uid })
    expect(h.emulator.collections('ws-main').find((c) => c.uid === uid)?.body.item).toHaveLength(fixtureJson('petstore.postman_collection.json').item.length)
    await h.run()
    expect(h.writes()).toEqual([])
  })

  it('without state, the base commit tells a stale remote from a Postman edit', async () => {
    h = await startHarness()
    const base = h.repo.git('rev-parse', 'HEAD')
    // Postman holds what the base commit held (an earlier push by another tool or run).
    h.emulator.seedCollection('ws-main', fixtureJson('petstore.postman_collection.json'))
    h.repo.commit({ [PETSTORE]: editedPetstore() })
    const result = await h.run({ state: 'off', baseSha: base })
    expect(result.entries.find((e) => e.path === PETSTORE)).toMatchObject({ action: 'update', reason: undefined })
    expect(h.emulator.environments('ws-main').some((e) => e.name === STATE_ENVIRONMENT_NAME)).toBe(false)
    // With the remote edited away from the base, the same run is a conflict.
    renamePetstoreInPostman(h)
    h.repo.commit({ [PETSTORE]: editedPetstore((c) => (c.item[0].request.url.raw += '?v=3')) })
    const again = await h.run({ state: 'off', baseSha: h.repo.git('rev-parse', 'HEAD~1') })
    expect(actions(again)['petstore.postman_collection.json']).toBe('conflict')
  })

  it('a variable added in Postman survives a push and is not a conflict', async () => {
    h = await startHarness()
    await h.run()
    const env = h.emulator.environments('ws-main').find((e) => e.name === 'Conduit')
    h.emulator.editEnvironment(env?.uid as string, (body) => {
      body.values.push({ key: 'addedInPostman', value: 'keep-me', type: 'default', enabled: true })
    })
    const conduit = fixtureJson('conduit.postman_environment.json')
    conduit.values[0].value = 'https://staging.example.com/api'
    h.repo.commit({ [CONDUIT]: JSON.stringify(conduit) })
    const result = await h.run()
    expect(actions(result)['conduit.postman_environment.json']).toBe('update')
    const after = h.emulator.environments('ws-main').find((e) => e.uid === env?.uid)?.body
    const values = Object.fromEntries((after.values as Array<{ key: string; value: string }>).map((v) => [v.key, v.value]))
    expect(values).toMatchObject({ addedInPostman: 'keep-me', apiUrl: 'https://staging.example.com/api' })
    await h.run()
    expect(h.writes()).toEqual([])
  })

  it('plan mode writes nothing and still reports the diff', async () => {
    h = await startHarness()
    await h.run()
    h.repo.commit({ [PETSTORE]: editedPetstore() })
    const result = await h.run({ mode: 'plan' })
    expect(actions(result)['petstore.postman_collection.json']).toBe('update')
    expect(h.writes()).toEqual([])
    expect(result.entries.find((e) => e.path === PETSTORE)?.diff).toMatchObject({ changed: [{ aspects: ['url'] }] })
  })

  it('one invalid file among valid ones → no write at all, and the invalid file has an error entry', async () => {
    h = await startHarness({ ...DEFAULT_FILES, 'postman/broken.postman_collection.json': '{"info": ' })
    const result = await h.run()
    expect(h.writes()).toEqual([])
    expect(result.writesSkipped).toMatch(/failed validation/)
    expect(actions(result)).toMatchObject({ ...ALL_CREATED, 'broken.postman_collection.json': 'error' })
    expect(result.findings.some((f) => f.level === 'error' && f.file === 'postman/broken.postman_collection.json')).toBe(true)
  })

  it("an invalid file's entry has the kind of the glob that matched it, not one guessed from its name", async () => {
    h = await startHarness({ ...DEFAULT_FILES, 'envs/staging.json': '{"name": ', 'collections/environment-api.json': '{"info": ' })
    const result = await h.run({
      collections: ['**/*.postman_collection.json', 'collections/*.json'],
      environments: ['**/*.postman_environment.json', 'envs/*.json']
    })
    const kinds = Object.fromEntries(result.entries.filter((e) => e.action === 'error').map((e) => [e.path, e.kind]))
    expect(kinds).toEqual({ 'envs/staging.json': 'environment', 'collections/environment-api.json': 'collection' })
    expect(h.writes()).toEqual([])
  })

  it('an unknown workspace fails before anything else, naming the input', async () => {
    h = await startHarness()
    await expect(h.run({ workspace: 'ws-nope' })).rejects.toThrow(/'ws-nope' \(the 'workspace' input\)/)
    // The workspace, then the listing that names the ones the key can see in the error.
    expect(h.calls().map((r) => r.path)).toEqual(['/workspaces/ws-nope', '/workspaces'])
  })

  it('a file whose id belongs to another workspace is an error, never a create', async () => {
    h = await startHarness({ 'postman/petstore.postman_collection.json': fixture('petstore.postman_collection.json') })
    const elsewhere = h.emulator.seedCollection('ws-other', fixtureJson('petstore.postman_collection.json'))
    const c = fixtureJson('petstore.postman_collection.json')
    c.info._postman_id = elsewhere.id
    h.repo.commit({ [PETSTORE]: JSON.stringify(c) })
    const result = await h.run()
    expect(result.entries[0]).toMatchObject({ action: 'error' })
    expect(result.entries[0]!.reason).toMatch(/outside workspace ws-main/)
    expect(h.writes()).toEqual([])
  })

  it('resources.yaml names the workspace and the target', async () => {
    h = await startHarness({ 'postman/petstore.postman_collection.json': fixture('petstore.postman_collection.json') })
    const other = h.emulator.seedCollection('ws-other', {
      info: { name: 'Something else', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: []
    })
    h.repo.commit({ '.postman/resources.yaml': `workspace:\n  id: ws-other\ncloudResources:\n  collections:\n    ../${PETSTORE}: ${other.uid}\n` })
    const result = await h.run({ workspace: '', onConflict: 'overwrite' })
    expect(result.entries[0]).toMatchObject({ action: 'update', resolvedBy: 'resources-file', uid: other.uid })
    expect(h.emulator.collections('ws-other').find((c) => c.uid === other.uid)?.name).toBe('Petstore Playground Test')
  })

  it('a failed write marks that file error; the others are pushed and recorded in the state', async () => {
    // The emulator refuses collection bodies above 2800 bytes (413): petstore and nested fail.
    h = await startHarness(DEFAULT_FILES, { maxCollectionBytes: 2800 })
    const result = await h.run()
    expect(actions(result)).toEqual({
      'nested.postman_collection.json': 'error',
      'petstore.postman_collection.json': 'error',
      'uploader.postman_collection.json': 'create',
      'conduit.postman_environment.json': 'create'
    })
    expect(result.entries.find((e) => e.path === PETSTORE)?.reason).toMatch(/^Write failed: .*413/)
    expect(result.findings).toContainEqual(expect.objectContaining({ level: 'error', kind: 'sync-error', file: PETSTORE }))
    const written = result.entries.filter((e) => e.action === 'create').map((e) => `${e.kind}:${e.uid}`)
    expect([...stateOf(h).keys()].sort()).toEqual(written.sort())
  })

  it('a secret value committed to an environment is never uploaded, and a warning names the key (not the value)', async () => {
    const conduit = fixtureJson('conduit.postman_environment.json')
    conduit.values.push({ key: 'password', value: 'hunter2-committed', type: 'secret', enabled: true })
    h = await startHarness({ [CONDUIT]: JSON.stringify(conduit) })
    const result = await h.run()
    expect(actions(result)).toEqual({ 'conduit.postman_environment.json': 'create' })
    const stored = h.emulator.environments('ws-main').find((e) => e.name === 'Conduit')?.body
    expect(JSON.stringify(stored)).not.toContain('hunter2-committed')
    const warning = result.findings.find((f) => f.title === 'Secret value committed')
    expect(warning).toMatchObject({ level: 'warning', file: CONDUIT })
    expect(warning?.message).toContain('password')
    expect(JSON.stringify(result)).not.toContain('hunter2-committed')
    expect([...h.logs.warning, ...h.logs.info].join('\n')).not.toContain('hunter2-committed')
    // A no-op run (no GET of the environment) still says so.
    const again = await h.run()
    expect(actions(again)).toEqual({ 'conduit.postman_environment.json': 'unchanged' })
    expect(h.calls().length).toBeLessThanOrEqual(4)
    expect(again.findings.some((f) => f.title === 'Secret value committed')).toBe(true)
  })

  it('a remote found equal to the file is recorded with the next write, so later runs need no GET for it', async () => {
    h = await startHarness()
    h.emulator.seedCollection('ws-main', fixtureJson('petstore.postman_collection.json'))
    const first = await h.run()
    expect(actions(first)).toMatchObject({ 'petstore.postman_collection.json': 'unchanged', 'nested.postman_collection.json': 'create' })
    const petstoreUid = first.entries.find((e) => e.path === PETSTORE)?.uid
    expect(stateOf(h).has(`collection:${petstoreUid}`)).toBe(true)
    await h.run()
    expect(h.calls().length).toBeLessThanOrEqual(4)
  })

  it('a v2.0.0 file is pushed converted and then compares equal to what Postman stored', async () => {
    h = await startHarness({ 'postman/legacy.postman_collection.json': fixture('legacy-v2.0.postman_collection.json') })
    expect(actions(await h.run())).toEqual({ 'legacy.postman_collection.json': 'create' })
    const stored = h.emulator.collections('ws-main')[0]!.body
    expect(stored.item[0].request.auth.basic).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'username' })]))
    // Without the state the remote must compare equal on content alone.
    expect(actions(await h.run({ state: 'off' }))).toEqual({ 'legacy.postman_collection.json': 'unchanged' })
    expect(h.writes()).toEqual([])
  })

  it('every real collection of the content corpus pushes, then compares unchanged by content alone', async () => {
    const dir = fileURLToPath(new URL('../fixtures/files/corpus/collections/', import.meta.url))
    const files = Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => [`corpus/${f.replace(/\.json$/, '')}.postman_collection.json`, readFileSync(path.join(dir, f), 'utf8')])
    )
    expect(Object.keys(files).length).toBeGreaterThan(20)
    h = await startHarness(files)
    const first = await h.run()
    expect(first.entries.filter((e) => e.action !== 'create')).toEqual([])
    // state: off → every remote is fetched and compared with its file: normalization must absorb what the server rewrote.
    const second = await h.run({ state: 'off' })
    expect(second.entries.filter((e) => e.action !== 'unchanged').map((e) => e.path)).toEqual([])
    expect(h.writes()).toEqual([])
  }, 60_000)

  it('with faults on (lost creates, 503s), each file is created exactly once and the next run is a no-op', async () => {
    h = await startHarness(DEFAULT_FILES, { faults: { lostCreateEvery: 2, status503Every: 4 } })
    const result = await h.run()
    expect(actions(result)).toEqual(ALL_CREATED)
    expect(
      h.emulator
        .collections('ws-main')
        .map((c) => c.name)
        .sort()
    ).toEqual(['CDP Uploader', 'Petstore Playground Test', 'auth-v2.1'])
    expect(
      h.emulator
        .environments('ws-main')
        .map((e) => e.name)
        .sort()
    ).toEqual(['Conduit', STATE_ENVIRONMENT_NAME])
    h.emulator.setFaults({})
    const again = await h.run()
    expect(actions(again)).toEqual(ALL_UNCHANGED)
    expect(h.calls().length).toBeLessThanOrEqual(4)
  }, 60_000)

  it('a read that keeps failing makes that file an error; the others are still planned and pushed', async () => {
    h = await startHarness()
    await h.run()
    const pet = h.emulator.collections('ws-main').find((c) => c.name === 'Petstore Playground Test')
    h.repo.commit({ [PETSTORE]: editedPetstore(), 'postman/uploader.postman_collection.json': editedUploader() })
    h.emulator.setFaults({ status503Every: 1, only: (req) => req.method === 'GET' && req.path.includes(pet?.id as string) })
    const result = await h.run()
    expect(actions(result)).toMatchObject({ 'petstore.postman_collection.json': 'error', 'uploader.postman_collection.json': 'update' })
    expect(result.entries.find((e) => e.path === PETSTORE)?.reason).toMatch(/Could not read the collection from Postman: .*503/)
    expect(h.writes().map((r) => r.method)).toEqual(['PUT', 'PUT'])
    expect(h.emulator.collections('ws-main').find((c) => c.uid === pet?.uid)?.body.item[0].request.url.raw).not.toContain('v=2')
  }, 60_000)

  it('a stale run (the commit is no longer the tip of its ref) writes nothing, with a notice', async () => {
    h = await startHarness()
    const old = h.repo.git('rev-parse', 'HEAD')
    // The repository is its own origin: ls-remote then sees the real tip of main.
    h.repo.git('remote', 'add', 'origin', h.repo.dir)
    h.repo.commit({ [PETSTORE]: editedPetstore() })
    const stale = await h.run({ headSha: old, ref: 'refs/heads/main' })
    expect(stale.writesSkipped).toMatch(/no longer the tip of refs\/heads\/main/)
    expect(h.writes()).toEqual([])
    expect(h.logs.notice).toHaveLength(1)
    const current = await h.run({ headSha: h.repo.git('rev-parse', 'HEAD'), ref: 'refs/heads/main' })
    expect(current.writesSkipped).toBeUndefined()
    expect(h.writes()).toHaveLength(5)
  })

  it('quota: a push the monthly quota left cannot finish is refused before any write', async () => {
    // 4 creates + 2 listings + the state need 7 calls; the read-only part (workspace, listings, the id checks before the creates) leaves fewer.
    h = await startHarness(DEFAULT_FILES, { monthlyLimit: 9 })
    const result = await h.run()
    expect(result.writesSkipped).toMatch(/Only \d+ Postman API calls? (is|are) left this month/)
    expect(h.writes()).toEqual([])
    expect(result.quotaRemaining).toBeLessThan(7)
  })
})

function editedUploader(): string {
  const c = fixtureJson('uploader.postman_collection.json')
  c.item[0].name = `${c.item[0].name} (v2)`
  return JSON.stringify(c)
}
