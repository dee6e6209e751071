/**
 * End to end: Native Git (Collection v3 YAML) collections run by the built `dist/index.js`, against
 * a loopback API. Each failure is annotated on the YAML file and line it comes from (a failed
 * `pm.test` at its declaration inside `code`, a script error on its script's file), JUnit, the
 * summary and the check run name the request file, `sync: off` runs work, and a tree with an
 * invalid file does not run while its errors are annotated at file:line.
 */
import { readFileSync } from 'node:fs'
import { cp, readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { runAction, type ActionRunResult } from '../../scripts/lib/run-action.js'
import { checkWellFormed } from '../report/xml-check.js'
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in.js'
import { defaultInputs, pullRequestEvent, pushEvent, repoPool } from './helpers.js'
import type { TempRepo } from './repo.js'

const VARIANTS = resolve(import.meta.dirname, '../fixtures/native-git/variants')
const C = 'postman/collections'
const REPOSITORY = 'octo-org/octo-repo'

let api: Server
let apiUrl = ''
const arrivals: string[] = []
let github: GitHubStandIn
let emulator: Emulator
let repo: TempRepo
const pool = repoPool()

beforeAll(async () => {
  api = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      arrivals.push(`${req.method} ${req.url}`)
      res.writeHead(req.method === 'POST' && req.url?.startsWith('/items') ? 201 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ name: 'Ada', ok: false }))
    })
  })
  await new Promise<void>((done) => api.listen(0, '127.0.0.1', done))
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
  github = await startGitHubStandIn()
  emulator = await startEmulator()
  repo = await pool.newRepo()
  await cp(join(VARIANTS, 'runnable'), join(repo.dir, C, 'Orders'), { recursive: true })
  await cp(join(VARIANTS, 'run-failures'), join(repo.dir, C, 'Failures'), { recursive: true })
  await cp(join(VARIANTS, 'invalid'), join(repo.dir, C, 'Broken'), { recursive: true })
  await repo.commit({ 'postman/environments/Local.environment.yaml': `name: Local\nvalues:\n  - key: baseUrl\n    value: ${apiUrl}\n    enabled: true\n` })
})

afterAll(async () => {
  await Promise.all([new Promise((done) => api.close(done)), github?.close(), emulator?.close(), pool.removeAll()])
})

/** A run on the shared repository: runs only (`sync: off`), the YAML environment, `overrides` on top. */
function runsOnly(overrides: Record<string, string>, extra: { eventName?: string; event?: Record<string, unknown> } = {}): Promise<ActionRunResult> {
  const sha = repo.git('rev-parse', 'HEAD')
  return runAction({
    workspace: repo.dir,
    eventName: extra.eventName ?? 'push',
    event: extra.event ?? pushEvent(sha),
    sha,
    ref: 'refs/heads/main',
    repository: REPOSITORY,
    env: { GITHUB_API_URL: github.url },
    inputs: {
      sync: 'off',
      run: 'true',
      'run-environment': 'postman/environments/Local.environment.yaml',
      'env-vars': 'token=t0k3n\npassword=pw',
      'timeout-request': '5000',
      'check-run': 'false',
      comment: 'off',
      ...overrides
    }
  })
}

const text = (file: string): string => readFileSync(join(repo.dir, file), 'utf8')
/** The 1-based line of the first line of `file` containing `needle`. */
function lineOf(file: string, needle: string): number {
  const index = text(file)
    .split('\n')
    .findIndex((line) => line.includes(needle))
  if (index < 0) throw new Error(`${file} has no line containing ${needle}`)
  return index + 1
}
const annotated = (result: ActionRunResult) =>
  result.commands.filter((c) => c.command === 'error' && c.properties.file !== undefined).map((c) => `${c.properties.file}:${c.properties.line}`)

describe('Native Git collections run through the built action', () => {
  it('annotates a failed pm.test at its line in the request file; JUnit and the summary name that file', async () => {
    const mark = arrivals.length
    const result = await runsOnly({ 'run-collections': `${C}/Orders`, 'junit-report': 'reports/junit.xml' })
    const checkItem = `${C}/Orders/Items/Check item.request.yaml`
    const grace = lineOf(checkItem, "pm.test('name is Grace'")

    expect(result.code).toBe(1)
    expect(annotated(result)).toEqual([`${checkItem}:${grace}`])
    expect(result.outputs['assertions-failed']).toBe('1')
    // Only the named collection ran, every request reaching the API the YAML environment points at.
    expect(arrivals.slice(mark)).toEqual(['POST /items/42?page=2', 'GET /items/42', 'POST /login', 'POST /graphql'])

    const junit = await readFile(join(repo.dir, 'reports/junit.xml'), 'utf8')
    expect(checkWellFormed(junit)).toEqual([])
    expect(junit).toContain(`<testsuite name="Runnable" file="${C}/Orders" tests="7" failures="1"`)
    expect(junit).toContain(`name="Items › Check item › name is Grace" file="${checkItem}">`)
    expect(junit).toContain(`name="Login › no server error" file="${C}/Orders/Login.request.yaml"/>`)
    expect(result.summary).toContain(`${checkItem}:${grace}`)
  })

  it('annotates script errors on the file of the script that threw, and a request error at its url', async () => {
    const result = await runsOnly({ 'run-collections': `${C}/Failures` })
    const folder = `${C}/Failures/Folder/.resources/definition.yaml`
    const scriptError = `${C}/Failures/Folder/Script error.request.yaml`
    const syntax = `${C}/Failures/Syntax error.request.yaml`
    const unreachable = `${C}/Failures/Unreachable.request.yaml`

    expect(result.code).toBe(1)
    expect(annotated(result)).toEqual(
      expect.arrayContaining([
        `${scriptError}:${lineOf(scriptError, 'const ready')}`,
        `${folder}:${lineOf(folder, "pm.test('folder says ok'")}`,
        `${folder}:${lineOf(folder, '// every request')}`,
        `${syntax}:${lineOf(syntax, '}))')}`,
        `${unreachable}:${lineOf(unreachable, 'url:')}`
      ])
    )
    // The env-vars value a failing test compared appears nowhere but in the mask command the runner consumes.
    const shown = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n')
    expect(`${shown}\n${result.stderr}\n${result.summary}\n${readFileSync(result.outputs.report!, 'utf8')}`).not.toContain('t0k3n')
    expect(result.summary).toContain(`${C}/Failures/Secret.request.yaml:${lineOf(`${C}/Failures/Secret.request.yaml`, "pm.test('token stays secret'")}`)
  })

  it('does not run a tree with an invalid file, and annotates its errors at file:line', async () => {
    const mark = arrivals.length
    const result = await runsOnly({ 'run-collections': `${C}/Broken` })

    expect(result.code).toBe(1)
    expect(arrivals.slice(mark)).toEqual([])
    expect(annotated(result)).toEqual(expect.arrayContaining([`${C}/Broken/Unquoted suffix.request.yaml:3`, `${C}/Broken/Unquoted whole.request.yaml:3`]))
    expect(result.summary).toContain('not run: files of the collection are invalid')
    expect(result.outputs['tests-passed']).toBe('false')
  })

  it('on a pull request, the check run annotates the request file at the pm.test line', async () => {
    const first = github.calls.length
    const sha = repo.git('rev-parse', 'HEAD')
    const result = await runsOnly(
      { 'run-collections': `${C}/Orders`, 'check-run': 'true', 'github-token': 'ghs_v3runsStandInToken' },
      { eventName: 'pull_request', event: pullRequestEvent({ baseSha: sha, headSha: sha }) }
    )
    expect(result.code).toBe(1)
    const create = github.calls.slice(first).find((c) => c.method === 'POST' && c.path.endsWith('/check-runs'))
    const annotations = (create?.body?.output as { annotations?: Array<{ path: string; start_line: number }> } | undefined)?.annotations ?? []
    const checkItem = `${C}/Orders/Items/Check item.request.yaml`
    expect(annotations.map((a) => `${a.path}:${a.start_line}`)).toEqual([`${checkItem}:${lineOf(checkItem, "pm.test('name is Grace'")}`])
  })

  it('runs v3 collections after a push to the emulator (run: true with the sync on)', async () => {
    const own = await pool.newRepo()
    await cp(join(VARIANTS, 'runnable'), join(own.dir, C, 'Orders'), { recursive: true })
    const sha = await own.commit({ 'postman/environments/Local.environment.yaml': text('postman/environments/Local.environment.yaml') })
    const result = await runAction({
      workspace: own.dir,
      eventName: 'push',
      event: pushEvent(sha),
      sha,
      ref: 'refs/heads/main',
      inputs: {
        ...defaultInputs(emulator),
        run: 'true',
        'run-environment': 'postman/environments/Local.environment.yaml',
        'env-vars': 'token=t0k3n\npassword=pw'
      }
    })
    const checkItem = `${C}/Orders/Items/Check item.request.yaml`
    expect(result.outputs.failed).toBe('0')
    expect(result.outputs['assertions-failed']).toBe('1')
    expect(annotated(result)).toEqual([`${checkItem}:${lineOf(checkItem, "pm.test('name is Grace'")}`])
  })
})
