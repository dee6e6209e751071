/**
 * Helpers of the fault, workflow, bad-input and security end-to-end tests: the built action
 * (`dist/index.js`) run as the runner runs it, against one Postman API emulator per test file,
 * each test in a workspace of its own so tests cannot see each other's resources.
 *
 * Every run uses distinctive secrets (API key, GitHub token) and a loopback stand-in for the
 * GitHub API, so a test can grep every byte the action produced — and every byte it sent — for them.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { readdir, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { startSampleApi, type SampleApi } from '../../emulator/sample-api.js'
import { startEmulator, type Emulator, type EmulatorOptions, type LoggedRequest } from '../../emulator/server.js'
import { runAction, type ActionRunResult } from '../../scripts/lib/run-action.js'
import { listenOnLoopback } from '../runs/loopback.js'
import { commandsOf, writesOf, ZERO_SHA, type PlanEntryView } from './helpers.js'
import { createTempRepo, asFile, type TempRepo } from './repo.js'

export { asFile, commandsOf, writesOf, ZERO_SHA, type PlanEntryView }

/** A Postman API key in the documented form (`PMAK-` + 24 hex + `-` + 34 hex), found nowhere else. */
export const API_KEY = 'PMAK-e2efa17e2efa17e2efa17e2e-fa17e2efa17e2efa17e2efa17e2efa17e2'
/** A GitHub installation token in GitHub's form; distinctive so a grep means something. */
export const GITHUB_TOKEN = 'ghs_E2eFaultsToken0123456789abcdefABCDEFxyz'
/** The repository the stand-in GitHub API serves. */
export const REPOSITORY = 'octo/faults'

/** One call the GitHub stand-in received (the body raw, so it can be grepped). */
export interface GitHubCall {
  method: string
  path: string
  body: string
}

/** A loopback GitHub API: accepts check runs and comments, serves nothing else (404). */
export interface GitHubStandIn {
  url: string
  calls: GitHubCall[]
  close(): Promise<void>
}

/** Starts the GitHub stand-in on 127.0.0.1 (ephemeral port). */
export async function startGitHub(): Promise<GitHubStandIn> {
  const calls: GitHubCall[] = []
  let nextId = 9000
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!
      const method = req.method ?? 'GET'
      calls.push({ method, path, body: Buffer.concat(chunks).toString('utf8') })
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify(payload))
      }
      if (method === 'POST' && /\/check-runs$/.test(path)) return send(201, { id: nextId++, html_url: 'https://github.test/checks/1' })
      if (method === 'PATCH' && /\/check-runs\/\d+$/.test(path)) return send(200, { id: Number(path.split('/').pop()) })
      if (method === 'GET' && /\/issues\/\d+\/comments$/.test(path)) return send(200, [])
      if (method === 'POST' && /\/issues\/\d+\/comments$/.test(path))
        return send(201, { id: nextId++, body: '', user: { login: 'github-actions[bot]', type: 'Bot' } })
      send(404, { message: 'Not Found' })
    })
  })
  return { ...(await listenOnLoopback(server)), calls }
}

/** Rate windows so wide that pacing never waits: these tests count calls, not time. */
export const GENEROUS_LIMITS: EmulatorOptions = { rateLimit: { limit: 1_000_000, windowMs: 60_000 }, listRateLimit: { limit: 1_000_000, windowMs: 10_000 } }

/** One emulator and one GitHub stand-in per test file; each test takes a fresh workspace. */
export interface World {
  emu: Emulator
  gh: GitHubStandIn
  /** A workspace no other test of this file has used. */
  nextWorkspace(): string
  /**
   * Secret values a test planted in Postman (by label): no byte the action produces may hold
   * them. (The API key, the GitHub token and `env-vars` values are always checked.)
   */
  postmanSecrets: Record<string, string>
  /** Temporary directories (repositories, runner temps) removed by `close()`. */
  temporary: string[]
  close(): Promise<void>
}

/** Starts a world with `workspaces` empty workspaces (`ws-1` … `ws-N`). */
export async function startWorld(options: EmulatorOptions = {}, workspaces = 30): Promise<World> {
  const ids = Array.from({ length: workspaces }, (_, i) => `ws-${i + 1}`)
  const emu = await startEmulator({
    ...GENEROUS_LIMITS,
    apiKeys: [API_KEY],
    workspaces: ids.map((id) => ({ id, name: `Workspace ${id}`, type: 'team' })),
    ...options
  })
  const gh = await startGitHub()
  let used = 0
  const temporary: string[] = []
  return {
    emu,
    gh,
    postmanSecrets: {},
    temporary,
    nextWorkspace() {
      if (used >= ids.length) throw new Error('startWorld: out of workspaces; ask for more')
      return ids[used++]!
    },
    async close() {
      await emu.close()
      await gh.close()
      await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })))
    }
  }
}

/** A repository with files committed, and the workspace it syncs with. */
export interface Scenario {
  world: World
  repo: TempRepo
  workspace: string
  /** Every commit sha, oldest first. */
  shas: string[]
}

/** A fresh repository holding `files` (one commit), bound to a fresh workspace. */
export async function scenario(world: World, files: Record<string, string>): Promise<Scenario> {
  const repo = await createTempRepo()
  world.temporary.push(dirname(repo.dir))
  const sha = await repo.commit(files, 'Postman files')
  return { world, repo, workspace: world.nextWorkspace(), shas: [sha] }
}

/** Commits more changes to the scenario's repository (and its origin); returns the new sha. */
export async function commit(s: Scenario, files: Record<string, string | null>, message = 'change'): Promise<string> {
  const sha = await s.repo.commit(files, message)
  s.shas.push(sha)
  return sha
}

/** Options of one run; everything defaults to a push of the latest commit to the default branch. */
export interface RunOptions {
  inputs?: Record<string, string>
  eventName?: string
  event?: Record<string, unknown>
  sha?: string
  ref?: string
  env?: Record<string, string>
  /** Files the run writes outside its runner temp directory (a JUnit report), for the leak check. */
  producedFiles?: string[]
}

/** One run's result and the emulator requests made while it ran. */
export interface RunResult extends ActionRunResult {
  requests: LoggedRequest[]
  /** The GitHub stand-in calls made while it ran. */
  githubCalls: GitHubCall[]
}

/** A `push` event as GitHub sends it. */
export function pushEvent(sha: string, before: string, ref = 'refs/heads/main'): Record<string, unknown> {
  return { ref, before, after: sha, repository: { default_branch: 'main', full_name: REPOSITORY } }
}

/** Inputs every run starts from: the emulator, the test key and token, this scenario's workspace. */
export function baseInputs(s: Scenario): Record<string, string> {
  return { 'postman-api-key': API_KEY, 'api-url': s.world.emu.url, workspace: s.workspace, 'github-token': GITHUB_TOKEN }
}

/**
 * Runs the built action once. Default: a push of the latest commit to `main` whose `before` is
 * the commit before it (none for the first). Emulator and GitHub calls are cut to this run's own —
 * exact as long as runs of one world do not overlap (two overlapping runs see each other's calls).
 */
export async function run(s: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const sha = options.sha ?? s.shas[s.shas.length - 1]
  const index = s.shas.indexOf(sha!)
  const before = index > 0 ? s.shas[index - 1] : ZERO_SHA
  const ref = options.ref ?? 'refs/heads/main'
  const emuMark = s.world.emu.log.length
  const ghMark = s.world.gh.calls.length
  const result = await runAction({
    workspace: s.repo.dir,
    eventName: options.eventName ?? 'push',
    event: options.event ?? pushEvent(sha!, before!, ref),
    sha,
    ref,
    repository: REPOSITORY,
    inputs: { ...baseInputs(s), ...options.inputs },
    env: { GITHUB_API_URL: s.world.gh.url, GITHUB_SERVER_URL: 'https://github.test', ...options.env }
  })
  s.world.temporary.push(result.runnerTemp)
  const done: RunResult = { ...result, requests: s.world.emu.log.slice(emuMark), githubCalls: s.world.gh.calls.slice(ghMark) }
  await assertNothingLeaked(s, done, options)
  return done
}

/**
 * Every run of every scenario is checked: no byte the action produced (or uploaded to the
 * workspace) holds the API key, the GitHub token, an `env-vars` value or a planted Postman secret.
 */
async function assertNothingLeaked(s: Scenario, result: RunResult, options: RunOptions): Promise<void> {
  const secrets: Record<string, string> = { 'the API key': API_KEY, 'the GitHub token': GITHUB_TOKEN }
  for (const line of (options.inputs?.['env-vars'] ?? '').split(/\r?\n/)) {
    const eq = line.indexOf('=')
    const value = eq === -1 ? '' : line.slice(eq + 1).trim()
    if (value.length >= 6) secrets[`the env-vars value of ${line.slice(0, eq).trim()}`] = value
  }
  const produced = leakedSecrets(await producedBytes(result, options.producedFiles ?? []), { ...secrets, ...s.world.postmanSecrets })
  const uploaded = leakedSecrets(uploadedBytes(s.world.emu, s.workspace), secrets)
  if (produced.length > 0 || uploaded.length > 0) {
    throw new Error(
      `Leaked: ${[...produced.map((l) => `${l} in the action's output`), ...uploaded.map((l) => `${l} uploaded to Postman`)].join(', ')}\n${transcript(result)}`
    )
  }
}

/** `METHOD path status` per request. */
export const lines = (requests: LoggedRequest[]): string[] => requests.map((r) => `${r.method} ${r.path} ${r.status}`)

/** The plan JSON the `plan` output names, or `undefined` when the run wrote none. */
export async function readPlan(result: ActionRunResult): Promise<
  | {
      mode: string
      writesSkipped: string | null
      entries: PlanEntryView[]
      unclaimed: Array<{ kind: string; name: string; uid: string }>
      quotaRemaining: number | null
    }
  | undefined
> {
  if (!result.outputs.plan) return undefined
  return JSON.parse(await readFile(result.outputs.plan, 'utf8'))
}

/** path → action, for compact assertions. */
export const actionsOf = (entries: PlanEntryView[] | undefined): Record<string, string> => Object.fromEntries((entries ?? []).map((e) => [e.path, e.action]))

/** For failure messages: what the action printed. */
export const transcript = (r: ActionRunResult): string => `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`

// ---------------------------------------------------------------------------------------------
// Files

/** A request of a test collection: `[name, method, url]`. */
export type RequestSpec = [string, string, string]

/** A v2.1.0 collection export with the given requests, optionally with test scripts. */
export function collection(name: string, requests: RequestSpec[], opts: { id?: string; tests?: Record<string, string[]> } = {}): Record<string, unknown> {
  return {
    info: {
      _postman_id: opts.id ?? idFor(name),
      name,
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'
    },
    item: requests.map(([requestName, method, url]) => ({
      name: requestName,
      ...(opts.tests?.[requestName] ? { event: [{ listen: 'test', script: { type: 'text/javascript', exec: opts.tests[requestName] } }] } : {}),
      request: { method, header: [], url },
      response: []
    }))
  }
}

/** An environment export; `[key, value]` or `[key, value, type]`. */
export function environment(name: string, values: Array<[string, string] | [string, string, string]>): Record<string, unknown> {
  return {
    id: idFor(`env ${name}`),
    name,
    values: values.map(([key, value, type]) => ({ key, value, type: type ?? 'default', enabled: true })),
    _postman_variable_scope: 'environment',
    _postman_exported_at: '2026-11-23T12:00:00.000Z',
    _postman_exported_using: 'Postman/11.20.0'
  }
}

/** A stable, name-derived uuid, as an exporter would have assigned once. */
function idFor(name: string): string {
  let h = 0x811c9dc5
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
  const hex = h.toString(16).padStart(8, '0')
  return `${hex}-e2e0-4000-8000-${hex}${hex.slice(0, 4)}`
}

/** The three files most fault tests push: two collections and an environment. */
export function standardFiles(version = 1): Record<string, string> {
  return {
    'postman/users.postman_collection.json': asFile(
      collection('Users', [
        ['List users', 'GET', `https://api.example.test/v${version}/users`],
        ['Get user', 'GET', `https://api.example.test/v${version}/users/1`]
      ])
    ),
    'postman/orders.postman_collection.json': asFile(
      collection('Orders', [
        ['List orders', 'GET', `https://api.example.test/v${version}/orders`],
        ['Create order', 'POST', `https://api.example.test/v${version}/orders`]
      ])
    ),
    'postman/staging.postman_environment.json': asFile(environment('Staging', [['baseUrl', `https://staging.example.test/v${version}`]]))
  }
}

// ---------------------------------------------------------------------------------------------
// What Postman holds, compared with what the repository says

/** A collection reduced to what a user would check: its requests, by path, with method and URL. */
export function describeCollection(body: { item?: unknown[] }): string[] {
  const out: string[] = []
  const walk = (items: unknown[], prefix: string): void => {
    for (const raw of items) {
      const item = raw as { name: string; item?: unknown[]; request?: { method?: string; url?: string | { raw?: string } } }
      const path = `${prefix}${item.name}`
      if (item.item) walk(item.item, `${path}/`)
      else {
        const url = item.request?.url
        out.push(`${path} ${item.request?.method ?? 'GET'} ${typeof url === 'string' ? url : (url?.raw ?? '')}`)
      }
    }
  }
  walk(body.item ?? [], '')
  return out.sort()
}

/** The state a workspace should hold: collection name → requests, environment name → non-secret values. */
export interface WorkspaceView {
  collections: Record<string, string[]>
  environments: Record<string, Record<string, string>>
}

const STATE_ENVIRONMENT = 'Postman Sync state'

/** What the emulator holds in `workspace` (the action's own state environment left out). Throws on a duplicate name. */
export function remoteView(emu: Emulator, workspace: string): WorkspaceView {
  const view: WorkspaceView = { collections: {}, environments: {} }
  for (const c of emu.collections(workspace)) {
    if (c.name in view.collections) throw new Error(`duplicate collection '${c.name}' in ${workspace}`)
    view.collections[c.name] = describeCollection(c.body)
  }
  for (const e of emu.environments(workspace)) {
    if (e.name === STATE_ENVIRONMENT) continue
    if (e.name in view.environments) throw new Error(`duplicate environment '${e.name}' in ${workspace}`)
    view.environments[e.name] = envValues(e.body.values)
  }
  return view
}

/** What the repository's files describe. */
export function localView(files: Record<string, string | null>): WorkspaceView {
  const view: WorkspaceView = { collections: {}, environments: {} }
  for (const [path, text] of Object.entries(files)) {
    if (text === null) continue
    const body = JSON.parse(text)
    if (path.endsWith('.postman_collection.json')) view.collections[body.info.name] = describeCollection(body)
    else if (path.endsWith('.postman_environment.json')) view.environments[body.name] = envValues(body.values)
  }
  return view
}

function envValues(values: unknown[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const raw of values as Array<{ key: string; value?: unknown; type?: string }>) {
    if (raw.type !== 'secret') out[raw.key] = String((raw.value as string | number | boolean | undefined) ?? '') // environment values are scalars
  }
  return out
}

/** Number of resources named `name` in the workspace (a duplicate shows as 2). */
export function countNamed(emu: Emulator, workspace: string, name: string): number {
  return emu.collections(workspace).filter((c) => c.name === name).length + emu.environments(workspace).filter((e) => e.name === name).length
}

// ---------------------------------------------------------------------------------------------
// Secrets

/**
 * Every byte a run produced, as text: stdout (without `::add-mask::` lines, which the runner
 * consumes and never shows), stderr, the summary, the outputs, every file under its runner temp
 * directory, every body sent to the GitHub stand-in, and `extraFiles` (a JUnit report).
 */
export async function producedBytes(result: RunResult, extraFiles: string[] = []): Promise<string> {
  const stdout = result.stdout
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
  const parts = [stdout, result.stderr, result.summary, JSON.stringify(result.outputs)]
  for (const entry of await readdir(result.runnerTemp, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(await readFile(join(entry.parentPath, entry.name), 'utf8'))
  }
  for (const call of result.githubCalls) parts.push(call.body)
  for (const file of extraFiles) parts.push(await readFile(file, 'utf8'))
  return parts.join('\n')
}

/** Everything the emulator stores in `workspace`, as text: what the action uploaded. */
export function uploadedBytes(emu: Emulator, workspace: string): string {
  return JSON.stringify([emu.collections(workspace), emu.environments(workspace)])
}

/**
 * The secrets found in `text`, each also looked for in every form a value travels in: URL- and
 * form-encoded (either hex case), JSON-escaped, base64 and base64url, and inside any base64 run
 * whose decoding holds it (a Basic credential `user:value`, for any user). Returns the labels
 * found, so a failure says which one.
 */
export function leakedSecrets(text: string, secrets: Record<string, string>): string[] {
  const found: string[] = []
  const decodedRuns = decodeBase64Runs(text)
  for (const [label, value] of Object.entries(secrets)) {
    const percent = encodeURIComponent(value)
    const form = new URLSearchParams({ v: value }).toString().slice(2)
    const lower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())
    const forms = [
      value,
      percent,
      lower(percent),
      form,
      lower(form),
      JSON.stringify(value).slice(1, -1),
      Buffer.from(value).toString('base64').replace(/=+$/, ''),
      Buffer.from(value).toString('base64url')
    ]
    if (forms.some((f) => text.includes(f)) || decodedRuns.some((decoded) => decoded.includes(value))) found.push(label)
  }
  return found
}

/** Every base64/base64url run of 12+ characters decoded at its four alignments. */
function decodeBase64Runs(text: string): string[] {
  const out: string[] = []
  for (const run of new Set(text.match(/[A-Za-z0-9+/_-]{12,}/g) ?? [])) {
    const plain = run.replace(/-/g, '+').replace(/_/g, '/')
    for (let shift = 0; shift < 4; shift++) out.push(Buffer.from(plain.slice(shift), 'base64').toString('utf8'))
  }
  return out
}

/** The `::add-mask::` values a run registered with the runner. */
export const maskedValues = (result: ActionRunResult): string[] =>
  result.stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length))

// ---------------------------------------------------------------------------------------------
// A forwarder in front of the emulator, for faults the emulator cannot make itself

/** What the forwarder does with one request. */
export type ForwardAction =
  /**
   * Pass it on; with `delayMs`, hold the answer back that long (the emulator has applied it); with
   * `hold`, until that promise settles; with `after`, pass it on only once that promise settles
   * (a barrier that makes two runs overlap for sure).
   */
  | { forward: true; delayMs?: number; hold?: Promise<void>; after?: Promise<void> }
  /** Answer it here; the emulator never sees it. */
  | { answer: { status: number; headers?: Record<string, string>; body: string } }

/** One request as the forwarder saw it. */
export interface ForwardedRequest {
  method: string
  path: string
  /** What the forwarder did: `forwarded`, `delayed`, `answered <status>`. */
  outcome: string
}

/** A loopback forwarder to `target` whose behaviour a test sets per request. */
export interface Forwarder {
  url: string
  log: ForwardedRequest[]
  /** Decides per request; default: forward. */
  decide: (req: { method: string; path: string; index: number }) => ForwardAction
  /** Stops listening and drops every connection: from now on, connections are refused. */
  stop(): Promise<void>
  /** Listens again on the same port. */
  restart(): Promise<void>
  close(): Promise<void>
}

/** Starts a forwarder on 127.0.0.1 to `target` (the emulator's URL). */
export async function startForwarder(target: string): Promise<Forwarder> {
  const upstream = new URL(target)
  const sockets = new Set<import('node:net').Socket>()
  let index = 0
  const state: Forwarder = {
    url: '',
    log: [],
    decide: () => ({ forward: true }),
    stop: () => Promise.resolve(),
    restart: () => Promise.resolve(),
    close: () => Promise.resolve()
  }
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET'
    const path = (req.url ?? '/').split('?')[0]!
    const action = state.decide({ method, path, index: index++ })
    const entry: ForwardedRequest = { method, path, outcome: 'forwarded' }
    state.log.push(entry)
    if ('answer' in action) {
      entry.outcome = `answered ${action.answer.status}`
      req.resume()
      req.on('end', () => {
        res.writeHead(action.answer.status, { 'content-type': 'application/json; charset=utf-8', ...action.answer.headers })
        res.end(action.answer.body)
      })
      return
    }
    if (action.delayMs || action.hold || action.after) entry.outcome = 'delayed'
    if (action.after) {
      // Buffer the body meanwhile, so the client's upload completes as it would.
      req.pause()
      void action.after.then(() => forward(req, res, action))
      return
    }
    forward(req, res, action)
  })

  function forward(req: http.IncomingMessage, res: http.ServerResponse, action: Extract<ForwardAction, { forward: true }>): void {
    const method = req.method ?? 'GET'
    const out = http.request({ host: upstream.hostname, port: upstream.port, method, path: req.url, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = []
      answer.on('data', (c: Buffer) => chunks.push(c))
      answer.on('end', () => {
        const send = (): void => {
          if (res.destroyed) return // the client gave up waiting: nobody to answer
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          res.end(Buffer.concat(chunks))
        }
        if (action.hold) void action.hold.then(send, send)
        else if (action.delayMs) setTimeout(send, action.delayMs).unref()
        else send()
      })
    })
    // The emulator dropped the connection (a reset fault): drop ours too.
    out.on('error', () => req.socket.destroy())
    req.pipe(out)
    req.resume()
  }
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
  await listen(0)
  const port = (server.address() as AddressInfo).port
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve()
      server.close(() => resolve())
      for (const s of sockets) s.destroy()
    })
  state.url = `http://127.0.0.1:${port}`
  state.stop = stop
  state.restart = () => listen(port)
  state.close = stop
  return state
}

/** The body and headers of Postman's monthly-quota refusal (429 `serviceLimitExhausted`, docs/postman-api.md), as the legacy family sends it. */
export const QUOTA_EXHAUSTED: ForwardAction = {
  answer: {
    status: 429,
    headers: { 'X-RateLimit-Limit-Month': '1000', 'X-RateLimit-Remaining-Month': '0' },
    body: JSON.stringify({
      error: { name: 'serviceLimitExhausted', message: 'Postman API service limits reached. You will need to contact your Postman Team Admin.' }
    })
  }
}

/** One annotation, wherever it went: a workflow command or the check run. */
export interface AnnotationView {
  level: string
  file?: string
  title?: string
  message: string
}

/**
 * Every annotation of a run: `::error`/`::warning`/`::notice` commands and the check run's
 * annotations (with a token that may write checks, file annotations go there instead).
 */
export function annotationsOf(result: RunResult): AnnotationView[] {
  const out: AnnotationView[] = result.commands
    .filter((c) => c.command === 'error' || c.command === 'warning' || c.command === 'notice')
    .map((c) => ({ level: c.command, file: c.properties.file, title: c.properties.title, message: c.message }))
  for (const call of result.githubCalls) {
    if (!/\/check-runs/.test(call.path)) continue
    const body = JSON.parse(call.body) as { output?: { annotations?: Array<{ annotation_level: string; path: string; title?: string; message: string }> } }
    for (const a of body.output?.annotations ?? []) {
      out.push({ level: a.annotation_level === 'failure' ? 'error' : a.annotation_level, file: a.path, title: a.title, message: a.message })
    }
  }
  return out
}

/** Checks the scenario's working tree out at `sha` (what a re-run of that commit's workflow sees). */
export function checkout(s: Scenario, sha: string): void {
  s.repo.git('checkout', '-q', sha)
}

/**
 * A barrier for `parties` requests: each call returns a promise that settles once `parties`
 * calls were made (or after `timeoutMs`, so a run that never arrives cannot hang the test).
 */
export function barrier(parties: number, timeoutMs = 20_000): () => Promise<void> {
  let arrived = 0
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  setTimeout(() => open(), timeoutMs).unref()
  return () => {
    if (++arrived >= parties) open()
    return opened
  }
}

/**
 * A world and the sample API for one test file: started before its tests, closed after. The
 * handle's fields are set once `beforeAll` has run.
 */
export function useWorldWithSampleApi(): { world: World; sample: SampleApi } {
  const servers = {} as { world: World; sample: SampleApi }
  beforeAll(async () => {
    servers.world = await startWorld()
    servers.sample = await startSampleApi()
  })
  afterAll(async () => {
    await servers.world?.close()
    await servers.sample?.close()
  })
  return servers
}
