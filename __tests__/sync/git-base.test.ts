import { symlinkSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createGitSource } from '../../src/sync/git-base.js'
import { createGitHubClient } from '../../src/github/client.js'
import { initRepo, shallowClone, withGitSpy, type TempRepo } from './git-repo.js'

const repos: TempRepo[] = []
const track = (r: TempRepo): TempRepo => (repos.push(r), r)
afterEach(() => {
  for (const r of repos.splice(0)) r.remove()
})

describe('readAtCommit', () => {
  it('reads a file at an older commit, and undefined where the path did not exist', async () => {
    const repo = track(initRepo())
    const first = repo.commit({ 'a/x.json': 'one' })
    const second = repo.commit({ 'a/x.json': 'two', 'b.json': 'new' })
    const git = createGitSource({ root: repo.dir })
    expect(await git.readAtCommit(first, 'a/x.json')).toBe('one')
    expect(await git.readAtCommit(second, 'a/x.json')).toBe('two')
    expect(await git.readAtCommit(first, 'b.json')).toBeUndefined()
  })

  it('a zero sha or a non-sha is no base', async () => {
    const repo = track(initRepo())
    repo.commit({ 'x.json': 'one' })
    const git = createGitSource({ root: repo.dir })
    expect(await git.readAtCommit('0000000000000000000000000000000000000000', 'x.json')).toBeUndefined()
    expect(await git.readAtCommit('HEAD; rm -rf /', 'x.json')).toBeUndefined()
  })

  it('fetches just the missing commit into a shallow clone', async () => {
    const origin = track(initRepo())
    const old = origin.commit({ 'x.json': 'old' })
    origin.commit({ 'x.json': 'new' })
    const clone = track(shallowClone(origin))
    expect(() => clone.git('cat-file', '-e', `${old}^{commit}`)).toThrow()
    const git = createGitSource({ root: clone.dir })
    expect(await git.readAtCommit(old, 'x.json')).toBe('old')
  })

  it('reads many files of one missing commit at once and fetches it once (concurrent fetches fail on shallow.lock)', async () => {
    const origin = track(initRepo())
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.json`, `old ${i}`]))
    const old = origin.commit(files)
    origin.commit(Object.fromEntries(Object.keys(files).map((f) => [f, 'new'])))
    const clone = track(shallowClone(origin))
    const fetches = await withGitSpy(async () => {
      const git = createGitSource({ root: clone.dir })
      expect(await Promise.all(Object.keys(files).map((f) => git.readAtCommit(old, f)))).toEqual(Object.values(files))
    })
    expect(fetches).toBe(1)
  })

  it('falls back to the contents API when the commit cannot be fetched, with the token as a header', async () => {
    const repo = track(initRepo())
    repo.commit({ 'x.json': 'here' })
    const seen: Array<{ url?: string; auth?: string; accept?: string }> = []
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization, accept: req.headers.accept })
      if (req.url?.includes('missing')) {
        res.writeHead(404).end('{}')
        return
      }
      res.writeHead(200, { 'content-type': 'application/vnd.github.raw' }).end('from api')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
      const git = createGitSource({ root: repo.dir, github: createGitHubClient('ghs_test', { GITHUB_API_URL: apiUrl }), repository: 'o/r' })
      const sha = 'abcdef0123456789abcdef0123456789abcdef01'
      expect(await git.readAtCommit(sha, 'dir/my file.json')).toBe('from api')
      expect(await git.readAtCommit(sha, 'missing.json')).toBeUndefined()
      // Through the one GitHub client (octokit), which prefixes a non-JWT token with 'token'; GitHub takes 'token' and 'Bearer' alike.
      expect(seen[0]).toEqual({ url: `/repos/o/r/contents/dir/my%20file.json?ref=${sha}`, auth: 'token ghs_test', accept: 'application/vnd.github.raw+json' })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('without a token, a commit that cannot be had is no base', async () => {
    const repo = track(initRepo())
    repo.commit({ 'x.json': 'here' })
    const git = createGitSource({ root: repo.dir })
    expect(await git.readAtCommit('abcdef0123456789abcdef0123456789abcdef01', 'x.json')).toBeUndefined()
  })
})

describe('readTreeAtCommit', () => {
  it('gives every regular file under the directory at that commit, byte for byte, and leaves symbolic links out', async () => {
    const repo = track(initRepo())
    const crlf = 'code: "a\r\nb"\r\n'
    const first = repo.commit({ 'c/Orders/A.request.yaml': crlf, 'c/Orders/Sub dir/B.request.yaml': 'b', 'c/Other/X.request.yaml': 'x', 'top.json': '{}' })
    symlinkSync('/etc/passwd', path.join(repo.dir, 'c/Orders/link.request.yaml'))
    repo.commit({ 'c/Orders/A.request.yaml': 'changed' })
    const git = createGitSource({ root: repo.dir })
    const tree = await git.readTreeAtCommit(first, 'c/Orders')
    expect(Object.fromEntries([...tree!].map(([p, bytes]) => [p, bytes.toString('utf8')]))).toEqual({
      'c/Orders/A.request.yaml': crlf,
      'c/Orders/Sub dir/B.request.yaml': 'b'
    })
    const head = await git.readTreeAtCommit(repo.git('rev-parse', 'HEAD'), 'c/Orders/')
    expect([...head!.keys()].sort()).toEqual(['c/Orders/A.request.yaml', 'c/Orders/Sub dir/B.request.yaml'])
    expect(head!.get('c/Orders/A.request.yaml')!.toString()).toBe('changed')
  })

  it('is undefined for a directory the commit lacks, a zero sha, or a commit that cannot be had', async () => {
    const repo = track(initRepo())
    const sha = repo.commit({ 'c/Orders/A.request.yaml': 'a' })
    const git = createGitSource({ root: repo.dir })
    expect(await git.readTreeAtCommit(sha, 'c/Missing')).toBeUndefined()
    expect(await git.readTreeAtCommit('0000000000000000000000000000000000000000', 'c/Orders')).toBeUndefined()
    expect(await git.readTreeAtCommit('abcdef0123456789abcdef0123456789abcdef01', 'c/Orders')).toBeUndefined()
  })

  it('fetches the missing commit into a shallow clone', async () => {
    const origin = track(initRepo())
    const old = origin.commit({ 'c/Orders/A.request.yaml': 'old' })
    origin.commit({ 'c/Orders/A.request.yaml': 'new' })
    const clone = track(shallowClone(origin))
    const tree = await createGitSource({ root: clone.dir }).readTreeAtCommit(old, 'c/Orders')
    expect(tree?.get('c/Orders/A.request.yaml')?.toString()).toBe('old')
  })
})

describe('isStale', () => {
  it('is false at the tip and true once the ref moved on', async () => {
    const origin = track(initRepo())
    const first = origin.commit({ 'x.json': '1' })
    const clone = track(shallowClone(origin))
    const git = createGitSource({ root: clone.dir })
    expect(await git.isStale(first, 'refs/heads/main')).toBe(false)
    expect(await git.isStale(first, 'main')).toBe(false)
    origin.commit({ 'x.json': '2' })
    expect(await git.isStale(first, 'refs/heads/main')).toBe(true)
  })

  it('an annotated tag compares its commit', async () => {
    const origin = track(initRepo())
    const sha = origin.commit({ 'x.json': '1' })
    origin.git('tag', '-a', 'v1', '-m', 'release')
    const clone = track(shallowClone(origin))
    const git = createGitSource({ root: clone.dir })
    expect(await git.isStale(sha, 'refs/tags/v1')).toBe(false)
  })

  it('an unknown ref or no remote does not block writes', async () => {
    const repo = track(initRepo())
    const sha = repo.commit({ 'x.json': '1' })
    const git = createGitSource({ root: repo.dir })
    expect(await git.isStale(sha, 'refs/heads/main')).toBe(false)
  })
})
