/**
 * Shared helpers for the end-to-end tests: the built action (`dist/index.js`) run against the
 * Postman API emulator with a temporary git repository. Generic on purpose, so every e2e file can
 * build its scenario from the same few pieces: an event payload, one run with sensible inputs,
 * the slice of the emulator's request log that run made, and every byte the run produced.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULT_API_KEY, startEmulator, type Emulator, type LoggedRequest } from '../../emulator/server.js'
import { runAction, type ActionRunResult } from '../../scripts/lib/run-action.js'
import { createTempRepo, type TempRepo } from './repo.js'

/** GitHub's "no commit" sha (a new branch's or a new tag's `before`). */
export const ZERO_SHA = '0000000000000000000000000000000000000000'

/** Methods that change something in Postman. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** A `push` event payload as GitHub sends it (the fields the action reads). */
export function pushEvent(sha: string, before: string = ZERO_SHA, ref = 'refs/heads/main'): Record<string, unknown> {
  return { ref, before, after: sha, repository: { default_branch: 'main', full_name: 'octo-org/octo-repo' } }
}

/** A `pull_request` event payload; `fork` makes the head repository another one. */
export function pullRequestEvent(opts: { baseSha: string; headSha: string; number?: number; fork?: boolean }): Record<string, unknown> {
  const base = { full_name: 'octo-org/octo-repo', fork: false }
  const head = opts.fork ? { full_name: 'someone/octo-repo', fork: true } : base
  return {
    action: 'synchronize',
    number: opts.number ?? 7,
    pull_request: { number: opts.number ?? 7, head: { sha: opts.headSha, ref: 'feature', repo: head }, base: { sha: opts.baseSha, ref: 'main', repo: base } },
    repository: { default_branch: 'main', full_name: 'octo-org/octo-repo' }
  }
}

/**
 * An emulator with these team workspaces (one per story, so stories cannot see each other's
 * resources) and a list window wide enough that runs in a row are not paced.
 */
export function startWorkspacesEmulator(workspaces: Array<{ id: string; name: string }>): Promise<Emulator> {
  return startEmulator({ workspaces: workspaces.map((w) => ({ ...w, type: 'team' })), listRateLimit: { limit: 100, windowMs: 10_000 } })
}

/** The temporary repositories of one test file: `newRepo()` makes one, `removeAll()` removes them all. */
export function repoPool(): { newRepo: () => Promise<TempRepo>; removeAll: () => Promise<void> } {
  const repos: TempRepo[] = []
  return {
    newRepo: async () => {
      const repo = await createTempRepo()
      repos.push(repo)
      return repo
    },
    removeAll: async () => {
      for (const repo of repos) await repo.remove()
    }
  }
}

/** What one e2e run needs; everything but the emulator, repository and sha has a default. */
export interface E2ERun {
  emulator: Emulator
  repo: TempRepo
  /** `GITHUB_SHA`. */
  sha: string
  /** Push `before` (default: none, a zero sha). Ignored when `event` is given. */
  before?: string
  /** Default `push`. */
  eventName?: string
  /** Default: a push of `sha` to `ref`. */
  event?: Record<string, unknown>
  /** Default `refs/heads/main`. */
  ref?: string
  /** Merged over the defaults (emulator URL and key, `ws-main`, no check run, no comment). */
  inputs?: Record<string, string>
  env?: Record<string, string>
}

/** One run's result plus the requests the emulator saw during it. */
export interface E2EResult extends ActionRunResult {
  /** The emulator's log entries for this run only. */
  requests: LoggedRequest[]
}

/** Inputs every run starts from: the emulator, its key, the default workspace, no GitHub API. */
export function defaultInputs(emulator: Emulator): Record<string, string> {
  return {
    'postman-api-key': DEFAULT_API_KEY,
    'api-url': emulator.url,
    workspace: 'ws-main',
    'check-run': 'false',
    comment: 'off'
  }
}

/** Runs `dist/index.js` once and cuts the emulator log down to this run's requests. */
export async function runE2E(run: E2ERun): Promise<E2EResult> {
  const ref = run.ref ?? 'refs/heads/main'
  const mark = run.emulator.log.length
  const result = await runAction({
    workspace: run.repo.dir,
    eventName: run.eventName ?? 'push',
    event: run.event ?? pushEvent(run.sha, run.before, ref),
    sha: run.sha,
    ref,
    inputs: { ...defaultInputs(run.emulator), ...run.inputs },
    env: run.env
  })
  return { ...result, requests: run.emulator.log.slice(mark) }
}

/** `METHOD path` per request (status left out, so retries show as repeats). */
export const requestLines = (requests: LoggedRequest[]): string[] => requests.map((r) => `${r.method} ${r.path}`)

/** The requests that change something in Postman. */
export const writesOf = (requests: LoggedRequest[]): LoggedRequest[] => requests.filter((r) => WRITE_METHODS.has(r.method))

/** Workflow commands of one kind (`error`, `warning`, `notice`). */
export const commandsOf = (result: ActionRunResult, command: string): ActionRunResult['commands'] => result.commands.filter((c) => c.command === command)

/** The plan JSON the `plan` output names. */
export async function readPlan(
  result: ActionRunResult
): Promise<{ mode: string; writesSkipped: string | null; entries: PlanEntryView[]; unclaimed: unknown[]; apiCalls: number }> {
  if (!result.outputs.plan) throw new Error(`no plan output; outputs: ${JSON.stringify(result.outputs)}\n${result.stdout}`)
  return JSON.parse(await readFile(result.outputs.plan, 'utf8'))
}

/** A plan entry as the plan JSON holds it. */
export interface PlanEntryView {
  kind: string
  path: string
  name: string
  action: string
  uid?: string
  reason?: string
  diff?: { added?: string[]; removed?: string[]; changed?: Array<{ path: string; aspects: string[] }> | string[]; collection?: string[] }
  remoteCopy?: string
}

/** path → action, for compact assertions. */
export const actionsOf = (entries: PlanEntryView[]): Record<string, string> => Object.fromEntries(entries.map((e) => [e.path, e.action]))

/**
 * Every byte a run produced, as text: stdout, stderr, the summary, the outputs, and every file
 * under its runner temp directory (plan, report, conflict copies, event, output file), plus any
 * `extraFiles`. A secret found here leaked. The `::add-mask::` commands are left out (see below).
 */
export async function allBytes(result: ActionRunResult, extraFiles: string[] = []): Promise<string> {
  // `::add-mask::<value>` is the one line that must carry a secret: the runner consumes it and
  // shows nothing. Every other line counts.
  const shown = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
  const parts = [shown, result.stderr, result.summary, JSON.stringify(result.outputs)]
  for (const entry of await readdir(result.runnerTemp, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(await readFile(join(entry.parentPath, entry.name), 'utf8'))
  }
  for (const file of extraFiles) parts.push(await readFile(file, 'utf8'))
  return parts.join('\n')
}

/** A minimal v2.1.0 collection: `requests` maps a request name to its URL (GET). */
export function collection(name: string, requests: Record<string, string>, opts: { id?: string; folder?: string } = {}): Record<string, unknown> {
  const items = Object.entries(requests).map(([requestName, url]) => ({
    name: requestName,
    request: { method: 'GET', header: [], url },
    response: []
  }))
  return {
    info: {
      _postman_id:
        opts.id ??
        `00000000-0000-4000-8000-${name
          .replace(/[^a-z0-9]/gi, '')
          .toLowerCase()
          .padEnd(12, '0')
          .slice(0, 12)}`,
      name,
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'
    },
    item: opts.folder ? [{ name: opts.folder, item: items }] : items
  }
}

/** Alpha, one request (plus `extra`), as most sync stories start from. */
export const alpha = (extra: Record<string, string> = {}): Record<string, unknown> =>
  collection('Alpha', { 'List things': 'https://api.example.test/things', ...extra })

/** Beta, one request (plus `extra`). */
export const beta = (extra: Record<string, string> = {}): Record<string, unknown> => collection('Beta', { 'Get one': 'https://api.example.test/one', ...extra })

/** An environment export; each value is `[key, value]` or `[key, value, type]`. */
export function environment(name: string, values: Array<[string, string] | [string, string, string]>, id?: string): Record<string, unknown> {
  return {
    ...(id ? { id } : {}),
    name,
    values: values.map(([key, value, type]) => ({ key, value, type: type ?? 'default', enabled: true })),
    _postman_variable_scope: 'environment',
    _postman_exported_at: '2026-11-23T12:00:00.000Z',
    _postman_exported_using: 'Postman/11.20.0'
  }
}

/**
 * Every item id in a stored collection, keyed by its folder path (`Folder/Request`), and every
 * saved response's id (`Folder/Request#Response`).
 */
export function itemIds(body: { item?: unknown[] }): Record<string, string> {
  const ids: Record<string, string> = {}
  const walk = (items: unknown[], prefix: string): void => {
    for (const raw of items) {
      const item = raw as { name: string; id?: string; item?: unknown[]; response?: Array<{ name: string; id?: string }> }
      const path = `${prefix}${item.name}`
      if (item.id) ids[path] = item.id
      for (const response of item.response ?? []) if (response.id) ids[`${path}#${response.name}`] = response.id
      if (item.item) walk(item.item, `${path}/`)
    }
  }
  walk(body.item ?? [], '')
  return ids
}
