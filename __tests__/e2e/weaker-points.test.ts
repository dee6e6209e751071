/**
 * The weaker points of the hardening issue, through the built action: a Retry-After too long to
 * honour, a proxy's 502, a pattern starting with `~`, a stray script timer, and a discovery
 * symlink into .git.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  annotationsOf,
  asFile,
  collection,
  environment,
  lines,
  run,
  scenario,
  standardFiles,
  startForwarder,
  transcript,
  writesOf,
  useWorldWithSampleApi
} from './fault-helpers.js'

const servers = useWorldWithSampleApi()

const errors = (r: Awaited<ReturnType<typeof run>>): string =>
  annotationsOf(r)
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n')

describe('the Postman API answering oddly', () => {
  it('a Retry-After of 30 days: given up at once, saying so, not retried ~20 times', async () => {
    const forwarder = await startForwarder(servers.world.emu.url)
    try {
      forwarder.decide = ({ method }) =>
        method === 'GET'
          ? {
              answer: {
                status: 429,
                headers: { 'retry-after': String(30 * 86_400) },
                body: JSON.stringify({ error: { name: 'rateLimited', message: 'Rate Limit exceeded.' } })
              }
            }
          : { forward: true }
      const s = await scenario(servers.world, standardFiles(1))
      const r = await run(s, { inputs: { 'api-url': forwarder.url } })
      expect(r.code, transcript(r)).not.toBe(0)
      expect(errors(r)).toMatch(/asked to wait 2592000 s, longer than this step waits .* gave up at once/)
      // Every GET was answered once: none was sent again after its 429.
      const gets = forwarder.log.filter((q) => q.method === 'GET').map((q) => q.path)
      expect(new Set(gets).size, gets.join('\n')).toBe(gets.length)
      expect(r.stdout).not.toMatch(/as the server asks/)
    } finally {
      await forwarder.close()
    }
  }, 60_000)

  it("a proxy's 502 (HTML, no Postman headers) is not blamed on Postman", async () => {
    const forwarder = await startForwarder(servers.world.emu.url)
    try {
      forwarder.decide = () => ({
        answer: {
          status: 502,
          headers: { 'content-type': 'text/html' },
          body: '<html><head><title>502 Bad Gateway</title></head><body><center>squid</center></body></html>'
        }
      })
      const s = await scenario(servers.world, standardFiles(1))
      const r = await run(s, { inputs: { 'api-url': forwarder.url } })
      expect(r.code, transcript(r)).not.toBe(0)
      const message = errors(r)
      expect(message).toMatch(/HTTP 502, 502 Bad Gateway/)
      expect(message).toMatch(/a proxy or gateway between the runner and Postman most likely produced it, not Postman/)
      expect(message).not.toMatch(/Postman's servers failed/)
    } finally {
      await forwarder.close()
    }
  }, 90_000)
})

describe('inputs and files', () => {
  it.each(['~/x.json', '~root/postman/*.json'])('collections: %s fails the step (it used to annotate and exit 0), nothing written', async (pattern) => {
    const s = await scenario(servers.world, standardFiles(1))
    const r = await run(s, { inputs: { collections: pattern } })
    expect(r.code, transcript(r)).not.toBe(0)
    expect(errors(r)).toMatch(new RegExp(`Input 'collections': the pattern '${pattern.replace(/[.*~]/g, '\\$&')}' is an absolute path`))
    expect(writesOf(r.requests), lines(r.requests).join('\n')).toEqual([])
  })

  it('a setInterval left running by a script ends at timeout-request, not the whole-run timeout; the next request still runs', async () => {
    const body = collection(
      'Timer',
      [
        ['First', 'GET', '{{baseUrl}}/health'],
        ['Second', 'GET', '{{baseUrl}}/users']
      ],
      { tests: { First: ['setInterval(() => {}, 50);', "pm.test('first', () => {});"], Second: ["pm.test('second', () => {});"] } }
    )
    const s = await scenario(servers.world, {
      'postman/timer.postman_collection.json': asFile(body),
      'postman/local.postman_environment.json': asFile(environment('Local', [['baseUrl', servers.sample.url]]))
    })
    const mark = servers.sample.log.length
    const r = await run(s, {
      inputs: { run: 'true', 'run-environment': 'postman/local.postman_environment.json', 'timeout-request': '1000', timeout: '600000' }
    })
    expect(r.code, transcript(r)).not.toBe(0)
    const message = errors(r)
    // Which bound ended it, from the outcome, not from a clock: the script's, not the run's.
    expect(message).toMatch(/The test script threw Error: sandbox: asynchronous script execution timeout/)
    expect(message).not.toMatch(/Input 'timeout'/)
    expect(servers.sample.log.slice(mark).some((q) => q.path === '/users')).toBe(true)
    expect(r.outputs['tests-passed']).toBe('false')
  }, 60_000)
})

// Creating symlinks needs privileges on Windows; the discovery check itself is platform-neutral.
describe.skipIf(process.platform !== 'linux')('discovery and symlinks (Linux only: symlink creation needs privileges elsewhere)', () => {
  it('a committed link into .git is not followed: nothing in .git is read or pushed', async () => {
    const s = await scenario(servers.world, { 'postman/users.postman_collection.json': standardFiles(1)['postman/users.postman_collection.json']! })
    await mkdir(join(s.repo.dir, '.git/postman'), { recursive: true })
    await writeFile(
      join(s.repo.dir, '.git/postman/hidden.postman_collection.json'),
      asFile(collection('Hidden in git', [['x', 'GET', 'https://api.example.test/x']]))
    )
    await symlink('../.git/postman', join(s.repo.dir, 'postman/meta'))
    s.repo.git('add', '-A')
    s.repo.git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'link into .git')
    s.repo.git('push', '-q', 'origin', 'HEAD:main')
    s.shas.push(s.repo.git('rev-parse', 'HEAD'))
    const r = await run(s, { inputs: { collections: 'postman/**/*.postman_collection.json' } })
    expect(r.code, transcript(r)).toBe(0)
    expect(annotationsOf(r).find((a) => a.file === 'postman/meta')?.message).toMatch(/symbolic link into \.git; it is skipped/)
    expect(servers.world.emu.collections(s.workspace).map((c) => c.name)).toEqual(['Users'])
  })
})
