/**
 * Native Git repositories end to end (issue 11, "Done when", the sync half), through `dist/index.js`
 * against the emulator in its real-API mode: every real v3 tree of the corpus, copied without its
 * `.postman/` folder (its ids name the owners' workspaces), either pushes with every HTTP request
 * arriving (method, URL, scripts, read from the YAML files here, not through the converter) and a
 * second run writes nothing, or fails only on its invalid files, each annotated at its line, with
 * zero writes. With the real `.postman/resources.yaml` kept, every mapped id the emulator does not
 * hold is an error at its line and nothing is created in its place.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import { commandsOf, readPlan, repoPool, runE2E, writesOf } from './helpers.js'

const NATIVE_GIT = fileURLToPath(new URL('../fixtures/native-git/', import.meta.url))
const CORPUS = `${NATIVE_GIT}corpus/`
const DOT_POSTMAN = `${NATIVE_GIT}dot-postman/`
const INVALID_TREE = 'AdguardTeam+HostlistCompiler@974dd653'
const TREES = readdirSync(CORPUS).filter((name) => statSync(join(CORPUS, name)).isDirectory())
const VALID_TREES = TREES.filter((tree) => tree !== INVALID_TREE)
const WITH_RESOURCES = VALID_TREES.filter((tree) => readdirSync(DOT_POSTMAN).includes(tree))
const workspaceOf = (tree: string, suffix = ''): string => `ws-${tree.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}${suffix}`

let emulator: Emulator
const { newRepo, removeAll } = repoPool()

beforeAll(async () => {
  const ids = [...TREES.map((t) => workspaceOf(t)), ...WITH_RESOURCES.map((t) => workspaceOf(t, '-mapped')), 'ws-kinds', 'ws-empty-id', 'ws-base-commit']
  emulator = await startEmulator({
    realApi: true,
    workspaces: ids.map((id) => ({ id, name: id, type: 'team' })),
    rateLimit: { limit: 10_000, windowMs: 60_000 },
    listRateLimit: { limit: 1_000, windowMs: 10_000 }
  })
})

afterAll(async () => {
  await emulator?.close()
  await removeAll()
})

/** Every file under `dir`, by its path relative to `dir` (with `/`), as text. */
function filesOf(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name)
    const rel = `${prefix}${entry.name}`
    if (entry.isDirectory()) Object.assign(out, filesOf(abs, `${rel}/`))
    else out[rel] = readFileSync(abs, 'utf8')
  }
  return out
}

type Rec = Record<string, unknown>
const SUPPORTED = new Set(['http-request', 'graphql-request'])
const LISTEN: Record<string, string> = { beforeRequest: 'prerequest', afterResponse: 'test' }

/** A request as compared: method, raw URL, and each script as `listen: code`. */
function signature(method: string, url: string, scripts: string[]): string {
  return JSON.stringify([method, url, [...scripts].sort()])
}

/** The requests a tree's files describe, read with the YAML parser alone: the expectation. */
function expectedRequests(files: Record<string, string>): { requests: string[]; unsupported: string[] } {
  const requests: string[] = []
  const unsupported: string[] = []
  for (const [path, text] of Object.entries(files)) {
    // The reader skips hidden directories (`.resources` holds examples and definitions).
    if (!path.startsWith('postman/collections/') || !path.endsWith('.request.yaml') || path.split('/').some((s) => s.startsWith('.'))) continue
    const data = parse(text) as Rec
    const kind = String(data.$kind)
    if (!SUPPORTED.has(kind)) {
      unsupported.push(path)
      continue
    }
    const method = typeof data.method === 'string' && data.method !== '' ? data.method.toUpperCase() : kind === 'graphql-request' ? 'POST' : 'GET'
    const scripts = (Array.isArray(data.scripts) ? (data.scripts as Rec[]) : [])
      .filter((s) => LISTEN[String(s.type)] !== undefined && s.code !== undefined && s.code !== null && s.code !== '')
      .map((s) => `${LISTEN[String(s.type)]}: ${(Array.isArray(s.code) ? s.code.join('\n') : String(s.code)).replace(/\r\n/g, '\n')}`)
    requests.push(signature(method, typeof data.url === 'string' ? data.url : '', scripts))
  }
  return { requests: requests.sort(), unsupported: unsupported.sort() }
}

/** The request items of every collection stored in a workspace. */
function storedRequests(workspace: string): string[] {
  const out: string[] = []
  const walk = (items: Rec[]): void => {
    for (const item of items) {
      if (Array.isArray(item.item)) {
        walk(item.item as Rec[])
        continue
      }
      const request = item.request as Rec
      const url = request.url
      const raw = typeof url === 'string' ? url : (url as { raw?: string } | undefined)?.raw
      const scripts = ((item.event ?? []) as Rec[]).map((e) => `${String(e.listen)}: ${((e.script as Rec).exec as string[]).join('\n')}`)
      out.push(signature(String(request.method), raw ?? '', scripts))
    }
  }
  for (const c of emulator.collections(workspace)) walk(c.body.item as Rec[])
  return out.sort()
}

/** The v3 collection directories and YAML environments of a tree. */
function resourcesOf(files: Record<string, string>): { collections: string[]; environments: string[] } {
  const collections = new Set(
    Object.keys(files)
      .filter((p) => p.startsWith('postman/collections/') && p.endsWith('.yaml'))
      .map((p) => p.split('/').slice(0, 3).join('/'))
  )
  const environments = Object.keys(files).filter((p) => /^postman\/environments\/[^/]+\.environment\.yaml$/.test(p) || p.endsWith('.postman_environment.json'))
  return { collections: [...collections].sort(), environments: environments.sort() }
}

describe('every real Native Git tree, without its .postman folder', () => {
  it.each(VALID_TREES)(
    '%s pushes every HTTP request; a second run writes nothing',
    async (tree) => {
      const files = filesOf(`${CORPUS}${tree}`)
      const repo = await newRepo()
      const sha = await repo.commit(files)
      const workspace = workspaceOf(tree)
      const inputs = { workspace }

      const first = await runE2E({ emulator, repo, sha, inputs })
      expect(commandsOf(first, 'error'), first.stdout).toEqual([])
      expect(first.code, first.stdout).toBe(0)
      const plan = await readPlan(first)
      const { collections, environments } = resourcesOf(files)
      expect(plan.entries.filter((e) => e.kind === 'collection').map((e) => [e.path, e.action])).toEqual(collections.map((p) => [p, 'create']))
      expect(
        plan.entries
          .filter((e) => e.kind === 'environment')
          .map((e) => e.path)
          .sort()
      ).toEqual(environments)
      expect(emulator.collections(workspace)).toHaveLength(collections.length)

      const expected = expectedRequests(files)
      expect(expected.requests.length).toBeGreaterThan(0)
      expect(storedRequests(workspace)).toEqual(expected.requests)

      const second = await runE2E({ emulator, repo, sha, before: sha, inputs })
      expect(second.code, second.stdout).toBe(0)
      expect(writesOf(second.requests)).toEqual([])
      expect((await readPlan(second)).entries.every((e) => e.action === 'unchanged')).toBe(true)
    },
    120_000
  )

  it(`${INVALID_TREE} fails on its invalid files only, each annotated at its line and column, with zero writes`, async () => {
    const files = filesOf(`${CORPUS}${INVALID_TREE}`)
    const repo = await newRepo()
    const sha = await repo.commit(files)
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: workspaceOf(INVALID_TREE) } })
    expect(result.code).not.toBe(0)
    expect(writesOf(result.requests)).toEqual([])
    // The files Postman's own parser rejects: an unquoted `{{…}}` value.
    const invalid = Object.entries(files)
      .filter(([path, text]) => path.endsWith('.yaml') && /:\s*\{\{/.test(text))
      .map(([path]) => path)
      .sort()
    expect(invalid.length).toBeGreaterThan(0)
    const errors = commandsOf(result, 'error').filter((c) => c.properties.file !== undefined)
    expect(errors.map((c) => c.properties.file).sort()).toEqual(invalid)
    for (const error of errors) {
      const line = files[error.properties.file!]!.split('\n')[Number(error.properties.line) - 1]
      expect(line, error.properties.file).toMatch(/:\s*\{\{/)
      expect(Number(error.properties.col)).toBeGreaterThan(0)
    }
    expect((await readPlan(result)).entries.map((e) => [e.path, e.action])).toEqual([['postman/collections/API - Cloudflare', 'error']])
  }, 60_000)

  it('unsupported request kinds are skipped with one warning per file; the other requests arrive', async () => {
    const repo = await newRepo()
    const files = Object.fromEntries(Object.entries(filesOf(`${NATIVE_GIT}variants/kinds`)).map(([p, t]) => [`postman/collections/Kinds/${p}`, t]))
    const sha = await repo.commit(files)
    const result = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-kinds' } })
    expect(result.code, result.stdout).toBe(0)
    const expected = expectedRequests(files)
    expect(expected.unsupported.length).toBe(2)
    const warnings = commandsOf(result, 'warning').filter((c) => c.properties.title === 'Unsupported request kind')
    expect(warnings.map((w) => w.properties.file).sort()).toEqual(expected.unsupported)
    expect(warnings.every((w) => Number(w.properties.line) > 0)).toBe(true)
    expect(storedRequests('ws-kinds')).toEqual(expected.requests)
  }, 60_000)
})

describe('every real tree with its .postman/resources.yaml kept', () => {
  it.each(WITH_RESOURCES)(
    '%s: each mapped id the emulator does not hold is an error at its line, and nothing is created in its place',
    async (tree) => {
      const files = filesOf(`${CORPUS}${tree}`)
      const dotPostman = filesOf(`${DOT_POSTMAN}${tree}`, '.postman/')
      const repo = await newRepo()
      const sha = await repo.commit({ ...files, ...dotPostman })
      const workspace = workspaceOf(tree, '-mapped')
      // The workspace input wins over the file's (an id of the owner's account the emulator lacks).
      const result = await runE2E({ emulator, repo, sha, inputs: { workspace } })

      // The mappings of files this tree holds: `<path relative to .postman/>: <id>` lines.
      const lines = dotPostman['.postman/resources.yaml']!.split('\n')
      const inTree = (path: string): boolean => files[path] !== undefined || Object.keys(files).some((p) => p.startsWith(`${path}/`))
      const mapped = lines.flatMap((text, i) => {
        const path = /^ {4}\.\.\/(postman\/[^:]+): \S+$/.exec(text)?.[1]
        return path !== undefined && inTree(path) ? [{ line: i + 1, path }] : []
      })
      const errors = commandsOf(result, 'error').filter((c) => c.properties.file === '.postman/resources.yaml')
      expect(errors.map((e) => Number(e.properties.line)).sort((a, b) => a - b)).toEqual(mapped.map((m) => m.line))
      for (const m of mapped) expect(errors.find((e) => Number(e.properties.line) === m.line)?.message).toContain(m.path)
      if (mapped.length > 0) expect(result.code).not.toBe(0)

      // Nothing in place of a mapped resource; everything unmapped was created as without the file.
      const plan = await readPlan(result)
      const mappedPaths = new Set(mapped.map((m) => m.path))
      for (const entry of plan.entries) expect(entry.action, entry.path).toBe(mappedPaths.has(entry.path) ? 'error' : 'create')
      const { collections } = resourcesOf(files)
      expect(emulator.collections(workspace)).toHaveLength(collections.filter((p) => !mappedPaths.has(p)).length)
    },
    60_000
  )

  it('`workspace: {id: ""}` names no workspace: with the workspace input set the push goes on; without it, a clear error and no call', async () => {
    const tree = 'PostmanAcademy+UserAPI-Vinay-For-Training'
    const text = '# Use this workspace to collaborate\nworkspace:\n  id: ""\n'
    expect(readFileSync(`${DOT_POSTMAN}${tree}/resources.yaml`, 'utf8')).toContain(text)
    const repo = await newRepo()
    const sha = await repo.commit({ ...filesOf(`${CORPUS}${tree}`), '.postman/resources.yaml': text })
    const withInput = await runE2E({ emulator, repo, sha, inputs: { workspace: 'ws-empty-id' } })
    expect(withInput.code, withInput.stdout).toBe(0)
    expect(commandsOf(withInput, 'error')).toEqual([])
    expect(emulator.collections('ws-empty-id').map((c) => c.name)).toEqual(['User API Integration Tests'])

    const without = await runE2E({ emulator, repo, sha, before: sha, inputs: { workspace: '' } })
    expect(without.code).not.toBe(0)
    expect(without.requests).toEqual([])
    expect(
      commandsOf(without, 'error')
        .map((c) => c.message)
        .join('\n')
    ).toMatch(/No workspace to sync with: set the 'workspace' input, or name one in \.postman\/resources\.yaml/)
  }, 60_000)
})

describe('drift of a real tree without state', () => {
  it('in a shallow checkout, the directory at the base commit decides: the directory at the base commit decides: an update when only the repository moved, a conflict when Postman moved too', async () => {
    const tree = 'DannyDainton+library-api'
    const DIR = 'postman/collections/Library API'
    const files = filesOf(`${CORPUS}${tree}`)
    const repo = await newRepo()
    const workspace = 'ws-base-commit'
    const inputs = { workspace, state: 'off', 'on-conflict': 'skip' }
    const first = await repo.commit(files)
    expect((await runE2E({ emulator, repo, sha: first, inputs })).code).toBe(0)
    const uid = emulator.collections(workspace)[0]!.uid

    // The repository moves alone; actions/checkout's depth-1 clone lacks the base commit.
    const added = `${DIR}/Count books.request.yaml`
    const second = await repo.commit({ [added]: '$kind: http-request\nurl: "{{baseUrl}}/books/count"\nmethod: GET\n' })
    const shallow = (name: string): string => {
      const dir = join(repo.dir, '..', name)
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.origin}`, dir])
      return dir
    }
    const moved = await runE2E({ emulator, repo: { ...repo, dir: shallow('shallow-1') }, sha: second, before: first, inputs })
    expect(moved.code, moved.stdout).toBe(0)
    expect((await readPlan(moved)).entries.filter((e) => e.kind === 'collection').map((e) => [e.path, e.action])).toEqual([[DIR, 'update']])
    expect(writesOf(moved.requests).map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /collections/${uid}`])
    expect(storedRequests(workspace)).toEqual(
      expectedRequests({ ...files, [added]: '$kind: http-request\nurl: "{{baseUrl}}/books/count"\nmethod: GET\n' }).requests
    )

    // Postman moves as well: it no longer equals the directory at the base.
    emulator.editCollection(uid, (body) => {
      body.item[0].name = 'Edited in Postman'
    })
    const third = await repo.commit({ [added]: '$kind: http-request\nurl: "{{baseUrl}}/books/total"\nmethod: GET\n' })
    const drifted = await runE2E({ emulator, repo: { ...repo, dir: shallow('shallow-2') }, sha: third, before: second, inputs })
    expect(drifted.code, drifted.stdout).toBe(0)
    const entry = (await readPlan(drifted)).entries.find((e) => e.path === DIR)
    expect(entry).toMatchObject({ action: 'conflict', reason: expect.stringMatching(/base commit: it was changed in Postman/) })
    expect(writesOf(drifted.requests)).toEqual([])
  }, 120_000)
})
