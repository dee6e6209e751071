/**
 * Bad input through the built action: each bad file or input gives a clear error or annotation
 * naming the file or the input, and nothing is written to Postman — the emulator's request log
 * shows no write at all, although the repository's valid files would have been created.
 */
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  annotationsOf,
  asFile,
  collection,
  lines,
  readPlan,
  run,
  scenario,
  standardFiles,
  startWorld,
  transcript,
  writesOf,
  type AnnotationView,
  type RunResult,
  type Scenario,
  type World
} from './fault-helpers.js'

const CORPUS_ODD = resolve(import.meta.dirname, '../fixtures/files/corpus/odd')

let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterAll(async () => world?.close())

/** A scenario whose repository holds the standard (valid) files plus `bad`. */
async function withBadFiles(bad: Record<string, string>): Promise<Scenario> {
  return scenario(world, { ...standardFiles(1), ...bad })
}

const errorsOf = (r: RunResult): AnnotationView[] => annotationsOf(r).filter((a) => a.level === 'error')

/** The run failed, wrote nothing, and has an error annotation at `file` matching `pattern`. */
function expectRefusedAt(r: RunResult, file: string, pattern: RegExp): void {
  expect(r.code, transcript(r)).not.toBe(0)
  expect(writesOf(r.requests), lines(r.requests).join('\n')).toEqual([])
  const atFile = errorsOf(r).filter((a) => a.file === file)
  expect(atFile.map((a) => `${a.title}: ${a.message}`).join('\n'), JSON.stringify(annotationsOf(r), null, 1)).toMatch(pattern)
}

describe('bad files: an error at the file, no write at all', () => {
  it('invalid JSON', async () => {
    const s = await withBadFiles({ 'postman/bad.postman_collection.json': '{\n  "info": { "name": "Bad", }\n}\n' })
    expectRefusedAt(await run(s), 'postman/bad.postman_collection.json', /Invalid JSON/)
  })

  it('a UTF-8 byte order mark (a real newman fixture)', async () => {
    const text = await readFile(join(CORPUS_ODD, 'postmanlabs__newman__bom-in-collection-file.postman_collection.json'), 'utf8')
    const s = await withBadFiles({ 'postman/bom.postman_collection.json': text })
    expectRefusedAt(await run(s), 'postman/bom.postman_collection.json', /byte order mark/)
  })

  it('an empty file', async () => {
    const s = await withBadFiles({ 'postman/empty.postman_environment.json': '' })
    expectRefusedAt(await run(s), 'postman/empty.postman_environment.json', /Empty file/)
  })

  it('a 150 MB collection: refused from its size, unread (the run fits in a 192 MB heap)', async () => {
    const s = await withBadFiles({})
    const path = join(s.repo.dir, 'postman/huge.postman_collection.json')
    await writeHugeCollection(path, 150 * 1024 * 1024)
    s.repo.git('add', '-A')
    s.repo.git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'huge')
    s.shas.push(s.repo.git('rev-parse', 'HEAD'))
    try {
      // A heap this small cannot hold the file's text, let alone its parse: reading it would crash.
      const r = await run(s, { env: { NODE_OPTIONS: '--max-old-space-size=192' } })
      expectRefusedAt(r, 'postman/huge.postman_collection.json', /File too large: The file is 151 MB; Postman accepts at most 100 MB for one collection/)
    } finally {
      await rm(path, { force: true })
    }
  }, 60_000)

  /** A collection with `levels` nested folders around one request, as an exporter writes it. */
  const nestedFolders = (levels: number): string => {
    let item: unknown = [{ name: 'r', request: { method: 'GET', url: 'https://api.example.test/r' } }]
    for (let i = levels - 1; i >= 0; i--) item = [{ name: `f${i}`, item }]
    return asFile({ ...collection('Deep', []), item })
  }

  it.each([
    [
      '2,000 folder levels',
      () => nestedFolders(2_000),
      /Nested too deeply: Arrays and objects are nested more than 1,500 levels deep \(the limit is crossed at line \d+/
    ],
    ['501 folder levels', () => nestedFolders(501), /Folders are nested more than 500 levels deep here/],
    [
      '10,000 JSON levels in a request body',
      () => asFile({ ...collection('Deep', []), x: 0 }).replace('"x": 0', `"x": ${'['.repeat(10_000)}${']'.repeat(10_000)}`),
      /Nested too deeply/
    ],
    ['100,000 JSON levels, unclosed', () => `{\n  "x": ${'{"a":'.repeat(100_000)}`, /Nested too deeply/]
  ])(
    '%s: an error at the file and line, the plan and outputs still set (no stack overflow)',
    async (_name, text, pattern) => {
      const s = await withBadFiles({ 'postman/deep.postman_collection.json': text() })
      const r = await run(s, { inputs: { run: 'true', 'run-collections': 'postman/users.postman_collection.json' } })
      expectRefusedAt(r, 'postman/deep.postman_collection.json', pattern)
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/Maximum call stack/)
      expect(errorsOf(r).find((a) => a.file === 'postman/deep.postman_collection.json')).toBeDefined()
      expect((await readPlan(r))?.entries.find((e) => e.path === 'postman/deep.postman_collection.json')?.action).toBe('error')
      expect(r.outputs['tests-passed']).toBeDefined()
    },
    60_000
  )

  it('a v1 collection (Microsoft Graph, from the corpus)', async () => {
    const text = await readFile(join(CORPUS_ODD, 'microsoftgraph__microsoftgraph-postman-collections__Microsoft_Graph_v1.0.postman_collection.json'), 'utf8')
    const s = await withBadFiles({ 'postman/graph.postman_collection.json': text })
    expectRefusedAt(await run(s), 'postman/graph.postman_collection.json', /v1|version 1|Collection Format v1/i)
  })

  it('a globals export saved as an environment (DEFRA, from the corpus)', async () => {
    const text = await readFile(join(CORPUS_ODD, 'DEFRA__cdp-platform-postman__workspace.postman_globals.json'), 'utf8')
    const s = await withBadFiles({ 'postman/workspace.postman_environment.json': text })
    expectRefusedAt(await run(s), 'postman/workspace.postman_environment.json', /globals/i)
  })

  it('two files with one collection name: both named, each at the other', async () => {
    const s = await withBadFiles({
      'postman/users-copy.postman_collection.json': asFile(
        collection('Users', [['Other', 'GET', 'https://api.example.test/other']], { id: '11111111-2222-4333-8444-555555555555' })
      )
    })
    const r = await run(s)
    expectRefusedAt(r, 'postman/users-copy.postman_collection.json', /Duplicate collection name.*'Users'.*postman\/users\.postman_collection\.json/)
    expectRefusedAt(r, 'postman/users.postman_collection.json', /Duplicate collection name.*'Users'.*postman\/users-copy\.postman_collection\.json/)
  })

  it('a Postman API key committed inside a collection: an error at its line, the key never repeated', async () => {
    const leaked = 'PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01'
    const body = collection('Leaky', [['Me', 'GET', 'https://api.getpostman.com/me']])
    ;(body.item as Array<{ request: { header: unknown[] } }>)[0]!.request.header.push({ key: 'X-Api-Key', value: leaked })
    const s = await withBadFiles({ 'postman/leaky.postman_collection.json': asFile(body) })
    const r = await run(s)
    expectRefusedAt(r, 'postman/leaky.postman_collection.json', /Credential in file: Line \d+ holds a Postman API key/)
    expect(r.stdout + r.stderr + r.summary + r.githubCalls.map((c) => c.body).join('')).not.toContain(leaked)
  })

  it('a symlink to a collection outside the repository: skipped with a warning, never read or pushed', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'postman-sync-outside-'))
    try {
      await writeFile(join(outside, 'secret.postman_collection.json'), asFile(collection('Outside', [['Steal', 'GET', 'https://evil.example.test/']])))
      const s = await scenario(world, {})
      await mkdir(join(s.repo.dir, 'postman'), { recursive: true })
      await symlink(join(outside, 'secret.postman_collection.json'), join(s.repo.dir, 'postman/linked.postman_collection.json'))
      s.repo.git('add', '-A')
      s.repo.git('-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'link')
      s.shas.push(s.repo.git('rev-parse', 'HEAD'))
      const r = await run(s)
      expect(writesOf(r.requests), lines(r.requests).join('\n')).toEqual([])
      const warning = annotationsOf(r).find((a) => a.file === 'postman/linked.postman_collection.json')
      expect(warning?.level, JSON.stringify(annotationsOf(r))).toBe('warning')
      expect(warning?.message).toMatch(/symbolic link to a place outside the repository; it is skipped/)
      expect(world.emu.collections(s.workspace)).toEqual([])
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })
})

describe('bad inputs: an error naming the input, before any Postman call', () => {
  /** Runs with one input changed; the run must fail naming it, with no request at all. */
  async function expectInputRefused(name: string, value: string, pattern: RegExp, other: Record<string, string> = {}): Promise<RunResult> {
    const s = await withBadFiles({})
    const r = await run(s, { inputs: { ...other, [name]: value } })
    expect(r.code, transcript(r)).not.toBe(0)
    expect(r.requests, lines(r.requests).join('\n')).toEqual([])
    const messages = errorsOf(r)
      .map((a) => a.message)
      .join('\n')
    expect(messages).toContain(`'${name}'`)
    expect(messages).toMatch(pattern)
    return r
  }

  it('a glob that matches nothing: a warning naming the input and the pattern, nothing written', async () => {
    const s = await withBadFiles({})
    const r = await run(s, { inputs: { collections: 'api/**/*.postman_collection.json', environments: 'api/**/*.postman_environment.json' } })
    expect(r.code, transcript(r)).toBe(0)
    expect(writesOf(r.requests)).toEqual([])
    const warnings = annotationsOf(r)
      .filter((a) => a.level === 'warning')
      .map((a) => a.message)
    expect(warnings).toContain(
      "Input 'collections': the pattern 'api/**/*.postman_collection.json' matches no file in the repository (node_modules and .git are never searched)."
    )
  })

  it("a glob with '..'", () => expectInputRefused('collections', '../elsewhere/*.postman_collection.json', /without \.\./))
  // Refused before the sync: it used to be found by the runs, after the push had written to Postman.
  it("a run environment path with '..'", () =>
    expectInputRefused('run-environment', '../../outside.postman_environment.json', /resolves outside the repository/, { run: 'true' }))
  it('on-conflict: maybe', () => expectInputRefused('on-conflict', 'maybe', /one of fail, skip, overwrite/))
  it('shard: 3/2', () => expectInputRefused('shard', '3/2', /i\/n with 1 ≤ i ≤ n/))
  it('parallel: 0', () => expectInputRefused('parallel', '0', /from 1 to 64/))
  it('iteration-count: -1', () => expectInputRefused('iteration-count', '-1', /whole number/))
  it('api-url: http://example.com (the key would go in clear)', () => expectInputRefused('api-url', 'http://example.com', /https/i))
})

/**
 * Writes a valid v2.1.0 collection of about `bytes` (1 MB request bodies), streamed, so the test
 * itself never holds it in memory.
 */
async function writeHugeCollection(path: string, bytes: number): Promise<void> {
  await mkdir(resolve(path, '..'), { recursive: true })
  const out = createWriteStream(path)
  const body = 'x'.repeat(1024 * 1024)
  out.write('{\n  "info": {\n    "name": "Huge",\n    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"\n  },\n  "item": [\n')
  let written = 0
  for (let i = 0; written < bytes; i++) {
    const item = `${i > 0 ? ',\n' : ''}    {"name": "r${i}", "request": {"method": "POST", "url": "https://api.example.test/r${i}", "body": {"mode": "raw", "raw": "${body}"}}}`
    written += item.length
    if (!out.write(item)) await new Promise<void>((done) => out.once('drain', () => done()))
  }
  await new Promise<void>((done, fail) => out.end('\n  ]\n}\n', () => done()).once('error', fail))
}
