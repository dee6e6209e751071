/**
 * HTTPS_PROXY end to end on loopback: a CONNECT proxy that records every byte it relays, in front of
 * an HTTPS server with a certificate made in the test. The proxy must see the CONNECT line and
 * ciphertext only — never the API key — while the server behind it does get the key.
 */
import https from 'node:https'
import http from 'node:http'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createPostmanClient } from '../../src/postman/client.js'
import { startEmulator, DEFAULT_API_KEY } from '../../emulator/server.js'
import { selfSignedCertificate } from './helpers/self-signed.js'

const KEY = 'PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01'
const HOST = 'api.postman.test'

let cleanup: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

/** A CONNECT proxy that sends every tunnel to `targetPort` on loopback, whatever host is asked for. */
async function connectProxy(targetPort: number): Promise<{ url: string; connects: string[]; relayed: () => Buffer; plainRequests: number }> {
  const connects: string[] = []
  const chunks: Buffer[] = []
  const state = { plainRequests: 0 }
  const sockets = new Set<net.Socket>()
  const server = http.createServer((_, res) => {
    // A plain (non-CONNECT) proxy request would carry the key in clear: count and refuse it.
    state.plainRequests++
    res.writeHead(400).end()
  })
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`)
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length) {
        chunks.push(head)
        upstream.write(head)
      }
      client.on('data', (d: Buffer) => chunks.push(d))
      client.pipe(upstream)
      upstream.pipe(client)
    })
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => {})
      s.on('close', () => sockets.delete(s))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  )
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connects,
    relayed: () => Buffer.concat(chunks),
    get plainRequests() {
      return state.plainRequests
    }
  }
}

async function tlsApi(): Promise<{ port: number; cert: string; keys: string[] }> {
  const { cert, key } = selfSignedCertificate(HOST)
  const keys: string[] = []
  const server = https.createServer({ cert, key }, (req, res) => {
    keys.push(String(req.headers['x-api-key']))
    const body = JSON.stringify({ user: { id: 7 } })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  )
  return { port: (server.address() as net.AddressInfo).port, cert, keys }
}

describe('HTTPS_PROXY', () => {
  it('tunnels with CONNECT; the proxy never sees the key in clear', async () => {
    const api = await tlsApi()
    const proxy = await connectProxy(api.port)
    const client = createPostmanClient({ apiKey: KEY, baseUrl: `https://${HOST}`, env: { HTTPS_PROXY: proxy.url }, ca: api.cert })
    cleanup.push(() => client.close())

    expect((await client.me()).user.id).toBe(7)
    expect(api.keys).toEqual([KEY]) // the server behind the tunnel got it
    expect(proxy.connects).toHaveLength(1)
    expect(proxy.connects[0]).toMatch(new RegExp(`^CONNECT ${HOST.replace(/\./g, '\\.')}:443 `))
    expect(proxy.connects[0]).not.toContain(KEY)
    expect(proxy.plainRequests).toBe(0)
    const relayed = proxy.relayed()
    expect(relayed[0]).toBe(0x16) // a TLS handshake record: what crosses the proxy is TLS from the first byte
    expect(relayed.includes(Buffer.from(KEY))).toBe(false)
    expect(relayed.includes(Buffer.from('x-api-key', 'latin1'))).toBe(false)
    expect(relayed.includes(Buffer.from('X-Api-Key', 'latin1'))).toBe(false)
  })

  it('https_proxy (lower case) works too; NO_PROXY for the host means no tunnel', async () => {
    const api = await tlsApi()
    const proxy = await connectProxy(api.port)
    const client = createPostmanClient({ apiKey: KEY, baseUrl: `https://${HOST}`, env: { https_proxy: proxy.url }, ca: api.cert })
    cleanup.push(() => client.close())
    await client.me()
    expect(proxy.connects).toHaveLength(1)

    // With NO_PROXY the client would connect to the host directly; point it at loopback so it can.
    const direct = createPostmanClient({
      apiKey: KEY,
      baseUrl: `https://localhost:${api.port}`,
      env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost' },
      ca: api.cert,
      maxRetries: 0
    })
    cleanup.push(() => direct.close())
    // The certificate names api.postman.test, not localhost: the direct call fails on the name,
    // which proves it went straight to the server and not through the proxy.
    await expect(direct.me()).rejects.toThrow(/ERR_TLS_CERT_ALTNAME_INVALID|altname/i)
    expect(proxy.connects).toHaveLength(1)
  })

  it('a loopback API is never proxied', async () => {
    const em = await startEmulator()
    cleanup.push(() => em.close())
    const proxy = await connectProxy(1)
    const client = createPostmanClient({ apiKey: DEFAULT_API_KEY, baseUrl: em.url, env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } })
    cleanup.push(() => client.close())
    await client.me()
    expect(proxy.connects).toEqual([])
    expect(proxy.plainRequests).toBe(0)
    expect(em.log).toHaveLength(1)
  })

  it('a certificate the client does not trust fails at once, without retries', async () => {
    const api = await tlsApi()
    const proxy = await connectProxy(api.port)
    const client = createPostmanClient({ apiKey: KEY, baseUrl: `https://${HOST}`, env: { HTTPS_PROXY: proxy.url } })
    cleanup.push(() => client.close())
    await expect(client.me()).rejects.toThrow(/SELF_SIGNED|self.signed|certificate/i)
    expect(client.stats().retries).toBe(0)
    expect(api.keys).toEqual([])
  })
})
