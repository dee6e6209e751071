/**
 * The runner on Native Git (Collection v3) collection directories, with real newman against a
 * loopback server: each failure is a finding on the YAML file and line it comes from, test cases
 * name their request file, and `folder`, shards, bail and a YAML `run-environment` work as for JSON.
 */
import { readFileSync } from 'node:fs'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCollections, type RunOptions } from '../../src/newman/runner.js'
import { selectRunnable } from '../../src/newman/runnable.js'
import { syntaxErrorIndex } from '../../src/newman/v3-findings.js'
import { lineContaining, recordingLog, runOptions } from '../runs/loopback.js'
import { VARIANTS } from './helpers.js'

let server: Server
let baseUrl = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(req.method === 'POST' && req.url?.startsWith('/items') ? 201 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ name: 'Ada', ok: false }))
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((done) => server.close(done))
})

const text = (file: string): string => readFileSync(`${VARIANTS}${file}`, 'utf8')

function options(overrides: Partial<RunOptions> = {}): RunOptions {
  return runOptions({ root: VARIANTS, collections: ['run-failures'], envVars: { baseUrl, token: 't0k3n', password: 'pw' }, ...overrides })
}

describe('running a Native Git collection directory', () => {
  it('puts every failure on the YAML file and line it comes from', async () => {
    const result = await runCollections(options(), { log: recordingLog() })
    const folder = 'run-failures/Folder/.resources/definition.yaml'
    const scriptError = 'run-failures/Folder/Script error.request.yaml'
    const brief = result.findings.map((f) => ({ kind: f.kind, file: f.file, line: f.line, assertion: f.assertion, request: f.request }))
    expect(brief).toEqual([
      // The request's pre-request script throws: at the line its code begins (postman-runtime gives no line).
      {
        kind: 'script-error',
        file: scriptError,
        line: lineContaining(text(scriptError), 'const ready'),
        assertion: undefined,
        request: 'Folder › Script error'
      },
      // The folder's test, declared in the folder's definition, and the same script's error after it.
      {
        kind: 'assertion',
        file: folder,
        line: lineContaining(text(folder), "pm.test('folder says ok'"),
        assertion: 'folder says ok',
        request: 'Folder › Script error'
      },
      { kind: 'script-error', file: folder, line: lineContaining(text(folder), '// every request'), assertion: undefined, request: 'Folder › Script error' },
      // A syntax error: the compiler's line, inside the literal block.
      {
        kind: 'script-error',
        file: 'run-failures/Syntax error.request.yaml',
        line: lineContaining(text('run-failures/Syntax error.request.yaml'), '}))'),
        assertion: undefined,
        request: 'Syntax error'
      },
      {
        kind: 'request-error',
        file: 'run-failures/Unreachable.request.yaml',
        line: lineContaining(text('run-failures/Unreachable.request.yaml'), 'url:'),
        assertion: undefined,
        request: 'Unreachable'
      },
      // A name built at run time is declared nowhere as written: the first line of the request's test script.
      {
        kind: 'assertion',
        file: 'run-failures/Dynamic name.request.yaml',
        line: lineContaining(text('run-failures/Dynamic name.request.yaml'), 'const expected'),
        assertion: 'item 1',
        request: 'Dynamic name'
      },
      // A folded block: the declaration's own source line, past the blank lines folding turns into breaks.
      {
        kind: 'assertion',
        file: 'run-failures/Folded.request.yaml',
        line: lineContaining(text('run-failures/Folded.request.yaml'), 'is a teapot'),
        assertion: 'is a teapot',
        request: 'Folded'
      },
      {
        kind: 'assertion',
        file: 'run-failures/Secret.request.yaml',
        line: lineContaining(text('run-failures/Secret.request.yaml'), "pm.test('token stays secret'"),
        assertion: 'token stays secret',
        request: 'Secret'
      }
    ])
    expect(result.runs).toEqual([expect.objectContaining({ file: 'run-failures', name: 'Run failures', requests: 6 })])
    // The env-vars value the failing test compared is redacted from its message, as for JSON.
    expect(result.findings.at(-1)?.message).toContain("expected '[redacted]' to deeply equal 'something else'")
    expect(JSON.stringify(result)).not.toContain('t0k3n')
  })

  it('names the request file in every test case, passing or failing', async () => {
    const result = await runCollections(options({ collections: ['runnable'] }), { log: recordingLog() })
    const cases = result.runs[0]!.cases.map((c) => ({ request: c.request, assertion: c.assertion, file: c.file, failed: c.failure !== undefined }))
    expect(cases).toContainEqual({ request: 'Items › Check item', assertion: 'name is Grace', file: 'runnable/Items/Check item.request.yaml', failed: true })
    expect(cases).toContainEqual({ request: 'Items › Check item', assertion: 'name is Ada', file: 'runnable/Items/Check item.request.yaml', failed: false })
    expect(cases).toContainEqual({ request: 'Login', assertion: 'no server error', file: 'runnable/Login.request.yaml', failed: false })
    expect(cases.every((c) => c.file !== undefined && c.file.endsWith('.request.yaml'))).toBe(true)
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual([
      `runnable/Items/Check item.request.yaml:${lineContaining(text('runnable/Items/Check item.request.yaml'), "pm.test('name is Grace'")}`
    ])
  })

  it('runs only the folders `folder` names (the converted collection’s folder names)', async () => {
    const result = await runCollections(options({ collections: ['runnable', 'run-failures'], folder: ['Items'] }), { log: recordingLog() })
    expect(result.runs.map((r) => ({ file: r.file, requests: r.requests, skipped: r.skipped !== undefined }))).toEqual([
      { file: 'runnable', requests: 2, skipped: false },
      { file: 'run-failures', requests: 0, skipped: true }
    ])
  })

  it('weights shards by the converted request counts', async () => {
    const one = await runCollections(options({ collections: ['runnable', 'run-failures', 'no-definitions'], shard: { index: 1, total: 2 } }), {
      log: recordingLog()
    })
    const two = await runCollections(options({ collections: ['runnable', 'run-failures', 'no-definitions'], shard: { index: 2, total: 2 } }), {
      log: recordingLog()
    })
    // run-failures has 6 requests, runnable 4, no-definitions 3: the greedy split is {6} and {4, 3}.
    expect(one.runs.map((r) => r.file)).toEqual(['run-failures'])
    expect(two.runs.map((r) => r.file).sort()).toEqual(['no-definitions', 'runnable'])
  })

  it('stops a collection at its first failure under bail', async () => {
    const result = await runCollections(options({ bail: true }), { log: recordingLog() })
    // The first request's pre-request script throws: the run stops before anything is sent.
    expect(result.runs[0]!.requests).toBe(0)
    expect(result.findings.map((f) => `${f.kind} ${f.file}`)).toEqual(['script-error run-failures/Folder/Script error.request.yaml'])
  })

  it('reads a Native Git environment as run-environment, and refuses an invalid one at its line', async () => {
    const root = await mkdtemp(join(tmpdir(), 'v3-env-'))
    try {
      await cp(`${VARIANTS}runnable`, join(root, 'runnable'), { recursive: true })
      // The environment's baseUrl wins over the collection's (http://127.0.0.1:9, where nothing listens).
      await writeFile(join(root, 'Local.environment.yaml'), `name: Local\nvalues:\n  - key: baseUrl\n    value: ${baseUrl}\n    enabled: true\n`)
      await writeFile(join(root, 'Broken.environment.yaml'), 'name: Broken\nvalues:\n  - value: no key here\n')
      const base = { root, collections: ['runnable'], envVars: { token: 't', password: 'p' } }
      const ok = await runCollections(runOptions({ ...base, environment: 'Local.environment.yaml' }), { log: recordingLog() })
      expect(ok.runs[0]).toMatchObject({ requests: 4, failedAssertions: 1 })
      expect(ok.findings.map((f) => f.kind)).toEqual(['assertion'])
      await expect(runCollections(runOptions({ ...base, environment: 'Broken.environment.yaml' }), { log: recordingLog() })).rejects.toThrow(
        /^Input 'run-environment': Broken\.environment\.yaml is not a valid Native Git environment \(Broken\.environment\.yaml:3: /
      )
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('takes the tree the run selection read instead of reading the directory again', async () => {
    const root = await mkdtemp(join(tmpdir(), 'v3-preread-'))
    try {
      await cp(`${VARIANTS}runnable`, join(root, 'runnable'), { recursive: true })
      const selected = await selectRunnable(root, ['runnable'], [], new Set())
      expect([...selected.trees.keys()]).toEqual(['runnable'])
      // Gone from the disk after the selection read it: the run still has it.
      await rm(join(root, 'runnable/Login.request.yaml'))
      const result = await runCollections(runOptions({ root, collections: selected.paths, v3Trees: selected.trees, envVars: { baseUrl } }), {
        log: recordingLog()
      })
      expect(result.runs[0]).toMatchObject({ requests: 4 })
      const reread = await runCollections(runOptions({ root, collections: selected.paths, envVars: { baseUrl } }), { log: recordingLog() })
      expect(reread.runs[0]).toMatchObject({ requests: 3 })
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('makes a tree that does not validate the run’s error, quoting the files at fault', async () => {
    const result = await runCollections(options({ collections: ['invalid'] }), { log: recordingLog() })
    expect(result.runs[0]!.error).toMatch(
      /^Native Git collection invalid is invalid \(\d+ errors\), so it is not run: invalid\/Unquoted suffix\.request\.yaml:3: /
    )
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'run-error', file: 'invalid' })])
  })
})

describe('syntaxErrorIndex', () => {
  it('names the code line V8 rejects, and none for valid code (top-level await included)', () => {
    expect(syntaxErrorIndex(['const a = 1', 'const b = {', '  x: 1,,', '}'])).toBe(2)
    expect(syntaxErrorIndex(['pm.test("x", () => {'])).toBe(0)
    expect(syntaxErrorIndex(['await pm.sendRequest("x")', 'return'])).toBeUndefined()
  })
})
