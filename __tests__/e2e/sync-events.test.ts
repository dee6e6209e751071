/**
 * End to end, which runs write and how a faulty push converges (issue 4, scenario 7): a tag push
 * with a zero `before` pushes; a re-run of a commit that is no longer the tip of its branch writes
 * nothing and says so; a push while Postman answers 503s and loses create responses leaves no
 * duplicate, and the next run converges to a no-op.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server.js'
import { asFile } from './repo.js'
import {
  actionsOf,
  alpha,
  beta,
  collection,
  commandsOf,
  environment,
  itemIds,
  pushEvent,
  readPlan,
  repoPool,
  requestLines,
  runE2E,
  startWorkspacesEmulator,
  writesOf,
  ZERO_SHA
} from './helpers.js'

const A = 'postman/alpha.postman_collection.json'
const B = 'postman/beta.postman_collection.json'
const ENV = 'postman/local.postman_environment.json'
const STATE = 'Postman Sync state'

let emulator: Emulator
const { newRepo, removeAll } = repoPool()

beforeAll(async () => {
  emulator = await startWorkspacesEmulator([
    { id: 'ws-tag', name: 'Tag pushes' },
    { id: 'ws-stale', name: 'Old re-runs' },
    { id: 'ws-faults', name: 'Faulty pushes' },
    { id: 'ws-shallow', name: 'Shallow checkouts' }
  ])
})

afterAll(async () => {
  await emulator?.close()
  await removeAll()
})

describe('events', () => {
  it('7a. a pushed tag (refs/tags/v1, zero before) pushes, and so does a release', async () => {
    const repo = await newRepo()
    const sha = await repo.commit({ [A]: asFile(alpha()) })
    // An annotated tag: its ref points at a tag object, the stale guard must peel it to the commit.
    repo.git('tag', '-a', 'v1', '-m', 'release v1')
    repo.git('push', '-q', 'origin', 'v1')
    const result = await runE2E({ emulator, repo, sha, ref: 'refs/tags/v1', event: pushEvent(sha, ZERO_SHA, 'refs/tags/v1'), inputs: { workspace: 'ws-tag' } })

    expect(result.code, result.stdout).toBe(0)
    expect(requestLines(writesOf(result.requests))).toEqual(['POST /collections', 'POST /environments'])
    expect(emulator.collections('ws-tag').map((c) => c.name)).toEqual(['Alpha'])
    expect(result.outputs).toMatchObject({ created: '1', skipped: 'false' })
    expect((await readPlan(result)).mode).toBe('push')

    // A release of the next tag pushes too (its payload has no `before`).
    const next = await repo.commit({ [A]: asFile(alpha({ 'Release note': 'https://api.example.test/notes' })) }, 'v2')
    repo.git('tag', 'v2')
    repo.git('push', '-q', 'origin', 'v2')
    const release = await runE2E({
      emulator,
      repo,
      sha: next,
      eventName: 'release',
      ref: 'refs/tags/v2',
      event: { action: 'published', release: { tag_name: 'v2' }, repository: { default_branch: 'main', full_name: 'octo-org/octo-repo' } },
      inputs: { workspace: 'ws-tag' }
    })
    expect(release.code, release.stdout).toBe(0)
    const alphaUid = emulator.collections('ws-tag')[0]!.uid
    expect(requestLines(writesOf(release.requests))).toEqual([`PUT /collections/${alphaUid}`, expect.stringMatching(/^PUT \/environments\//)])
    expect(release.outputs).toMatchObject({ updated: '1', skipped: 'false' })
  })

  it('7b. a re-run of an old commit (origin main moved on) writes nothing and says so in a notice', async () => {
    const repo = await newRepo()
    const inputs = { workspace: 'ws-stale' }
    const old = await repo.commit({ [A]: asFile(alpha()) })
    expect((await runE2E({ emulator, repo, sha: old, inputs })).code).toBe(0)
    const tip = await repo.commit({ [A]: asFile(alpha({ 'Newer request': 'https://api.example.test/newer' })) }, 'newer')
    expect((await runE2E({ emulator, repo, sha: tip, before: old, inputs })).code).toBe(0)
    const stored = () => emulator.collections('ws-stale').find((c) => c.name === 'Alpha')
    const before = stored()?.updatedAt

    // The runner re-runs the old workflow: its checkout is the old commit, origin's main is the tip.
    repo.git('checkout', '-q', old)
    let result
    try {
      result = await runE2E({ emulator, repo, sha: old, before: ZERO_SHA, inputs })
    } finally {
      repo.git('checkout', '-q', 'main')
    }

    expect(result.code, result.stdout).toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    expect(stored()?.updatedAt).toBe(before)
    expect(stored()?.body.item.map((i: { name: string }) => i.name)).toEqual(['List things', 'Newer request'])
    const notices = commandsOf(result, 'notice')
    expect(notices.some((n) => n.message.includes(old.slice(0, 7)) && /no longer the tip of refs\/heads\/main/.test(n.message))).toBe(true)
    expect(result.outputs).toMatchObject({ skipped: 'true', updated: '0', changed: 'false' })
    expect(result.outputs['skip-reason']).toMatch(/no longer the tip/)
    expect(result.summary).toMatch(/no longer the tip/)
  })

  it('7e. without state, a shallow checkout (depth 1) fetches the base commit: an update, or a conflict when Postman moved', async () => {
    const repo = await newRepo()
    const inputs = { workspace: 'ws-shallow', state: 'off' }
    const first = await repo.commit({ [A]: asFile(alpha()), [B]: asFile(beta()) })
    expect((await runE2E({ emulator, repo, sha: first, inputs })).code).toBe(0)
    const betaUid = emulator.collections('ws-shallow').find((c) => c.name === 'Beta')?.uid as string
    emulator.editCollection(betaUid, (body) => {
      body.item[0].name = 'Edited in Postman'
    })
    const second = await repo.commit({
      [A]: asFile(alpha({ 'Create thing': 'https://api.example.test/things/new' })),
      [B]: asFile(beta({ 'Get two': 'https://api.example.test/two' }))
    })
    // actions/checkout's default: only the workflow's commit, so `before` is not in the clone.
    const shallow = join(repo.dir, '..', 'shallow')
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.origin}`, shallow])
    expect(() => execFileSync('git', ['cat-file', '-e', `${first}^{commit}`], { cwd: shallow, stdio: 'ignore' })).toThrow()

    const result = await runE2E({ emulator, repo: { ...repo, dir: shallow }, sha: second, before: first, inputs: { ...inputs, 'on-conflict': 'skip' } })

    expect(result.code, result.stdout).toBe(0)
    const plan = await readPlan(result)
    // Alpha in Postman equals the base: the repository moved alone. Beta moved in Postman too.
    expect(actionsOf(plan.entries)).toEqual({ [A]: 'update', [B]: 'conflict' })
    expect(plan.entries.find((e) => e.path === B)?.reason).toMatch(/base commit/)
    const alphaUid = emulator.collections('ws-shallow').find((c) => c.name === 'Alpha')?.uid
    expect(requestLines(writesOf(result.requests))).toEqual([`PUT /collections/${alphaUid}`])
  })

  it('7c. a push under faults (503 on every other PUT, lost create responses) leaves no duplicate; the next run converges', async () => {
    const repo = await newRepo()
    const inputs = { workspace: 'ws-faults' }
    const first = await repo.commit({
      [A]: asFile(alpha()),
      [B]: asFile(beta()),
      [ENV]: asFile(environment('Local', [['baseUrl', 'https://api.example.test']]))
    })
    expect((await runE2E({ emulator, repo, sha: first, inputs })).code).toBe(0)
    const idsBefore = itemIds(emulator.collections('ws-faults').find((c) => c.name === 'Alpha')?.body)

    const second = await repo.commit(
      {
        [A]: asFile(alpha({ 'Create thing': 'https://api.example.test/things/new' })),
        [B]: asFile(beta({ 'Get two': 'https://api.example.test/two' })),
        'postman/gamma.postman_collection.json': asFile(collection('Gamma', { ping: 'https://api.example.test/ping' }))
      },
      'two changes and a new collection'
    )
    emulator.setFaults({ status503Every: 2, lostCreateEvery: 1, only: (req) => req.method === 'PUT' || req.method === 'POST' })
    const faulty = await runE2E({ emulator, repo, sha: second, before: first, inputs })
    emulator.setFaults({})

    // Each 503 was refused, not applied, and retried; the lost create was found by name, not sent twice.
    expect(faulty.requests.some((r) => r.status === 503)).toBe(true)
    expect(faulty.requests.some((r) => r.method === 'POST' && r.status === 0)).toBe(true)
    const names = emulator
      .collections('ws-faults')
      .map((c) => c.name)
      .sort()
    expect(names).toEqual(['Alpha', 'Beta', 'Gamma'])
    expect(
      emulator
        .environments('ws-faults')
        .map((e) => e.name)
        .sort()
    ).toEqual(['Local', STATE])

    const next = await runE2E({ emulator, repo, sha: second, before: first, inputs })
    expect(next.code, next.stdout).toBe(0)
    expect(actionsOf((await readPlan(next)).entries)).toEqual({
      [A]: 'unchanged',
      [B]: 'unchanged',
      'postman/gamma.postman_collection.json': 'unchanged',
      [ENV]: 'unchanged'
    })
    // Converged: the faulty run recorded what it wrote, so the next one is a pure no-op.
    expect(writesOf(next.requests)).toEqual([])
    expect(next.requests.length).toBeLessThanOrEqual(4)
    expect(
      emulator
        .collections('ws-faults')
        .map((c) => c.name)
        .sort()
    ).toEqual(['Alpha', 'Beta', 'Gamma'])
    const idsAfter = itemIds(emulator.collections('ws-faults').find((c) => c.name === 'Alpha')?.body)
    expect(idsAfter['List things']).toBe(idsBefore['List things'])
    expect(faulty.code, faulty.stdout).toBe(0)
    expect(faulty.stdout).toMatch(/Adopted the collection 'Gamma'/)
  })
})
