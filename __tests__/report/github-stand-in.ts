/**
 * A loopback stand-in for the GitHub REST API that records every call: enough of the checks and
 * issue-comments endpoints for the reports, with a switch to answer 403 like a read-only token.
 */
import http from 'node:http'
import { listenOnLoopback } from '../runs/loopback.js'

export interface RecordedCall {
  method: string
  path: string
  authorization?: string
  body: Record<string, unknown> | undefined
}

export interface GitHubStandIn {
  url: string
  calls: RecordedCall[]
  /** Comments on issue 7, as the API lists them. */
  comments: Array<{ id: number; body: string; user: { login: string; type: string } }>
  /** Answer every write with this status instead (e.g. 403). */
  failWrites?: number
  close(): Promise<void>
}

export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  let nextId = 1000
  const state: GitHubStandIn = { url: '', calls: [], comments: [], close: () => Promise.resolve() }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>)
      const path = req.url ?? ''
      state.calls.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body })
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      if (req.method !== 'GET' && state.failWrites !== undefined) {
        send(state.failWrites, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' })
        return
      }
      if (req.method === 'POST' && path === '/repos/o/r/check-runs') {
        send(201, { id: nextId++, html_url: 'https://github.test/o/r/runs/1' })
      } else if (req.method === 'PATCH' && /^\/repos\/o\/r\/check-runs\/\d+$/.test(path)) {
        send(200, { id: Number(path.split('/').pop()) })
      } else if (req.method === 'GET' && path.startsWith('/repos/o/r/issues/7/comments')) {
        send(200, state.comments)
      } else if (req.method === 'POST' && path === '/repos/o/r/issues/7/comments') {
        const comment = { id: nextId++, body: (body?.body as string | undefined) ?? '', user: { login: 'github-actions[bot]', type: 'Bot' } }
        state.comments.push(comment)
        send(201, comment)
      } else if (req.method === 'PATCH' && /^\/repos\/o\/r\/issues\/comments\/\d+$/.test(path)) {
        const comment = state.comments.find((c) => c.id === Number(path.split('/').pop()))
        if (comment === undefined) return send(404, { message: 'Not Found' })
        comment.body = (body?.body as string | undefined) ?? ''
        send(200, comment)
      } else {
        send(404, { message: 'Not Found' })
      }
    })
  })
  const { url, close } = await listenOnLoopback(server)
  state.url = url
  state.close = close
  return state
}
