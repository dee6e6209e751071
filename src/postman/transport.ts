/**
 * The one axios instance and what makes it safe for the API key: HTTPS only (plain HTTP
 * only to loopback, for the emulator), redirects never followed (a redirect would carry the key to
 * wherever it points), `HTTPS_PROXY` through a CONNECT tunnel so the proxy sees only TLS, `NO_PROXY`
 * honoured and loopback never proxied. The key lives only in the `X-Api-Key` default header.
 */
import http from 'node:http'
import https from 'node:https'
import axios, { type AxiosInstance } from 'axios'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { ActionError } from '../errors.js'
import { isLoopbackHost } from '../util/hosts.js'

/** What the transport needs; the client normalizes it. */
export interface TransportOptions {
  apiKey: string
  baseUrl: string
  requestTimeoutMs: number
  /** Environment to read `HTTPS_PROXY` / `NO_PROXY` from; default `process.env`. */
  env: Record<string, string | undefined>
  /** Extra trusted CA certificates (PEM), e.g. a corporate TLS proxy's; default none. */
  ca?: string | Buffer
  userAgent: string
}

/** The transport and how it routes, for logs and tests. */
export interface Transport {
  axios: AxiosInstance
  baseUrl: URL
  /** The proxy used, without credentials, or undefined when connecting directly. */
  proxy?: string
  /** Frees keep-alive sockets. */
  close(): void
}

/** Parses and checks the base URL: https, or http to a loopback host only. Throws a clear error. */
export function validateBaseUrl(baseUrl: string): URL {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new ActionError(`The Postman API URL '${baseUrl}' is not a valid URL; use e.g. https://api.postman.com.`)
  }
  if (url.username || url.password) {
    throw new ActionError('The Postman API URL must not contain credentials; the API key goes in the postman-api-key input.')
  }
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url
  throw new ActionError(
    `The Postman API URL '${url.origin}' is not HTTPS; the API key would travel in clear. Use https:// (plain http is allowed only for a loopback emulator).`
  )
}

/**
 * Whether `NO_PROXY` exempts `url` (comma or space separated; `*`, `.domain`, `domain`, `host:port`).
 * A bare `domain` covers its subdomains, as curl, Go and `@actions/http-client` (which routes the
 * GitHub client) read it, so one `NO_PROXY` means the same for Postman and GitHub traffic.
 * Not `proxy-from-env`: it reads only `process.env` (the client takes `env` for tests and embedding)
 * and matches a bare `domain` as that host alone, which would proxy `api.postman.com` for
 * `NO_PROXY=postman.com`.
 */
export function isNoProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase()
    if (entry === '') continue
    if (entry === '*') return true
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry)
    if (!m) continue // group 1 below is not optional: it is set whenever the pattern matches
    const entryHost = m[1]!.replace(/^\[|\]$/g, '').replace(/^\*?\./, '.')
    if (m[2] && m[2] !== port) continue
    if (entryHost.startsWith('.') ? host.endsWith(entryHost) || host === entryHost.slice(1) : host === entryHost || host.endsWith(`.${entryHost}`)) {
      return true
    }
  }
  return false
}

/** The proxy URL for `target`, honouring `HTTPS_PROXY`/`https_proxy`, `NO_PROXY`/`no_proxy` and loopback. */
export function proxyFor(target: URL, env: Record<string, string | undefined>): string | undefined {
  if (target.protocol !== 'https:') return undefined // plain http is loopback-only, never proxied
  if (isLoopbackHost(target.hostname)) return undefined
  const proxy = env.HTTPS_PROXY || env.https_proxy
  if (!proxy) return undefined
  if (isNoProxy(target, env.NO_PROXY ?? env.no_proxy)) return undefined
  return proxy
}

/**
 * `HttpsProxyAgent` drops its own TLS options before the upgrade inside the tunnel (it resets
 * `this.options`), so extra CAs are added to each connection here.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: URL,
    private readonly tlsExtra: { ca?: string | Buffer }
  ) {
    super(proxy, { keepAlive: true })
  }

  override connect(req: http.ClientRequest, opts: Parameters<HttpsProxyAgent<string>['connect']>[1]): ReturnType<HttpsProxyAgent<string>['connect']> {
    return super.connect(req, { ...opts, ...this.tlsExtra })
  }
}

/** Builds the single axios instance every call goes through. */
export function createTransport(options: TransportOptions): Transport {
  const baseUrl = validateBaseUrl(options.baseUrl)
  const proxy = proxyFor(baseUrl, options.env)
  const tls = options.ca ? { ca: options.ca } : {}
  let httpsAgent: https.Agent
  let shownProxy: string | undefined
  if (proxy) {
    let proxyUrl: URL
    try {
      proxyUrl = new URL(proxy.includes('://') ? proxy : `http://${proxy}`)
    } catch {
      throw new ActionError('HTTPS_PROXY is not a valid URL; use e.g. http://proxy.example.com:3128.')
    }
    shownProxy = `${proxyUrl.protocol}//${proxyUrl.host}`
    // The agent opens a CONNECT tunnel and runs TLS to Postman inside it: the proxy sees the
    // CONNECT line and ciphertext, never the X-Api-Key header.
    httpsAgent = new TunnelAgent(proxyUrl, tls)
  } else {
    httpsAgent = new https.Agent({ keepAlive: true, ...tls })
  }
  const httpAgent = new http.Agent({ keepAlive: true })
  const instance = axios.create({
    baseURL: baseUrl.href.replace(/\/+$/, ''),
    timeout: options.requestTimeoutMs,
    // Never follow a redirect: it could carry the key to another host. The client reports it.
    maxRedirects: 0,
    // axios' own proxy support would read HTTP(S)_PROXY and send plain requests to it.
    proxy: false,
    httpAgent,
    httpsAgent,
    // The client reads every status and parses bodies itself (truncated and non-JSON ones too).
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    // Collections may be up to 100 MB (docs/postman-api.md).
    maxBodyLength: Infinity,
    maxContentLength: Infinity,
    headers: {
      'X-Api-Key': options.apiKey,
      Accept: 'application/json',
      'User-Agent': options.userAgent
    }
  })
  return {
    axios: instance,
    baseUrl,
    proxy: shownProxy,
    close: () => {
      httpAgent.destroy()
      httpsAgent.destroy()
    }
  }
}
