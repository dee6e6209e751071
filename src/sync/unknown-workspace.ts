/**
 * The error for a workspace id the API key cannot see. Copying the wrong id (a collection's, or
 * one from another team) is the usual cause, so the message lists the workspaces the key can see
 * (`GET /workspaces`, docs/postman-api.md), at most ten, each with its id: the right one is then
 * a copy away. The listing is a courtesy: if it fails, the plain message stands.
 */
import type { PostmanApi, WorkspaceSummary } from '../postman/api.js'
import { ActionError } from '../errors.js'
import { plural } from '../util/plural.js'

/** Workspaces named in the message; the rest are counted. */
export const LISTED_WORKSPACES = 10

/** A name longer than this is cut (it is a hint, not a record). */
const NAME_LENGTH = 80

export async function unknownWorkspaceError(api: PostmanApi, workspace: string, source: string): Promise<ActionError> {
  const plain = `Workspace '${workspace}' (${source}) was not found, or the API key cannot see it. Check the workspace id and that the key's user is a member.`
  let visible: WorkspaceSummary[]
  try {
    visible = await api.listWorkspaces()
  } catch {
    return new ActionError(plain)
  }
  return new ActionError(`${plain} ${visibleWorkspaces(visible)}`)
}

/** `The API key can see 2 workspaces: 'Team APIs' (id …), 'My Workspace' (id …).`, the first ten named. */
export function visibleWorkspaces(workspaces: WorkspaceSummary[]): string {
  if (workspaces.length === 0) return 'The API key can see no workspace.'
  const named = workspaces.slice(0, LISTED_WORKSPACES).map((w) => `'${shortName(w.name)}' (id ${w.id})`)
  const more = workspaces.length > LISTED_WORKSPACES ? `, and ${workspaces.length - LISTED_WORKSPACES} more` : ''
  return `The API key can see ${plural(workspaces.length, 'workspace')}: ${named.join(', ')}${more}.`
}

/** One line, at most `NAME_LENGTH` characters. */
function shortName(name: string): string {
  const line = name.replace(/\s+/g, ' ').trim()
  return line.length > NAME_LENGTH ? `${line.slice(0, NAME_LENGTH - 1)}…` : line
}
