/**
 * A loopback stand-in for the GitHub REST API, for the built action (`GITHUB_API_URL`): check-run
 * create and update, issue comments list, create and update, for any `owner/repo` and issue. It
 * records every call with its raw body (so a test can grep every byte the action sent) and can
 * answer 403 per endpoint family, as a token without `checks: write` or `pull-requests: write` gets.
 * Shared by the tests and `npm start -- --pr` (which shows the comment it received), like
 * `run-action.ts`.
 */
import http from 'node:http'
import { listenOnLoopback } from './listen.js'

/** One call as the stand-in received it. */
export interface GitHubCall {
  method: string
  /** Path without the query string. */
  path: string
  query: string
  /** The `Authorization` header (kept apart from the body: it is meant to carry the token). */
  authorization?: string
  /** The raw request body ('' when none). */
  text: string
  /** The body parsed as JSON, when it is JSON. */
  body?: Record<string, unknown>
}

/** A comment as the API lists it. */
export interface StandInComment {
  id: number
  issue: number
  body: string
  user: { login: string; type: string }
}

/** Which endpoint families answer 403 ("Resource not accessible by integration"). */
export interface Refusals {
  checks?: boolean
  comments?: boolean
}

export interface GitHubStandIn {
  url: string
  calls: GitHubCall[]
  comments: StandInComment[]
  /** Change the refusals for the calls that follow. */
  refuse(refusals: Refusals): void
  /** Calls as `METHOD path`, for order assertions. */
  summary(): string[]
  close(): Promise<void>
}

const CHECK_RUNS = /^\/repos\/[^/]+\/[^/]+\/check-runs$/
const CHECK_RUN = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/
const ISSUE_COMMENTS = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/
const COMMENT = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/

/** Starts the stand-in on 127.0.0.1, an ephemeral port. */
export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  let nextId = 5000
  let refusals: Refusals = {}
  const calls: GitHubCall[] = []
  const comments: StandInComment[] = []

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const [path = '', query = ''] = (req.url ?? '').split('?')
      const method = req.method ?? ''
      let body: Record<string, unknown> | undefined
      try {
        body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>)
      } catch {
        body = undefined
      }
      calls.push({ method, path, query, authorization: req.headers.authorization, text, ...(body === undefined ? {} : { body }) })
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify(payload))
      }
      const refused = (): void =>
        send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' })

      let match: RegExpExecArray | null
      if (CHECK_RUNS.test(path) && method === 'POST') {
        if (refusals.checks) return refused()
        const id = nextId++
        return send(201, { id, name: body?.name, head_sha: body?.head_sha, status: body?.status, html_url: `https://github.test/checks/${id}` })
      }
      if ((match = CHECK_RUN.exec(path)) && method === 'PATCH') {
        if (refusals.checks) return refused()
        return send(200, { id: Number(match[1]) })
      }
      if ((match = ISSUE_COMMENTS.exec(path))) {
        const issue = Number(match[1])
        if (method === 'GET')
          return send(
            200,
            comments.filter((c) => c.issue === issue)
          )
        if (method === 'POST') {
          if (refusals.comments) return refused()
          const comment = { id: nextId++, issue, body: (body?.body as string | undefined) ?? '', user: { login: 'github-actions[bot]', type: 'Bot' } }
          comments.push(comment)
          return send(201, comment)
        }
      }
      if ((match = COMMENT.exec(path)) && method === 'PATCH') {
        if (refusals.comments) return refused()
        const comment = comments.find((c) => c.id === Number(match![1]))
        if (comment === undefined) return send(404, { message: 'Not Found' })
        comment.body = (body?.body as string | undefined) ?? ''
        return send(200, comment)
      }
      send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
    })
  })
  return {
    ...(await listenOnLoopback(server)),
    calls,
    comments,
    refuse: (next) => {
      refusals = { ...next }
    },
    summary: () => calls.map((c) => `${c.method} ${c.path}`)
  }
}
