import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { scrubEnvironment, variablesToScrub } from '../../src/newman/env-scrub.js'
import { createRedactor, redactUrl, REDACTED } from '../../src/util/redact.js'
import { selectShard } from '../../src/newman/shard.js'
import { httpProbe, waitForUrl, type Probe } from '../../src/newman/wait-for.js'
import type { Clock } from '../../src/util/clock.js'

/** A clock that only moves when slept, recording each delay. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 1_000_000
  const sleeps: number[] = []
  return { sleeps, now: () => now, sleep: (ms) => Promise.resolve(void (sleeps.push(ms), (now += ms))) }
}

describe('selectShard', () => {
  const files = [
    { path: 'a.json', requests: 10 },
    { path: 'b.json', requests: 7 },
    { path: 'c.json', requests: 5 },
    { path: 'd.json', requests: 4 },
    { path: 'e.json', requests: 2 },
    { path: 'f.json', requests: 0 }
  ]
  it.each([1, 2, 3, 4])('splits into %i disjoint slices that cover every file', (total) => {
    const slices = Array.from({ length: total }, (_, i) => selectShard(files, { index: i + 1, total }))
    expect(slices.flat().sort()).toEqual(files.map((f) => f.path))
  })
  it('is independent of input order and balanced by request count', () => {
    const reversed = [...files].reverse()
    for (const index of [1, 2]) expect(selectShard(reversed, { index, total: 2 })).toEqual(selectShard(files, { index, total: 2 }))
    const weight = (paths: string[]) => paths.reduce((sum, p) => sum + Math.max(1, files.find((f) => f.path === p)!.requests), 0)
    expect(selectShard(files, { index: 1, total: 2 })).toEqual(['a.json', 'd.json', 'f.json'])
    expect(selectShard(files, { index: 2, total: 2 })).toEqual(['b.json', 'c.json', 'e.json'])
    expect(Math.abs(weight(selectShard(files, { index: 1, total: 2 })) - weight(selectShard(files, { index: 2, total: 2 })))).toBeLessThanOrEqual(1)
  })
  it('gives an empty slice when there are more shards than files', () => {
    expect(selectShard(files.slice(0, 1), { index: 2, total: 3 })).toEqual([])
  })
})

describe('waitForUrl', () => {
  it('polls until the URL answers, sleeping between attempts', async () => {
    const clock = fakeClock()
    let calls = 0
    const probe: Probe = () => Promise.resolve(++calls < 3 ? 'ECONNREFUSED' : undefined)
    expect(await waitForUrl('http://127.0.0.1:9/health', 60_000, clock, probe)).toBe(3)
    expect(clock.sleeps).toEqual([1000, 1000])
  })
  it('gives up after wait-timeout with an error naming wait-for and no credentials', async () => {
    const clock = fakeClock()
    const probe: Probe = () => Promise.resolve('ECONNREFUSED')
    await expect(waitForUrl('http://user:pw@127.0.0.1:9/health?key=abc', 2500, clock, probe)).rejects.toThrow(
      "Input 'wait-for': http://127.0.0.1:9/health did not answer within 2500 ms (4 attempts, last: ECONNREFUSED)"
    )
    expect(clock.sleeps).toEqual([1000, 1000, 500])
  })
  it('counts any HTTP answer, even a 404, and reports a refused connection', async () => {
    const server = http.createServer((_req, res) => res.writeHead(404).end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      expect(await httpProbe(`http://127.0.0.1:${port}/`, 1000)).toBeUndefined()
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
    expect(await httpProbe(`http://127.0.0.1:${port}/`, 1000)).toBe('ECONNREFUSED')
  })
})

describe('redaction', () => {
  it('replaces every secret, longest first, and credential query values and userinfo', () => {
    const redact = createRedactor(['abc', 'abcdef', ''])
    expect(redact('x abcdef y abc')).toBe(`x ${REDACTED} y ${REDACTED}`)
    const encoded = createRedactor(['p@ss "word"/1'])
    expect(encoded(`url ${encodeURIComponent('p@ss "word"/1')} json "p@ss \\"word\\"/1" basic ${Buffer.from('p@ss "word"/1').toString('base64')}`)).toBe(
      `url ${REDACTED} json "${REDACTED}" basic ${REDACTED}`
    )
    expect(redactUrl('https://u:p@h.test/p?api_key=1&page=2&token=zz', createRedactor([]))).toBe(
      `https://h.test/p?api_key=${REDACTED}&page=2&token=${REDACTED}`
    )
  })
})

describe('environment scrubbing', () => {
  it('removes inputs, runner tokens, credential names and any variable holding a secret, then restores them', () => {
    const env: NodeJS.ProcessEnv = {
      'INPUT_POSTMAN-API-KEY': 'k',
      ACTIONS_RUNTIME_TOKEN: 't',
      GITHUB_TOKEN: 'g',
      MY_SERVICE_PASSWORD: 'p',
      COPY: 'prefix-PMAK-1234-suffix',
      PATH: '/usr/bin',
      HTTPS_PROXY: 'http://proxy:3128',
      GITHUB_SHA: 'abc'
    }
    expect(variablesToScrub(env, ['PMAK-1234']).sort()).toEqual([
      'ACTIONS_RUNTIME_TOKEN',
      'COPY',
      'GITHUB_TOKEN',
      'INPUT_POSTMAN-API-KEY',
      'MY_SERVICE_PASSWORD'
    ])
    const copy = { ...env }
    const restore = scrubEnvironment(env, ['PMAK-1234'])
    expect(Object.keys(env).sort()).toEqual(['GITHUB_SHA', 'HTTPS_PROXY', 'PATH'])
    restore()
    expect(env).toEqual(copy)
  })
})
