/**
 * The client as `sync: pull` gets it: every read goes through, every write throws before a byte
 * is sent. A pull writes to the working tree only; this makes "no write to Postman" a property of
 * the client it holds, not only of the code that holds it.
 */
import type { PostmanApi } from './api.js'

/** Thrown by a write method of a read-only client: a bug, never a user's mistake. */
export class ReadOnlyApiError extends Error {
  override name = 'ReadOnlyApiError'
}

const refuse = (method: string) => (): never => {
  throw new ReadOnlyApiError(`${method} was called on the read-only Postman client of a pull; a pull never writes to Postman.`)
}

export function readOnlyApi(api: PostmanApi): PostmanApi {
  return {
    me: () => api.me(),
    getWorkspace: (id) => api.getWorkspace(id),
    listWorkspaces: () => api.listWorkspaces(),
    listCollections: (workspace) => api.listCollections(workspace),
    findCollectionsByName: (workspace, name) => api.findCollectionsByName(workspace, name),
    tryGetCollection: (id) => api.tryGetCollection(id),
    listEnvironments: (workspace) => api.listEnvironments(workspace),
    tryGetEnvironment: (id) => api.tryGetEnvironment(id),
    quota: () => api.quota(),
    stats: () => api.stats(),
    createCollection: refuse('createCollection'),
    updateCollection: refuse('updateCollection'),
    deleteCollection: refuse('deleteCollection'),
    createEnvironment: refuse('createEnvironment'),
    updateEnvironment: refuse('updateEnvironment'),
    patchEnvironment: refuse('patchEnvironment'),
    deleteEnvironment: refuse('deleteEnvironment')
  }
}
