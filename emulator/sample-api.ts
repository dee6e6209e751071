/**
 * The small JSON service the example collections test (`examples/collections/`), on 127.0.0.1.
 * Routes: `GET /health`, `GET|POST /users`, `GET /users/:id`, `GET /slow?ms=`, `ANY /echo`
 * (returns what it was sent), `ANY /status/:code`. No framework: it must start in milliseconds.
 */
import http from 'node:http'
import type { Socket } from 'node:net'

/** One request the sample API received. */
export interface SampleRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A running sample API. */
export interface SampleApi {
  url: string
  log: SampleRequest[]
  close(): Promise<void>
}

interface User {
  id: number
  name: string
  email: string
}

/** Starts the sample API; `port` 0 (default) is ephemeral, `delayMs` slows every answer. */
export async function startSampleApi(opts: { delayMs?: number; port?: number } = {}): Promise<SampleApi> {
  const users: User[] = [
    { id: 1, name: 'Ada Lovelace', email: 'ada@example.com' },
    { id: 2, name: 'Alan Turing', email: 'alan@example.com' }
  ]
  const log: SampleRequest[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const body = Buffer.concat(chunks).toString('utf8')
      const method = req.method ?? 'GET'
      log.push({ method, path: url.pathname, headers: req.headers, body })
      const send = (status: number, payload: unknown): void => {
        const text = JSON.stringify(payload)
        const write = (): void => {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
          res.end(text)
        }
        if (opts.delayMs) later(opts.delayMs, write)
        else write()
      }
      route(method, url, body, req.headers, send, later)
    })
  })

  /** The routes; `send` answers JSON. */
  function route(
    method: string,
    url: URL,
    body: string,
    headers: http.IncomingHttpHeaders,
    send: (status: number, payload: unknown) => void,
    wait: (ms: number, fn: () => void) => void
  ): void {
    const path = url.pathname
    if (path === '/health' && method === 'GET') return send(200, { status: 'ok' })
    if (path === '/users' && method === 'GET') return send(200, users)
    if (path === '/users' && method === 'POST') {
      let input: Partial<User>
      try {
        input = JSON.parse(body) as Partial<User>
      } catch {
        return send(400, { error: 'body must be JSON' })
      }
      if (typeof input.name !== 'string' || input.name === '') return send(400, { error: 'name is required' })
      const user = { id: users.length + 1, name: input.name, email: String(input.email ?? '') }
      users.push(user)
      // Deliberately 200, not 201: one example test expects 201 and fails on purpose.
      return send(200, user)
    }
    const userMatch = /^\/users\/(\d+)$/.exec(path)
    if (userMatch && method === 'GET') {
      const user = users.find((u) => u.id === Number(userMatch[1]))
      return user ? send(200, user) : send(404, { error: 'user not found' })
    }
    if (path === '/slow') {
      const ms = Math.min(30_000, Math.max(0, Number(url.searchParams.get('ms') ?? 100) || 0))
      return wait(ms, () => send(200, { waited: ms }))
    }
    if (path === '/echo') {
      return send(200, { method, path, query: Object.fromEntries(url.searchParams), headers, body })
    }
    // Any method: the generated scale collection (bench) sends GET, POST and PUT here and checks the id.
    const resourceMatch = /^\/resources\/([^/]+)$/.exec(path) // its one group is not optional
    if (resourceMatch) return send(200, { id: decodeURIComponent(resourceMatch[1]!), method })
    const statusMatch = /^\/status\/(\d{3})$/.exec(path)
    if (statusMatch) return send(Number(statusMatch[1]), { status: Number(statusMatch[1]) })
    send(404, { error: 'not found', path })
  }

  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    async close() {
      for (const t of timers) clearTimeout(t)
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const s of sockets) s.destroy()
      await closed
    }
  }
}
