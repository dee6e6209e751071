/**
 * End to end through `dist/index.js` and the emulator: the outputs say what happened. A push
 * stopped before its first write reports nothing created or changed (the plan still shows what it
 * would write); a configuration error (a rejected key, an unknown workspace) sets `error`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { asFile, createTempRepo, type TempRepo } from './repo.js'
import { actionsOf, alpha, beta, commandsOf, readPlan, runE2E } from './helpers.js'

const A = 'postman/alpha.postman_collection.json'
const B = 'postman/beta.postman_collection.json'
const BROKEN = 'postman/broken.postman_collection.json'

let emulator: Emulator
let repo: TempRepo

beforeAll(async () => {
  emulator = await startEmulator({ listRateLimit: { limit: 100, windowMs: 10_000 } })
  repo = await createTempRepo()
})

afterAll(async () => {
  await emulator?.close()
  await repo?.remove()
})

describe('a push stopped by a validation failure', () => {
  it('reports created 0 and changed false, while the plan still shows the creates it would make', async () => {
    const sha = await repo.commit({ [A]: asFile(alpha()), [B]: asFile(beta()), [BROKEN]: '{ "info": { "name": "Broken" ' })
    const result = await runE2E({ emulator, repo, sha })
    expect(result.code).toBe(1)
    expect(emulator.collections('ws-main')).toEqual([])
    expect(actionsOf((await readPlan(result)).entries)).toMatchObject({ [A]: 'create', [B]: 'create', [BROKEN]: 'error' })
    expect(result.outputs).toMatchObject({ created: '0', updated: '0', changed: 'false', failed: '1', skipped: 'false', 'skip-reason': '' })
    expect(result.outputs.error ?? '').toBe('')
    // Said once: the invalid file on its line and the step's failure message, no extra warning.
    expect(commandsOf(result, 'error').map((c) => c.properties.file ?? '')).toEqual([BROKEN, ''])
    expect(commandsOf(result, 'warning')).toEqual([])
  })

  it('in plan mode the counts keep meaning "would be written"', async () => {
    const sha = await repo.commit({ [BROKEN]: null }, 'remove the broken file')
    const result = await runE2E({ emulator, repo, sha, inputs: { sync: 'plan' } })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ created: '2', updated: '0', changed: 'true' })
    expect(emulator.collections('ws-main')).toEqual([])
  })
})

describe('a configuration error', () => {
  it('a rejected API key (401) sets error, zero counts and changed false', async () => {
    const sha = repo.git('rev-parse', 'HEAD')
    const result = await runE2E({ emulator, repo, sha, inputs: { 'postman-api-key': 'PMAK-000000000000000000000000-wrongkeywrongkeywrongkeywrong00000' } })
    expect(result.code).toBe(1)
    expect(result.outputs.error).toMatch(/401/)
    expect(result.outputs).toMatchObject({ created: '0', updated: '0', changed: 'false', skipped: 'false' })
    expect(result.outputs.error).not.toContain('wrongkey')
    expect(commandsOf(result, 'error').map((c) => c.message)).toEqual([expect.stringContaining('401')])
  })

  it('an unknown workspace sets error naming it and the workspaces the key can see', async () => {
    const sha = repo.git('rev-parse', 'HEAD')
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-nowhere' } })
    expect(result.code).toBe(1)
    expect(result.outputs.error).toMatch(/Workspace 'ws-nowhere'/)
    const seen = "The API key can see 2 workspaces: 'My Workspace' (id ws-main), 'Team Workspace' (id ws-other)."
    expect(result.outputs.error).toContain(seen)
    expect(commandsOf(result, 'error').map((c) => c.message)).toEqual([expect.stringContaining(seen)])
    expect(result.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /workspaces/ws-nowhere', 'GET /workspaces'])
    expect(result.outputs).toMatchObject({ created: '0', changed: 'false' })
  })
})
