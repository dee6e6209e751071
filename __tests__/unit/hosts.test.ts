/**
 * The one loopback rule (src/util/hosts.ts), which decides both where plain HTTP may carry the API
 * key (the `api-url` input, the transport) and what is never proxied. The cases are those of the
 * two rules it replaces (inputs.ts and postman/transport.ts), reconciled to the stricter one.
 */
import { describe, expect, it } from 'vitest'
import { parseApiUrl } from '../../src/inputs.js'
import { proxyFor, validateBaseUrl } from '../../src/postman/transport.js'
import { isLoopbackHost } from '../../src/util/hosts.js'

describe('isLoopbackHost', () => {
  it.each([
    // Both old rules agreed.
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['127.9.9.9', true],
    ['[::1]', true],
    ['::1', true],
    ['126.0.0.1', false],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['[::2]', false],
    ['localhost.localdomain', false],
    ['localhost.example.com', false],
    ['example.com', false],
    ['api.postman.com', false],
    ['127.0.0.1.nip.io', false],
    // The transport's rule said yes; these go through the resolver, which may answer anything.
    ['LOCALHOST.', false],
    ['localhost.', false],
    ['api.localhost', false],
    // IPv4-mapped loopback reaches 127.0.0.1 only on a dual-stack socket (inputs.ts said no).
    ['[::ffff:7f00:1]', false]
  ])('%j → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })

  it('takes hostnames as WHATWG URL leaves them, so IPv4 shorthands count', () => {
    expect(isLoopbackHost(new URL('http://127.1:4010').hostname)).toBe(true)
    expect(isLoopbackHost(new URL('http://0x7f.1/').hostname)).toBe(true)
    expect(isLoopbackHost(new URL('http://[0:0:0:0:0:0:0:1]/').hostname)).toBe(true)
    expect(isLoopbackHost(new URL('http://LocalHost/').hostname)).toBe(true)
  })

  it('the api-url input and the transport decide alike', () => {
    for (const url of ['http://localhost:4010', 'http://127.0.0.5', 'http://[::1]:1']) {
      expect(() => parseApiUrl('api-url', url)).not.toThrow()
      expect(() => validateBaseUrl(url)).not.toThrow()
    }
    for (const url of ['http://localhost.:4010', 'http://api.localhost', 'http://[::ffff:127.0.0.1]']) {
      expect(() => parseApiUrl('api-url', url)).toThrow(/http:\/\/ only for loopback hosts/)
      expect(() => validateBaseUrl(url)).toThrow(/not HTTPS/)
    }
  })

  it('a loopback host is never proxied, any other https host is', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128' }
    expect(proxyFor(new URL('https://127.0.0.1:8443'), env)).toBeUndefined()
    expect(proxyFor(new URL('https://localhost:8443'), env)).toBeUndefined()
    expect(proxyFor(new URL('https://api.localhost:8443'), env)).toBe('http://proxy:3128')
  })
})
