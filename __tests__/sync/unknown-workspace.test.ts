/**
 * An unknown workspace id: the error names the workspaces the key can see (the real client
 * against the emulator's `GET /workspaces`), at most ten of them, and falls back to the plain
 * message when the listing itself fails.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { PostmanApi } from '../../src/postman/api.js'
import { ServerError } from '../../src/postman/errors.js'
import { LISTED_WORKSPACES, unknownWorkspaceError, visibleWorkspaces } from '../../src/sync/unknown-workspace.js'
import { setup } from '../postman/helpers/setup.js'

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

describe('unknownWorkspaceError', () => {
  it('lists the workspaces the key can see, each with its id (the client reading GET /workspaces from the emulator)', async () => {
    const s = await setup({
      workspaces: [
        { id: 'ws-team', name: 'Team APIs', type: 'team' },
        { id: 'ws-mine', name: 'My\nWorkspace' }
      ]
    })
    close = () => s.close()
    expect(await s.client.listWorkspaces()).toEqual([
      { id: 'ws-team', name: 'Team APIs', type: 'team' },
      { id: 'ws-mine', name: 'My\nWorkspace', type: 'personal' }
    ])
    const error = await unknownWorkspaceError(s.client, 'ws-typo', "the 'workspace' input")
    expect(error.message).toBe(
      "Workspace 'ws-typo' (the 'workspace' input) was not found, or the API key cannot see it. Check the workspace id and that the key's user is a member. " +
        "The API key can see 2 workspaces: 'Team APIs' (id ws-team), 'My Workspace' (id ws-mine)."
    )
  })

  it('names at most ten and counts the rest; says so when there is none', () => {
    const many = Array.from({ length: 13 }, (_, i) => ({ id: `ws-${i}`, name: `Space ${i}` }))
    const text = visibleWorkspaces(many)
    expect(text.match(/\(id ws-\d+\)/g)).toHaveLength(LISTED_WORKSPACES)
    expect(text).toMatch(/^The API key can see 13 workspaces: 'Space 0' \(id ws-0\), .*'Space 9' \(id ws-9\), and 3 more\.$/)
    expect(visibleWorkspaces([{ id: 'ws-1', name: 'x'.repeat(200) }])).toMatch(/^The API key can see 1 workspace: 'x{79}…' \(id ws-1\)\.$/)
    expect(visibleWorkspaces([])).toBe('The API key can see no workspace.')
  })

  it('keeps the plain message when the listing fails', async () => {
    const api = { listWorkspaces: () => Promise.reject(new ServerError({ method: 'GET', path: '/workspaces', status: 503 }, 3)) }
    const error = await unknownWorkspaceError(api as unknown as PostmanApi, 'ws-typo', 'named in .postman/resources.yaml')
    expect(error.message).toBe(
      "Workspace 'ws-typo' (named in .postman/resources.yaml) was not found, or the API key cannot see it. Check the workspace id and that the key's user is a member."
    )
  })
})
