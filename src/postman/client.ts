/**
 * `PostmanApi` over the Postman API (docs/architecture.md#the-postman-api-client), assembled from
 * its parts: the call loop with pacing and retries (`request.ts`, over the one transport of
 * `transport.ts`), answer decoding (`decode.ts`), writes never retried blindly (`adoption.ts`) and
 * async-task polling (`tasks.ts`). Callers get plain data or a typed error (`errors.ts`).
 */
import { ActionError } from '../errors.js'
import type { PostmanApi, ResourceRef, ResourceSummary } from './api.js'
import { NotFoundError } from './errors.js'
import { createWithAdoption, patchWithCheck, WorkspaceMemory } from './adoption.js'
import {
  decodeCollection,
  decodeEnvironment,
  decodeMe,
  decodeRef,
  decodeSummaries,
  decodeTaskId,
  decodeWorkspace,
  decodeWorkspaces,
  pageMeta
} from './decode.js'
import { resolveOptions, type ClientOptions } from './options.js'
import { Requester, type Call } from './request.js'
import { waitForTask } from './tasks.js'
import { createTransport } from './transport.js'

export type { ClientOptions } from './options.js'

/** The client, plus `close()` to free keep-alive sockets. */
export interface PostmanClient extends PostmanApi {
  close(): void
}

/** What the method groups share. */
interface ClientParts {
  requester: Requester
  memory: WorkspaceMemory
}

const enc = encodeURIComponent

/** Creates the Postman API client. Throws at once for a base URL that would expose the key. */
export function createPostmanClient(options: ClientOptions): PostmanClient {
  const o = resolveOptions(options)
  if (!o.apiKey) throw new ActionError("The Postman API key is empty; set the 'postman-api-key' input.")
  const transport = createTransport({
    apiKey: o.apiKey,
    baseUrl: o.baseUrl,
    requestTimeoutMs: o.requestTimeoutMs,
    env: o.env,
    ca: o.ca,
    userAgent: 'postman-sync-action'
  })
  if (transport.proxy) o.logger.debug(`Postman API calls go through the proxy ${transport.proxy} (CONNECT tunnel).`)
  const parts: ClientParts = { requester: new Requester(o, transport), memory: new WorkspaceMemory() }
  const collections = collectionMethods(parts)
  return {
    ...workspaceMethods(parts),
    ...collections,
    ...environmentMethods(parts),
    quota: () => ({ ...parts.requester.month }),
    stats: () => ({ ...parts.requester.stats }),
    close: () => transport.close()
  }
}

/** `try*`: undefined for not found; every other failure throws. */
async function tryGet(requester: Requester, call: Call): Promise<unknown> {
  try {
    return (await requester.request(call)).data
  } catch (err) {
    if (err instanceof NotFoundError) return undefined
    throw err
  }
}

function workspaceMethods({ requester, memory }: ClientParts): Pick<PostmanApi, 'me' | 'getWorkspace' | 'listWorkspaces'> {
  return {
    async me() {
      const call: Call = { method: 'GET', path: '/me' }
      return decodeMe(call, (await requester.request(call)).data)
    },
    async getWorkspace(id) {
      const call: Call = { method: 'GET', path: `/workspaces/${enc(id)}` }
      const result = decodeWorkspace(call, (await requester.request(call)).data)
      memory.listing(
        id,
        'collections',
        result.collections.map((c) => c.id)
      )
      memory.listing(
        id,
        'environments',
        result.environments.map((e) => e.id)
      )
      return result
    },
    async listWorkspaces() {
      const call: Call = { method: 'GET', path: '/workspaces' }
      return decodeWorkspaces(call, (await requester.request(call)).data)
    }
  }
}

type CollectionMethods = Pick<
  PostmanApi,
  'listCollections' | 'findCollectionsByName' | 'tryGetCollection' | 'createCollection' | 'updateCollection' | 'deleteCollection'
>

function collectionMethods({ requester, memory }: ClientParts): CollectionMethods {
  const findByName = async (workspaceId: string, name: string): Promise<ResourceSummary[]> => {
    const call: Call = { method: 'GET', path: '/collections', query: { workspace: workspaceId, name } }
    // Exact match and no forks, whatever the server's filter does (the listing marks forks with `fork`).
    return decodeSummaries(call, (await requester.request(call)).data, 'collections').filter((c) => c.name === name && !c.fork)
  }
  return {
    async listCollections(workspaceId) {
      const list = await listAllCollections(requester, workspaceId)
      memory.listing(
        workspaceId,
        'collections',
        list.map((c) => c.id)
      )
      return list
    },
    findCollectionsByName: findByName,
    async tryGetCollection(idOrUid) {
      const call: Call = { method: 'GET', path: `/collections/${enc(idOrUid)}` }
      const data = await tryGet(requester, call)
      return data === undefined ? undefined : decodeCollection(call, data)
    },
    async createCollection(workspaceId, collection) {
      const body = { collection }
      const call: Call = { method: 'POST', path: '/collections', query: { workspace: workspaceId }, body, bodyBytes: Buffer.byteLength(JSON.stringify(body)) }
      const name = collection.info.name
      return createWithAdoption(requester, memory, { kind: 'collections', workspaceId, name, call, find: () => findByName(workspaceId, name) })
    },
    async updateCollection(idOrUid, collection) {
      const body = { collection }
      const bytes = Buffer.byteLength(JSON.stringify(body))
      const large = bytes > requester.o.asyncUpdateAboveBytes
      const call: Call = {
        method: 'PUT',
        path: `/collections/${enc(idOrUid)}`,
        body,
        bodyBytes: bytes,
        ...(large ? { headers: { Prefer: 'respond-async' } } : {})
      }
      const { data, status } = await requester.request(call)
      if (status !== 202) return decodeRef(call, data, 'collection')
      const taskId = decodeTaskId(call, data)
      requester.o.logger.debug(`PUT ${call.path}: ${bytes} bytes, updating asynchronously (task ${taskId}).`)
      await waitForTask(requester, call, taskId)
      return refFromPath(idOrUid, collection.info.name)
    },
    async deleteCollection(idOrUid) {
      await requester.request({ method: 'DELETE', path: `/collections/${enc(idOrUid)}` })
    }
  }
}

/** Every collection of the workspace; Postman documents unpaginated lists as deprecated (docs/postman-api.md), so a server that pages on its own is followed. */
async function listAllCollections(requester: Requester, workspaceId: string): Promise<ResourceSummary[]> {
  const call: Call = { method: 'GET', path: '/collections', query: { workspace: workspaceId } }
  const first = (await requester.request(call)).data
  const list = decodeSummaries(call, first, 'collections')
  for (let meta = pageMeta(first); meta && list.length < meta.total;) {
    const page: Call = { ...call, query: { workspace: workspaceId, offset: String(list.length), limit: String(meta.limit) } }
    const data = (await requester.request(page)).data
    const more = decodeSummaries(page, data, 'collections')
    if (more.length === 0) break
    list.push(...more)
    meta = pageMeta(data)
  }
  return list
}

type EnvironmentMethods = Pick<
  PostmanApi,
  'listEnvironments' | 'tryGetEnvironment' | 'createEnvironment' | 'updateEnvironment' | 'patchEnvironment' | 'deleteEnvironment'
>

function environmentMethods({ requester, memory }: ClientParts): EnvironmentMethods {
  const list = async (workspaceId: string): Promise<ResourceSummary[]> => {
    const call: Call = { method: 'GET', path: '/environments', query: { workspace: workspaceId } }
    return decodeSummaries(call, (await requester.request(call)).data, 'environments')
  }
  const tryGetEnvironment: EnvironmentMethods['tryGetEnvironment'] = async (idOrUid) => {
    const call: Call = { method: 'GET', path: `/environments/${enc(idOrUid)}` }
    const data = await tryGet(requester, call)
    return data === undefined ? undefined : decodeEnvironment(call, data)
  }
  return {
    async listEnvironments(workspaceId) {
      const all = await list(workspaceId)
      memory.listing(
        workspaceId,
        'environments',
        all.map((e) => e.id)
      )
      return all
    },
    tryGetEnvironment,
    async createEnvironment(workspaceId, environment) {
      const call: Call = { method: 'POST', path: '/environments', query: { workspace: workspaceId }, body: { environment } }
      const find = async (): Promise<ResourceSummary[]> => (await list(workspaceId)).filter((e) => e.name === environment.name)
      return createWithAdoption(requester, memory, { kind: 'environments', workspaceId, name: environment.name, call, find })
    },
    async updateEnvironment(idOrUid, environment) {
      const call: Call = { method: 'PUT', path: `/environments/${enc(idOrUid)}`, body: { environment } }
      return decodeRef(call, (await requester.request(call)).data, 'environment')
    },
    async patchEnvironment(idOrUid, operations) {
      const call: Call = { method: 'PATCH', path: `/environments/${enc(idOrUid)}`, body: operations }
      return patchWithCheck(requester, { call, idOrUid, operations }, () => tryGetEnvironment(idOrUid))
    },
    async deleteEnvironment(idOrUid) {
      await requester.request({ method: 'DELETE', path: `/environments/${enc(idOrUid)}` })
    }
  }
}

/**
 * An async PUT answers with a task, not the collection: the ref is what the caller addressed
 * (the uid or id the API returned to it), never one built from an owner id.
 */
function refFromPath(idOrUid: string, name: string): ResourceRef {
  const m = /^(\d+)-([0-9a-f-]{36})$/i.exec(idOrUid)
  return { id: m?.[2] ?? idOrUid, uid: idOrUid, name }
}
