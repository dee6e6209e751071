/**
 * End to end, conflicts and adoption (issue 4, scenarios 5 and 6): an edit made in Postman meets a
 * change in the repository, under each `on-conflict` policy; an existing remote collection with the
 * file's name is adopted only when it is identical, or on a deliberate `overwrite`.
 * One emulator, one workspace per story, so the stories cannot see each other's resources.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { asFile, type TempRepo } from './repo.js'
import { actionsOf, alpha, beta, collection, commandsOf, readPlan, repoPool, requestLines, runE2E, startWorkspacesEmulator, writesOf } from './helpers.js'

const A = 'postman/alpha.postman_collection.json'
const B = 'postman/beta.postman_collection.json'

let emulator: Emulator
const { newRepo, removeAll } = repoPool()

beforeAll(async () => {
  emulator = await startWorkspacesEmulator([
    { id: 'ws-edit', name: 'Edited in Postman' },
    { id: 'ws-adopt', name: 'Adopt a different one' },
    { id: 'ws-same', name: 'Adopt an identical one' },
    { id: 'ws-drift', name: 'Edited only in Postman' },
    { id: 'ws-rename', name: 'Renamed in Postman' }
  ])
})

afterAll(async () => {
  await emulator?.close()
  await removeAll()
})

describe('an edit made in Postman meets a change in the repository', () => {
  let repo: TempRepo
  let sha = ''
  const inputs = { workspace: 'ws-edit' }
  const stored = (name: string) => emulator.collections('ws-edit').find((c) => c.name === name)

  beforeAll(async () => {
    repo = await newRepo()
    const first = await repo.commit({ [A]: asFile(alpha()), [B]: asFile(beta()) })
    const pushed = await runE2E({ emulator, repo, sha: first, inputs })
    expect(pushed.code, pushed.stdout).toBe(0)
    // In Postman, someone renames Alpha's request; in the repository, both files change.
    emulator.editCollection(stored('Alpha')?.uid as string, (body) => {
      body.item[0].name = 'List all things'
    })
    sha = await repo.commit({
      [A]: asFile(alpha({ 'Delete thing': 'https://api.example.test/things/1' })),
      [B]: asFile(beta({ 'Get two': 'https://api.example.test/two' }))
    })
  })

  it('5a. on-conflict: fail writes nothing at all, fails the step, annotates the file and writes the remote copy', async () => {
    const betaBefore = stored('Beta')?.updatedAt
    const result = await runE2E({ emulator, repo, sha, inputs })

    expect(result.code).not.toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    expect(stored('Beta')?.updatedAt).toBe(betaBefore)
    expect(stored('Alpha')?.body.item.map((i: { name: string }) => i.name)).toEqual(['List all things'])

    const errors = commandsOf(result, 'error')
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ properties: expect.objectContaining({ file: A }) })]))
    expect(errors.some((e) => e.properties.file === B)).toBe(false)
    // The step's own failure says why.
    expect(errors.some((e) => e.properties.file === undefined && /1 conflict/.test(e.message))).toBe(true)
    // Nothing was written: the outputs say so; the plan still shows Beta's update it would make.
    // A conflict is a failure, not a benign skip: `skipped` stays false.
    expect(result.outputs).toMatchObject({ conflicts: '1', updated: '0', changed: 'false', skipped: 'false', 'skip-reason': '' })

    const plan = await readPlan(result)
    expect(actionsOf(plan.entries)).toEqual({ [A]: 'conflict', [B]: 'update' })
    const copy = plan.entries.find((e) => e.path === A)?.remoteCopy as string
    expect(copy).toBeTruthy()
    const copyPath = copy.startsWith('/') ? copy : join(result.runnerTemp, 'postman-sync', copy)
    expect(copyPath.startsWith(result.runnerTemp)).toBe(true)
    expect(existsSync(copyPath)).toBe(true)
    // The copy is Postman's side: the developer diffs it with the file and commits what they keep.
    expect(readFileSync(copyPath, 'utf8')).toContain('List all things')
    const copyName = copy.split('/').pop() as string
    expect(result.summary.replace(/&#95;/g, '_')).toContain(copyName)
  })

  it('5b. on-conflict: skip pushes the other file and passes with a warning at the conflicting one', async () => {
    const result = await runE2E({ emulator, repo, sha, inputs: { ...inputs, 'on-conflict': 'skip' } })

    expect(result.code, result.stdout).toBe(0)
    const writes = requestLines(writesOf(result.requests))
    expect(writes).toContain(`PUT /collections/${stored('Beta')?.uid}`)
    expect(writes.some((w) => w.includes(stored('Alpha')?.uid as string))).toBe(false)
    expect(stored('Beta')?.body.item.map((i: { name: string }) => i.name)).toEqual(['Get one', 'Get two'])
    expect(stored('Alpha')?.body.item.map((i: { name: string }) => i.name)).toEqual(['List all things'])
    expect(commandsOf(result, 'error')).toEqual([])
    expect(commandsOf(result, 'warning').some((w) => w.properties.file === A)).toBe(true)
    expect(result.outputs).toMatchObject({ conflicts: '1', updated: '1', skipped: 'false' })
  })

  it('5c. on-conflict: overwrite makes the repository win', async () => {
    const alphaUid = stored('Alpha')?.uid
    const result = await runE2E({ emulator, repo, sha, inputs: { ...inputs, 'on-conflict': 'overwrite' } })

    expect(result.code, result.stdout).toBe(0)
    expect(requestLines(writesOf(result.requests))).toContain(`PUT /collections/${alphaUid}`)
    expect(stored('Alpha')?.body.item.map((i: { name: string }) => i.name)).toEqual(['List things', 'Delete thing'])
    expect(emulator.collections('ws-edit').filter((c) => c.name === 'Alpha')).toHaveLength(1)
    expect(result.outputs).toMatchObject({ conflicts: '0', updated: '1', unchanged: '1' })

    // And the next run, with nothing changed on either side, is quiet.
    const next = await runE2E({ emulator, repo, sha, inputs })
    expect(writesOf(next.requests)).toEqual([])
    expect(next.outputs).toMatchObject({ unchanged: '2', conflicts: '0' })
  })
})

describe('an edit made only in Postman (the file unchanged since the last push)', () => {
  it('5d. is drift: a conflict at that file whose reason does not claim the repository changed', async () => {
    const repo = await newRepo()
    const inputs = { workspace: 'ws-drift' }
    const first = await repo.commit({ [A]: asFile(alpha()), [B]: asFile(beta()) })
    expect((await runE2E({ emulator, repo, sha: first, inputs })).code).toBe(0)
    const alphaStored = emulator.collections('ws-drift').find((c) => c.name === 'Alpha')
    emulator.editCollection(alphaStored?.uid as string, (body) => {
      body.item[0].name = 'Renamed in Postman'
    })
    // Only Beta changes in the repository.
    const sha = await repo.commit({ [B]: asFile(beta({ 'Get two': 'https://api.example.test/two' })) }, 'change Beta only')
    const result = await runE2E({ emulator, repo, sha, before: first, inputs })

    expect(result.code).not.toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    const entry = (await readPlan(result)).entries.find((e) => e.path === A)
    expect(entry?.action).toBe('conflict')
    expect(entry?.reason).toMatch(/Changed in Postman/)
    // The file did not change: telling the developer it did sends them looking for an edit that is not there.
    expect(entry?.reason).not.toMatch(/repository changed/)
    expect(entry?.reason).toMatch(/repository did not change/)
    const annotation = commandsOf(result, 'error').find((e) => e.properties.file === A)
    expect(annotation?.message).toMatch(/repository did not change/)
  })
})

describe('a collection renamed in Postman', () => {
  it('5e. is drift at its file (a conflict), not a second collection; overwrite restores the repository name', async () => {
    const repo = await newRepo()
    const inputs = { workspace: 'ws-rename' }
    const first = await repo.commit({ [A]: asFile(alpha()) })
    expect((await runE2E({ emulator, repo, sha: first, inputs })).code).toBe(0)
    const uid = emulator.collections('ws-rename')[0]!.uid
    emulator.editCollection(uid, (body) => {
      body.info.name = 'Alpha (renamed in Postman)'
    })
    const sha = await repo.commit({}, 'unrelated')
    const result = await runE2E({ emulator, repo, sha, before: first, inputs })

    expect(result.code).not.toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    expect(emulator.collections('ws-rename').map((c) => c.uid)).toEqual([uid])
    expect((await readPlan(result)).entries.find((e) => e.path === A)).toMatchObject({ action: 'conflict', uid })

    const restored = await runE2E({ emulator, repo, sha, before: first, inputs: { ...inputs, 'on-conflict': 'overwrite' } })
    expect(restored.code, restored.stdout).toBe(0)
    expect(emulator.collections('ws-rename').map((c) => `${c.uid} ${c.name}`)).toEqual([`${uid} Alpha`])
  })
})

describe('adopting an existing remote collection (same name, no state)', () => {
  it('6a. a different one is a conflict until on-conflict: overwrite, which updates it in place', async () => {
    const seeded = emulator.seedCollection('ws-adopt', collection('Alpha', { 'Old request': 'https://api.example.test/old' }))
    const repo = await newRepo()
    const sha = await repo.commit({ [A]: asFile(alpha()) })
    const inputs = { workspace: 'ws-adopt' }

    const refused = await runE2E({ emulator, repo, sha, inputs })
    expect(refused.code).not.toBe(0)
    expect(writesOf(refused.requests)).toEqual([])
    expect(commandsOf(refused, 'error').some((e) => e.properties.file === A)).toBe(true)
    expect(actionsOf((await readPlan(refused)).entries)).toEqual({ [A]: 'conflict' })

    const adopted = await runE2E({ emulator, repo, sha, inputs: { ...inputs, 'on-conflict': 'overwrite' } })
    expect(adopted.code, adopted.stdout).toBe(0)
    expect(requestLines(writesOf(adopted.requests))).toEqual([`PUT /collections/${seeded.uid}`, 'POST /environments'])
    const all = emulator.collections('ws-adopt')
    expect(all.map((c) => c.uid)).toEqual([seeded.uid])
    expect(all[0]!.body.item.map((i: { name: string }) => i.name)).toEqual(['List things'])
    expect(JSON.parse(adopted.outputs.uids!)).toEqual({ [A]: seeded.uid })
  })

  it('6b. an identical one is adopted as unchanged: no collection write, the state records it, the next run writes nothing', async () => {
    const seeded = emulator.seedCollection('ws-same', alpha())
    const repo = await newRepo()
    const sha = await repo.commit({ [A]: asFile(alpha()) })
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-same' } })

    expect(result.code, result.stdout).toBe(0)
    // The one write is the state: it remembers the adoption, so the next run needs no GET.
    expect(requestLines(writesOf(result.requests))).toEqual(['POST /environments'])
    const again = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-same' } })
    expect(again.code, again.stdout).toBe(0)
    expect(writesOf(again.requests)).toEqual([])
    expect(again.requests.length).toBeLessThanOrEqual(4)
    expect(emulator.collections('ws-same').map((c) => c.uid)).toEqual([seeded.uid])
    expect(result.outputs).toMatchObject({ unchanged: '1', created: '0', conflicts: '0', changed: 'false' })
    expect(JSON.parse(result.outputs.uids!)).toEqual({ [A]: seeded.uid })
    expect(commandsOf(result, 'error')).toEqual([])
  })
})
