import { describe, expect, it } from 'vitest'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { createTransport, isNoProxy, proxyFor, validateBaseUrl } from '../../src/postman/transport.js'
import { createPostmanClient } from '../../src/postman/client.js'

describe('validateBaseUrl', () => {
  it.each(['https://api.postman.com', 'https://api.eu.postman.com/', 'http://127.0.0.1:4010', 'http://localhost:1', 'http://[::1]:8080'])(
    'accepts %s',
    (url) => {
      expect(validateBaseUrl(url).href).toContain(new URL(url).host)
    }
  )
  it.each([
    ['http://api.postman.com', /not HTTPS/],
    ['http://10.0.0.5:8080', /not HTTPS/],
    ['ftp://127.0.0.1', /not HTTPS/],
    ['api.postman.com', /not a valid URL/],
    ['https://user:pw@api.postman.com', /must not contain credentials/]
  ])('refuses %s', (url, pattern) => {
    expect(() => validateBaseUrl(url)).toThrow(pattern)
  })
  it('the client refuses too, before any call', () => {
    expect(() => createPostmanClient({ apiKey: 'PMAK-x', baseUrl: 'http://api.getpostman.com' })).toThrow(/not HTTPS/)
  })
})

describe('NO_PROXY and proxy choice', () => {
  const target = new URL('https://api.postman.com')
  it.each([
    ['api.postman.com', true],
    ['postman.com', true],
    ['.postman.com', true],
    ['*.postman.com', true],
    ['*', true],
    ['example.com, api.postman.com:443', true],
    ['api.postman.com:8443', false],
    ['getpostman.com', false],
    ['ostman.com', false],
    ['', false]
  ])('NO_PROXY=%s → %s', (noProxy, expected) => {
    expect(isNoProxy(target, noProxy)).toBe(expected)
  })

  it.each<[string, Record<string, string>, string | undefined]>([
    ['https://api.postman.com', { HTTPS_PROXY: 'http://proxy:3128' }, 'http://proxy:3128'],
    ['https://api.postman.com', { https_proxy: 'http://proxy:3128' }, 'http://proxy:3128'],
    ['https://api.postman.com', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'postman.com' }, undefined],
    ['https://api.postman.com', { HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'api.postman.com' }, undefined],
    ['https://127.0.0.1:8443', { HTTPS_PROXY: 'http://proxy:3128' }, undefined],
    ['http://127.0.0.1:8080', { HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://proxy:3128' }, undefined],
    ['https://api.postman.com', { HTTP_PROXY: 'http://proxy:3128' }, undefined]
  ])('%s with %j → %s', (url, env, expected) => {
    expect(proxyFor(new URL(url), env)).toBe(expected)
  })

  it('a proxied transport uses a CONNECT agent and disables axios proxying; the key is a header only', () => {
    const t = createTransport({
      apiKey: 'PMAK-k',
      baseUrl: 'https://api.postman.com',
      requestTimeoutMs: 1000,
      env: { HTTPS_PROXY: 'http://u:p@proxy:3128' },
      userAgent: 'x'
    })
    expect(t.axios.defaults.httpsAgent).toBeInstanceOf(HttpsProxyAgent)
    expect(t.axios.defaults.proxy).toBe(false)
    expect(t.axios.defaults.maxRedirects).toBe(0)
    expect(t.proxy).toBe('http://proxy:3128') // credentials never shown
    expect(t.axios.defaults.headers['X-Api-Key']).toBe('PMAK-k')
    expect(t.axios.defaults.params).toBeUndefined()
    t.close()
    const direct = createTransport({ apiKey: 'PMAK-k', baseUrl: 'https://api.postman.com', requestTimeoutMs: 1000, env: {}, userAgent: 'x' })
    expect(direct.axios.defaults.httpsAgent).not.toBeInstanceOf(HttpsProxyAgent)
    direct.close()
  })
})
