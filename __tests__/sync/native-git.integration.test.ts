/**
 * The sync of Native Git (Collection v3) collections and YAML environments against the emulator:
 * create, a no-op second run, a request-level plan that names request files, item ids kept across
 * pushes, the state recording the directory, drift judged by the state or else by the directory at
 * the base commit, conflict copies named after the directory, and resources.yaml mappings of directories.
 */
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { parseState } from '../../src/sync/state.js'
import { STATE_ENVIRONMENT_NAME } from '../../src/constants.js'
import { startHarness, type Harness } from './harness.js'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const DIR = 'postman/collections/Orders'
const ENV = 'postman/environments/Dev.environment.yaml'

const request = (url: string, method = 'GET', extra = ''): string => `$kind: http-request\nurl: "${url}"\nmethod: ${method}\n${extra}`

/** A small v3 repository: a collection with a folder, and a YAML environment. */
const TREE: Record<string, string> = {
  [`${DIR}/.resources/definition.yaml`]: '$kind: collection\nname: Orders API\nvariables:\n  baseUrl: https://orders.test\n',
  [`${DIR}/List orders.request.yaml`]: request('{{baseUrl}}/orders', 'GET', 'order: 1000\n'),
  [`${DIR}/Create order.request.yaml`]: request(
    '{{baseUrl}}/orders',
    'POST',
    'order: 2000\nscripts:\n  - type: afterResponse\n    code: pm.test("created", () => pm.response.to.have.status(201))\n'
  ),
  [`${DIR}/Admin/.resources/definition.yaml`]: '$kind: folder\nname: Admin\n',
  [`${DIR}/Admin/Delete order.request.yaml`]: request('{{baseUrl}}/orders/:id', 'DELETE'),
  [ENV]: 'name: Dev\nvalues:\n  - key: baseUrl\n    value: https://orders.test\n    enabled: true\n'
}

const V3 = { collections: [] as string[], environments: ['postman/environments/*.environment.yaml'], v3Collections: ['postman/collections/*'] }

const stored = (hh: Harness) => hh.emulator.collections('ws-main').find((c) => c.name === 'Orders API')
const stateOf = (hh: Harness) => parseState(hh.emulator.environments('ws-main').find((e) => e.name === STATE_ENVIRONMENT_NAME)?.body)

/** Every item id of a stored collection by `Folder/Name`. */
function ids(body: { item?: unknown[] } | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (items: unknown[], prefix: string): void => {
    for (const raw of items) {
      const item = raw as { name: string; id: string; item?: unknown[] }
      out[`${prefix}${item.name}`] = item.id
      if (item.item) walk(item.item, `${prefix}${item.name}/`)
    }
  }
  walk(body?.item ?? [], '')
  return out
}

describe('sync of a Native Git repository', () => {
  it('creates the collection and the YAML environment, records the directory in the state; a second run writes nothing', async () => {
    h = await startHarness(TREE)
    const first = await h.run(V3)
    expect(first.entries.map((e) => [e.path, e.kind, e.action])).toEqual([
      [DIR, 'collection', 'create'],
      [ENV, 'environment', 'create']
    ])
    // The plan of a create names the request files, relative to the collection directory.
    // (A folder without `order` comes after the ordered requests.)
    expect(first.entries[0]!.diff).toMatchObject({
      added: ['List orders.request.yaml', 'Create order.request.yaml', 'Admin/', 'Admin/Delete order.request.yaml']
    })
    const body = stored(h)!.body
    expect(body.item.map((i: { name: string }) => i.name)).toEqual(['List orders', 'Create order', 'Admin'])
    expect(JSON.stringify(body.item[1].event)).toContain('pm.test(\\"created\\"')
    const paths = [...stateOf(h).values()].map((e) => e.path).sort()
    expect(paths).toEqual([DIR, ENV])

    const second = await h.run(V3)
    expect(second.entries.map((e) => e.action)).toEqual(['unchanged', 'unchanged'])
    expect(h.writes()).toEqual([])
    expect(h.calls().length).toBeLessThanOrEqual(4)
  })

  it('an edited request file is an update whose plan names the file; item ids are kept, a second run writes nothing', async () => {
    h = await startHarness(TREE)
    await h.run(V3)
    const before = ids(stored(h)!.body)
    h.repo.commit({
      [`${DIR}/Admin/Delete order.request.yaml`]: request('{{baseUrl}}/orders/:id?force=true', 'DELETE'),
      [`${DIR}/Ship order.request.yaml`]: request('{{baseUrl}}/orders/:id/ship', 'POST', 'order: 3000\n')
    })
    const plan = await h.run({ ...V3, mode: 'plan' })
    expect(plan.entries[0]).toMatchObject({
      action: 'update',
      diff: { added: ['Ship order.request.yaml'], removed: [], changed: [{ path: 'Admin/Delete order.request.yaml', aspects: ['url'] }] }
    })
    expect(h.writes()).toEqual([])

    const push = await h.run(V3)
    expect(push.entries[0]!.action).toBe('update')
    const after = ids(stored(h)!.body)
    expect(Object.keys(before).sort()).toEqual(['Admin', 'Admin/Delete order', 'Create order', 'List orders'])
    for (const path of Object.keys(before)) expect(after[path], path).toBe(before[path])
    expect(after['Ship order']).toBeDefined()
    await h.run(V3)
    expect(h.writes()).toEqual([])
  })

  it('a collection renamed in its definition updates the collection last written from its directory (the state holds the directory), never a second one', async () => {
    h = await startHarness(TREE)
    await h.run(V3)
    h.repo.commit({ [`${DIR}/.resources/definition.yaml`]: '$kind: collection\nname: Orders API v2\nvariables:\n  baseUrl: https://orders.test\n' })
    const result = await h.run(V3)
    expect(result.entries[0]).toMatchObject({ path: DIR, action: 'update', resolvedBy: 'state', diff: { collection: ['name'] } })
    expect(h.emulator.collections('ws-main').map((c) => c.name)).toEqual(['Orders API v2'])
  })

  it('drift is judged by the state: an edit in Postman plus a repository edit is a conflict, its copy named after the directory', async () => {
    h = await startHarness(TREE)
    await h.run(V3)
    h.emulator.editCollection(stored(h)!.uid, (body) => {
      body.item[0].request.url = 'https://orders.test/edited-in-postman'
    })
    h.repo.commit({ [`${DIR}/List orders.request.yaml`]: request('{{baseUrl}}/orders?page=1', 'GET', 'order: 1000\n') })
    const result = await h.run(V3)
    const entry = result.entries[0]!
    expect(entry.action).toBe('conflict')
    expect(entry.remoteCopy).toMatch(/\/Orders\.remote\.json$/)
    expect(readFileSync(entry.remoteCopy!, 'utf8')).toContain('edited-in-postman')
    // Annotated at the collection's definition, the one file of the directory that stands for all of it.
    expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'conflict', file: `${DIR}/.resources/definition.yaml`, line: 1 }))
    expect(h.writes()).toEqual([])
  })

  it('without state, the directory at the base commit decides: an update when only the repository moved, a conflict when Postman did too', async () => {
    h = await startHarness(TREE)
    const base = h.repo.git('rev-parse', 'HEAD')
    await h.run({ ...V3, state: 'off' })
    // The repository moves alone (a request file edited, one added): Postman still equals the base.
    h.repo.commit({
      [`${DIR}/List orders.request.yaml`]: request('{{baseUrl}}/orders?page=1', 'GET', 'order: 1000\n'),
      [`${DIR}/Admin/Archive order.request.yaml`]: request('{{baseUrl}}/orders/:id/archive', 'POST')
    })
    const moved = await h.run({ ...V3, state: 'off', baseSha: base })
    expect(moved.entries[0]).toMatchObject({ path: DIR, action: 'update' })
    expect(JSON.stringify(stored(h)!.body)).toContain('page=1')

    // Now Postman moves as well: it no longer equals the directory at the new base.
    const second = h.repo.git('rev-parse', 'HEAD')
    h.emulator.editCollection(stored(h)!.uid, (body) => {
      body.item[0].request.url = 'https://orders.test/edited-in-postman'
    })
    h.repo.commit({ [`${DIR}/Create order.request.yaml`]: request('{{baseUrl}}/orders', 'PUT', 'order: 2000\n') })
    const drifted = await h.run({ ...V3, state: 'off', baseSha: second })
    expect(drifted.entries[0]).toMatchObject({ action: 'conflict' })
    expect(drifted.entries[0]!.reason).toMatch(/from the file at the base commit: it was changed in Postman/)
    expect(h.writes()).toEqual([])
  })

  it('without state, a base commit that lacks the directory is no base: a changed remote is a conflict', async () => {
    h = await startHarness({ 'README.md': 'before the collection\n' })
    const base = h.repo.git('rev-parse', 'HEAD')
    h.repo.commit(TREE)
    await h.run({ ...V3, state: 'off' })
    h.emulator.editCollection(stored(h)!.uid, (body) => {
      body.item[0].request.url = 'https://orders.test/edited-in-postman'
    })
    const result = await h.run({ ...V3, state: 'off', baseSha: base })
    expect(result.entries[0]).toMatchObject({ action: 'conflict' })
    expect(result.entries[0]!.reason).toMatch(/no state entry, no base commit/)
    expect(h.writes()).toEqual([])
  })

  it('a resources.yaml mapping of the directory decides the target; a mapped id the workspace lacks is an error at its line only where it would be created', async () => {
    h = await startHarness(TREE)
    await h.run(V3)
    const uid = stored(h)!.uid
    const PROD = 'postman/environments/Prod.environment.yaml'
    const mapped = [
      'workspace:',
      '  id: ws-main',
      'cloudResources:',
      '  collections:',
      `    ..\\postman\\collections\\Orders: ${uid}`,
      '  environments:',
      `    ../${ENV}: 12345678-00000000-0000-4000-8000-00000000dead`,
      `    ../${PROD}: 65f1c2d3e4f5a6b7c8d9e0f1`,
      ''
    ].join('\n')
    h.repo.commit({
      '.postman/resources.yaml': mapped,
      [`${DIR}/.resources/definition.yaml`]: '$kind: collection\nname: Renamed here\n',
      [PROD]: 'name: Prod\nvalues: []\n'
    })
    const result = await h.run({ ...V3, workspace: '' })
    expect(result.entries.map((e) => [e.path, e.action, e.resolvedBy])).toEqual([
      [DIR, 'update', 'resources-file'],
      [ENV, 'unchanged', 'state'],
      [PROD, 'error', undefined]
    ])
    expect(result.entries[2]).toMatchObject({ at: { file: '.postman/resources.yaml', line: 8 } })
    expect(result.findings.filter((f) => f.file === '.postman/resources.yaml').map((f) => [f.level, f.line, f.title])).toEqual([
      ['warning', 8, 'Id the Postman API may not serve'],
      ['warning', 7, 'Mapped id not in the workspace'],
      ['error', 8, "Cannot sync environment 'Prod'"]
    ])
    // The rest of the push went on; nothing was created in place of the mapped id.
    expect(stored(h)).toBeUndefined()
    expect(h.emulator.collections('ws-main').map((c) => c.name)).toEqual(['Renamed here'])
    expect(h.emulator.environments('ws-main').map((e) => e.name)).not.toContain('Prod')
  })

  it('measures the converted body against max-collection-mb, and refuses it at the definition with zero writes', async () => {
    h = await startHarness(TREE)
    const result = await h.run({ ...V3, maxCollectionMb: 0.0001 })
    expect(result.entries.find((e) => e.path === DIR)).toMatchObject({ action: 'error' })
    expect(result.findings).toContainEqual(
      expect.objectContaining({ level: 'error', title: 'Collection too large', file: `${DIR}/.resources/definition.yaml`, line: 1 })
    )
    expect(h.writes()).toEqual([])
  })
})
