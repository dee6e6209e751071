import http from 'node:http'
import type { Socket } from 'node:net'

/** A request as a hand-written test server saw it. */
export interface Seen {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
}

/**
 * A loopback HTTP server whose answers the test writes by hand (stalls, cut bodies, odd headers).
 * `handler` gets the 0-based index of the request.
 */
export async function oddServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, index: number) => void
): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = []
  const sockets = new Set<Socket>()
  const server = http.createServer((req, res) => {
    const index = seen.length
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    req.resume()
    req.on('end', () => handler(req, res, index))
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** Sends a JSON answer. */
export function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers })
  res.end(text)
}
