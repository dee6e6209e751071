/**
 * A loopback stand-in for the workflow artifact service, as `@actions/artifact` (v2 and later)
 * talks to it: Twirp JSON calls to `${ACTIONS_RESULTS_URL}/twirp/github.actions.results.api.v1.ArtifactService/`
 * `CreateArtifact` (answered with a signed upload URL on this same server) and `FinalizeArtifact`,
 * and between them the zip uploaded to that URL the way Azure Blob Storage takes a block blob:
 * `PUT ?comp=block&blockid=…` per block, then `PUT ?comp=blocklist` with the XML list of blocks
 * (the client's `BlockBlobClient.uploadStream`; a single `PUT` of the whole blob is taken too).
 * It records every call and the zip as committed, and can refuse `CreateArtifact` as the service
 * does for a name already used in the run (409 `already_exists`).
 */
import http from 'node:http'
import { listenOnLoopback } from '../runs/loopback.js'

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/'
/** The signature the signed URL carries (the client masks it): it must not reach any output either. */
export const UPLOAD_SIGNATURE = 'sv-stand-in-signature-0f9e8d7c6b5a'

export interface ArtifactCall {
  method: string
  path: string
  query: string
  authorization?: string
  /** The JSON body of a Twirp call. */
  body?: Record<string, unknown>
}

export interface ArtifactStandIn {
  url: string
  calls: ArtifactCall[]
  /** Uploaded artifacts, by name: the committed zip. */
  uploads: Map<string, Buffer>
  /** Finalized artifacts, by name: the size and hash the client reported. */
  finalized: Map<string, { size: string; hash?: string }>
  /** `CreateArtifact` answers 409, as for a name already used in the run. */
  refuseCreate(refuse: boolean): void
  close(): Promise<void>
}

export async function startArtifactStandIn(): Promise<ArtifactStandIn> {
  const calls: ArtifactCall[] = []
  const uploads = new Map<string, Buffer>()
  const finalized = new Map<string, { size: string; hash?: string }>()
  const blocks = new Map<string, Buffer>()
  let refuse = false
  let base = ''

  const twirp = (method: string, body: Record<string, unknown>, send: (status: number, payload: unknown) => void): void => {
    const name = String(body.name)
    if (method === 'CreateArtifact') {
      if (refuse) return send(409, { code: 'already_exists', msg: 'an artifact with this name already exists on the workflow run' })
      return send(200, { ok: true, signed_upload_url: `${base}/devstoreaccount1/artifacts/${encodeURIComponent(name)}.zip?sig=${UPLOAD_SIGNATURE}&sp=cw` })
    }
    if (method === 'FinalizeArtifact') {
      finalized.set(name, { size: String(body.size), ...(typeof body.hash === 'string' ? { hash: body.hash } : {}) })
      return send(200, { ok: true, artifact_id: '4242' })
    }
    send(404, { code: 'bad_route', msg: `no method ${method}` })
  }

  const blob = (path: string, params: URLSearchParams, data: Buffer, res: http.ServerResponse): void => {
    const name = decodeURIComponent(path.split('/').pop() ?? '').replace(/\.zip$/, '')
    const comp = params.get('comp')
    if (comp === 'block') blocks.set(`${name}/${params.get('blockid') ?? ''}`, data)
    else if (comp === 'blocklist') {
      const ids = [...data.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => m[1] ?? '')
      uploads.set(name, Buffer.concat(ids.map((id) => blocks.get(`${name}/${id}`) ?? Buffer.alloc(0))))
    } else uploads.set(name, data)
    res.writeHead(201, { etag: '"0x1"', 'last-modified': new Date().toUTCString(), 'x-ms-request-server-encrypted': 'true' })
    res.end()
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const data = Buffer.concat(chunks)
      const [path = '', query = ''] = (req.url ?? '').split('?')
      const call: ArtifactCall = { method: req.method ?? '', path, query, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) }
      calls.push(call)
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      if (path.startsWith(SERVICE) && req.method === 'POST') {
        call.body = JSON.parse(data.toString('utf8')) as Record<string, unknown>
        return twirp(path.slice(SERVICE.length), call.body, send)
      }
      if (path.startsWith('/devstoreaccount1/') && req.method === 'PUT') return blob(path, new URLSearchParams(query), data, res)
      send(404, { msg: 'not found' })
    })
  })
  const listening = await listenOnLoopback(server)
  base = listening.url
  return { ...listening, calls, uploads, finalized, refuseCreate: (value) => void (refuse = value) }
}

/**
 * An `ACTIONS_RUNTIME_TOKEN` as the runner hands it out: a JWT whose `scp` claim names the run and
 * the job run (`Actions.Results:<run>:<job run>`); the client reads the ids from it. Not signed:
 * the stand-in checks nothing, and the secret part is what a test looks for in the output.
 */
export function runtimeToken(jobRun: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ scp: `Actions.GenericRead:00000000 Actions.Results:run-backend-1:${jobRun}` })}.stand-in-runtime-token-signature-${jobRun}`
}
