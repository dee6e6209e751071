/**
 * The entry point's own promises, through the built bundle: an unknown workspace fails the step
 * before anything else is read or written, and the reason reaches the job summary, not only an
 * annotation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { asFile, createTempRepo, type TempRepo } from './repo.js'
import { collection, commandsOf, runE2E, writesOf } from './helpers.js'

let emulator: Emulator
let repo: TempRepo
beforeAll(async () => {
  emulator = await startEmulator()
  repo = await createTempRepo()
})
afterAll(async () => {
  await repo.remove()
  await emulator.close()
})

describe('an unknown workspace', () => {
  it('fails the step after one workspace call, writes nothing, and says why in the summary', async () => {
    const sha = await repo.commit({ 'api.postman_collection.json': asFile(collection('API', { Ping: 'https://example.test/ping' })) })
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'no-such-workspace' } })

    expect(result.code).toBe(1)
    expect(result.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /workspaces/no-such-workspace 404'])
    expect(writesOf(result.requests)).toEqual([])
    const [error] = commandsOf(result, 'error')
    expect(error.message).toMatch(/Workspace 'no-such-workspace'.*was not found/)
    expect(result.summary).toContain('## Postman Sync')
    expect(result.summary).toMatch(/Workspace &#39;no-such-workspace&#39;|Workspace 'no-such-workspace'/)
  })
})
