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
  it('fails the step after the workspace call (and the listing of those the key can see), writes nothing, and says why in the summary', async () => {
    const sha = await repo.commit({ 'api.postman_collection.json': asFile(collection('API', { Ping: 'https://example.test/ping' })) })
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'no-such-workspace' } })

    expect(result.code).toBe(1)
    expect(result.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /workspaces/no-such-workspace 404', 'GET /workspaces 200'])
    expect(writesOf(result.requests)).toEqual([])
    const [error] = commandsOf(result, 'error')
    expect(error!.message).toMatch(/Workspace 'no-such-workspace'.*was not found/)
    expect(result.summary).toContain('## Postman Sync')
    // Exactly the escaped form: the summary is HTML, and the quotes come from the message.
    expect(result.summary).toContain('❌ Workspace &#39;no-such-workspace&#39; (the &#39;workspace&#39; input) was not found')
  })

  it('HTML-escapes the reason in the summary, so markup in an input cannot render', async () => {
    const sha = await repo.commit({ 'api.postman_collection.json': asFile(collection('API', { Ping: 'https://example.test/ping' })) })
    const workspace = '<img src=x onerror="alert(1)">&amp;'
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace } })

    expect(result.code).toBe(1)
    expect(writesOf(result.requests)).toEqual([])
    // Every character escapeHtml covers appears once: <, >, ", ' (around the id) and &.
    expect(result.summary).toContain(
      '❌ Workspace &#39;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;&#39; (the &#39;workspace&#39; input) was not found'
    )
    expect(result.summary).not.toContain('<img')
  })
})
