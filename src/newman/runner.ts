/**
 * Runs the selected collections with the bundled newman library (docs/architecture.md#runs-and-findings): the shard slice,
 * `wait-for` first, `parallel` at a time, credentials out of the environment while scripts run,
 * each collection's log in its own guarded group, every failure collected as data.
 */
import type newman from 'newman'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ActionError } from '../errors.js'
import type { Finding } from '../model/finding.js'
import { MAX_EXCHANGES, type CollectionRun, type RequestExchange, type RunsResult, type TestCase } from '../model/runs.js'
import { systemClock, type Clock } from '../util/clock.js'
import { isV3Run, readRunnableCollection, type RunnableCollection, type V3CollectionRun } from './v3-collection.js'
import { toV3Findings } from './v3-findings.js'
import type { ReadV3Result } from '../discovery/native-git/read-collection.js'
import { readV3EnvironmentInput } from './v3-environment.js'
import { isV3EnvironmentPath } from '../discovery/native-git/read-environment.js'
import { scrubEnvironment } from './env-scrub.js'
import { guardRunFileAccess, isReadableByRun } from './file-guard.js'
import { buildExcerpt, type RequestLike, type ResponseLike } from './excerpt.js'
import { PATH_SEPARATOR, toFindings, type FailureRecord } from './findings.js'
import { createRedactor, redactUrl, type Redactor } from '../util/redact.js'
import { coreRunLog, type RunLog } from './run-log.js'
import { selectShard } from './shard.js'
import { waitForUrl, type Probe } from './wait-for.js'
import { pool } from '../util/pool.js'
import { environmentType } from '../content/normalize.js'
import { plural } from '../util/plural.js'

export { selectShard } from './shard.js'

/** What to run and how. Built once by the orchestrator from `Settings`; no field is re-defaulted here. */
export interface RunOptions {
  /** The repository root every path is relative to. */
  root: string
  /** Repository-relative paths of the collections to run (already selected by `run-collections`). */
  collections: string[]
  /** Repository-relative environment file (`run-environment`). */
  environment?: string
  /** Repository-relative globals file (`globals`). */
  globals?: string
  /** `env-vars`: secret overrides, masked, never written anywhere. */
  envVars: Record<string, string>
  /** newman `iterationCount`; undefined = data length or 1. */
  iterationCount?: number
  /** Repository-relative iteration data file (CSV or JSON). */
  iterationData?: string
  /** Folder (or request) names to run; empty = the whole collection. */
  folder: string[]
  /** Stop a collection's run at its first failure. */
  bail: boolean
  /** Skip TLS verification. */
  insecure: boolean
  /** Per-request timeout, ms (the input's default is 30000). */
  timeoutRequest: number
  /** Budget for all the runs together, ms. */
  timeout: number
  /** Collections run at once (≥ 1). */
  parallel: number
  /** URL polled before the first run. */
  waitFor?: string
  /** How long `waitFor` may take, ms. */
  waitTimeout: number
  /** This job's slice (1-based index). */
  shard: { index: number; total: number }
  /** Other secret values (API key, GitHub token) to keep out of the environment and the reports. */
  secrets?: string[]
  /** Native Git trees the run selection already read and validated, by path: not read again. */
  v3Trees?: ReadonlyMap<string, ReadV3Result>
}

/** Injected side effects. */
export interface RunDeps {
  log?: RunLog
  clock?: Clock
  /** `wait-for` probe (tests count attempts with it). */
  probe?: Probe
}

/**
 * Runs the collections. Throws (naming the input) only for problems that stop every run: an
 * unreadable environment, globals or collection, a `folder` found in no collection, `wait-for`
 * timing out. A problem of one collection run is reported in its `CollectionRun.error`.
 */
export async function runCollections(options: RunOptions, deps: RunDeps = {}): Promise<RunsResult> {
  const log = deps.log ?? coreRunLog
  const clock = deps.clock ?? systemClock
  const envValues = Object.values(options.envVars).filter((value) => value !== '')
  for (const value of envValues) log.setSecret(value)

  // Every file the runs read comes from the pull request; one that is (or leads through a
  // symlink to) something outside the repository or in .git could hand a script its content.
  for (const path of options.collections) confine(options.root, path, 'run-collections')
  checkRunFileInputs(options.root, options)

  // A file that cannot be read or parsed is that collection's error, not every collection's.
  const read = await Promise.all(
    options.collections.map((path) => readRunnableCollection(options.root, path, options.v3Trees?.get(path)).catch((error: unknown) => ({ path, error })))
  )
  const all = read.filter((entry): entry is RunnableCollection => !('error' in entry))
  const unreadable = read.filter((entry): entry is { path: string; error: unknown } => 'error' in entry)
  const slice = new Set(
    selectShard(
      all.map((file) => ({ path: file.path, requests: file.requests })),
      options.shard
    )
  )
  const files = all.filter((file) => slice.has(file.path))
  if (options.shard.total > 1) log.info(`Shard ${options.shard.index}/${options.shard.total}: ${files.length} of ${plural(all.length, 'collection')}.`)

  const environment = options.environment ? await readVariables(options.root, options.environment, 'run-environment') : undefined
  const globals = options.globals ? await readVariables(options.root, options.globals, 'globals') : undefined
  const secrets = [...envValues, ...(options.secrets ?? []), ...secretValues(environment), ...secretValues(globals)]
  const redact = createRedactor(secrets)

  // Across every selected collection, not just this shard's: a folder of another shard is no mistake.
  checkFolders(all, options.folder)
  if (options.waitFor) {
    const attempts = await waitForUrl(options.waitFor, options.waitTimeout, clock, deps.probe)
    log.info(`wait-for: ${redactUrl(options.waitFor, redact)} answered (attempt ${attempts}).`)
  }

  const started = clock.now()
  const context: RunContext = { options, environment, globals, redact, log, clock, deadline: started + options.timeout }
  const restore = scrubEnvironment(process.env, [...envValues, ...(options.secrets ?? [])])
  let outcomes: Outcome[]
  try {
    outcomes = await pool(files, Math.max(1, options.parallel), (file) => runOne(file, context).catch((error: unknown) => failedOutcome(file, error, redact)))
  } finally {
    restore()
  }
  outcomes.push(...unreadable.map(({ path, error }) => failedOutcome({ path, name: path }, error, redact)))

  const runs = outcomes.map((outcome) => outcome.run)
  const findings = outcomes.flatMap((outcome) => outcome.findings)
  const assertionsFailed = runs.reduce((sum, run) => sum + run.failedAssertions, 0)
  return { runs, findings, assertionsFailed, testsPassed: findings.length === 0 && runs.every((run) => run.error === undefined) }
}

interface RunContext {
  options: RunOptions
  environment?: VariableFile
  globals?: VariableFile
  redact: Redactor
  log: RunLog
  clock: Clock
  /** Epoch ms by which every run must be done (`timeout`). */
  deadline: number
}

interface Outcome {
  run: CollectionRun
  findings: Finding[]
}

/**
 * Refuses, naming the input, a run file input (`run-environment`, `globals`, `iteration-data`)
 * that leads out of the repository or into .git. The orchestrator calls it before the sync too,
 * so a bad path stops the step before anything is written to Postman.
 */
export function checkRunFileInputs(root: string, inputs: Pick<RunOptions, 'environment' | 'globals' | 'iterationData'>): void {
  if (inputs.environment) confine(root, inputs.environment, 'run-environment')
  if (inputs.globals) confine(root, inputs.globals, 'globals')
  if (inputs.iterationData) confine(root, inputs.iterationData, 'iteration-data')
}

function confine(root: string, path: string, input: string): void {
  if (!isReadableByRun(resolve(root, path), root)) {
    throw new ActionError(`Input '${input}': ${path} resolves outside the repository or into .git (a symlink?); it is not read.`)
  }
}

/** A `folder` that is in none of the collections is a mistake in the input, not a skip. */
function checkFolders(files: RunnableCollection[], folders: string[]): void {
  const unknown = folders.filter((folder) => !files.some((file) => file.entryNames.has(folder)))
  if (unknown.length > 0 && files.length > 0) {
    throw new ActionError(
      `Input 'folder': ${unknown.map((f) => `'${f}'`).join(', ')} is not a folder or request in any collection run (${files.map((f) => f.path).join(', ')}).`
    )
  }
}

async function runOne(file: RunnableCollection, context: RunContext): Promise<Outcome> {
  const { options, clock, redact } = context
  const base = { file: file.path, name: file.name, requests: 0, assertions: 0, failedAssertions: 0, durationMs: 0, cases: [] }
  const folders = options.folder.filter((folder) => file.entryNames.has(folder))
  if (options.folder.length > 0 && folders.length === 0) {
    const skipped = `none of the folders ${options.folder.map((f) => `'${f}'`).join(', ')} is in this collection`
    context.log.info(`${file.path}: skipped, ${skipped}.`)
    return { run: { ...base, skipped }, findings: [] }
  }
  const absent = options.folder.filter((folder) => !folders.includes(folder))
  if (folders.length > 0 && absent.length > 0)
    context.log.info(`${file.path}: runs ${folders.map((f) => `'${f}'`).join(', ')}; not in it: ${absent.map((f) => `'${f}'`).join(', ')}.`)
  const budget = context.deadline - clock.now()
  if (budget <= 0) {
    return { run: { ...base, error: `Input 'timeout': the runs' ${options.timeout} ms budget was used up before this collection started.` }, findings: [] }
  }

  const { run: runNewman } = await loadNewman()
  const started = clock.now()
  const recorder = new Recorder(redact, isV3Run(file) ? requestFileOf(file) : undefined)
  let guardFailed = false
  const summary = await new Promise<{ error?: Error; stats?: NewmanStats }>((done) => {
    const emitter = runNewman(
      {
        collection: file.collection as never,
        environment: context.environment?.json,
        globals: context.globals?.json,
        envVar: Object.entries(options.envVars).map(([key, value]) => ({ key, value })),
        iterationCount: options.iterationCount,
        iterationData: options.iterationData ? resolve(options.root, options.iterationData) : undefined,
        folder: folders.length > 0 ? folders : undefined,
        bail: options.bail,
        insecure: options.insecure,
        timeoutRequest: options.timeoutRequest,
        // A script's asynchronous work is its pm.sendRequest calls and timers. The sandbox waits
        // for every timer, so a stray setInterval would keep the run going until the whole
        // budget is spent; bounded like one request, the script ends with an error on its line.
        timeoutScript: Math.min(budget, options.timeoutRequest > 0 ? options.timeoutRequest : budget),
        timeout: budget,
        workingDir: options.root,
        // newman.run defaults this to true (its CLI to false): never read outside the repository.
        insecureFileRead: false,
        reporters: []
      } as newman.NewmanRunOptions,
      (error, result) => done({ error: error ?? undefined, stats: (result as { run?: { stats?: NewmanStats } } | undefined)?.run?.stats })
    )
    recorder.attach(emitter)
    emitter.on('start', (_err: unknown, payload: Parameters<typeof guardRunFileAccess>[0]) => {
      if (!guardRunFileAccess(payload)) guardFailed = true
    })
  })

  const records = recorder.records
  const error = guardFailed
    ? 'newman: the file-access check could not be installed on this newman version, so file uploads were refused; the results may be incomplete.'
    : summary.error === undefined
      ? undefined
      : runError(summary.error, options, context.redact)
  const run: CollectionRun = {
    ...base,
    requests: summary.stats?.requests.total ?? recorder.requests,
    assertions: summary.stats?.assertions.total ?? recorder.cases.filter((c) => c.kind === undefined || c.kind === 'assertion').length,
    failedAssertions: summary.stats?.assertions.failed ?? records.filter((r) => r.kind === 'assertion').length,
    durationMs: clock.now() - started,
    cases: recorder.cases,
    exchanges: recorder.exchangeList,
    ...(error === undefined ? {} : { error })
  }
  const lines = [...recorder.lines, ...(error === undefined ? [] : [`error: ${error}`]), summaryLine(run)]
  context.log.group(`${file.path} (${file.name})`, lines)
  const failures = isV3Run(file) ? toV3Findings(file, records, redact) : toFindings(file, records, redact)
  return { run, findings: [...failures, ...(error === undefined ? [] : [runErrorFinding(file.path, error)])] }
}

/** A run that threw (a malformed item newman trips over, an unreadable file): its own error, at its file. */
function failedOutcome(file: Pick<RunnableCollection, 'path' | 'name'>, error: unknown, redact: Redactor): Outcome {
  const message = redact(error instanceof Error ? error.message : String(error))
  const text = error instanceof ActionError ? message : `the run stopped with an error: ${message}`
  const run: CollectionRun = { file: file.path, name: file.name, requests: 0, assertions: 0, failedAssertions: 0, durationMs: 0, cases: [], error: text }
  return { run, findings: [runErrorFinding(file.path, text)] }
}

function runErrorFinding(path: string, message: string): Finding {
  return { level: 'error', kind: 'run-error', file: path, title: 'Collection run failed', message: `${path}: ${message}` }
}

function summaryLine(run: CollectionRun): string {
  return `${plural(run.requests, 'request')}, ${plural(run.assertions, 'assertion')}, ${run.failedAssertions} failed, ${run.durationMs} ms`
}

/**
 * newman, loaded on first use: evaluating it (and its sandbox) costs about half a second, which a
 * sync-only step (a plan, a push) should not pay before its first API call.
 */
async function loadNewman(): Promise<typeof newman> {
  const module = await import('newman')
  return (module as { default?: typeof newman }).default ?? module
}

/** newman's own errors, reworded to name the input at fault. */
export function runError(error: Error, options: RunOptions, redact: Redactor): string {
  const message = redact(error.message ?? String(error))
  if (/Unable to find a folder or request/i.test(message)) return `Input 'folder': ${message}.`
  if (/iteration ?data|could not load/i.test(message) && options.iterationData) {
    return `Input 'iteration-data': cannot use ${options.iterationData} (${message}).`
  }
  if (/timed? ?out|timeout/i.test(message)) return `Input 'timeout': the run did not finish within the ${options.timeout} ms budget (${message}).`
  return `newman: ${message}`
}

interface NewmanStats {
  requests: { total: number }
  assertions: { total: number; failed: number }
}

/** Lines of one collection's log. */
const MAX_LOG_LINES = 20_000

/** Minimal shapes of the newman event payloads the recorder reads. */
interface ItemLike {
  name?: string
  parent?: () => ParentLike | undefined
  forEachParent?: (options: { withRoot: boolean }, fn: (parent: { name?: string }) => void) => void
}
interface ParentLike extends ItemLike {
  items?: { indexOf(item: unknown): number }
}
interface Cursor {
  ref?: string
  iteration?: number
}

/**
 * Collects newman's events for one run as plain records and log lines, redacted as they come.
 */
class Recorder {
  readonly records: FailureRecord[] = []
  readonly cases: TestCase[] = []
  /** Every request sent, for the HTML report's timings (at most MAX_EXCHANGES). */
  readonly exchangeList: RequestExchange[] = []
  private readonly logLines: string[] = []
  private droppedLines = 0
  requests = 0
  /** Last request/response per cursor ref, for assertion excerpts. */
  private readonly exchanges = new Map<string, { request?: RequestLike; response?: ResponseLike }>()
  /** The item in the tree per cursor ref (see \`attach\`). */
  private readonly items = new Map<string, ItemLike>()
  /** The file each running item was read from, per cursor ref (when \`fileOf\` is given). */
  private readonly files = new Map<string, string>()

  /** \`fileOf\`: the file an item was read from, by its index path, when it is not the collection's (Native Git). */
  constructor(
    private readonly redact: Redactor,
    private readonly fileOf?: (indexPath: number[]) => string | undefined
  ) {}

  /** The collection's log, at most `MAX_LOG_LINES` lines (a chatty script must not flood the job log). */
  get lines(): string[] {
    return this.droppedLines === 0 ? this.logLines : [...this.logLines, `… ${this.droppedLines} more lines not shown`]
  }

  private log(...lines: string[]): void {
    for (const line of lines) {
      if (this.logLines.length < MAX_LOG_LINES) this.logLines.push(line)
      else this.droppedLines++
    }
  }

  attach(emitter: NodeJS.EventEmitter): void {
    // The item of a \`request\` event is a copy detached from its parents; the one of \`beforeItem\`
    // sits in the tree, so it is kept per cursor and used for paths and names.
    emitter.on('beforeItem', (_err: unknown, o: { cursor: Cursor; item: ItemLike }) => {
      if (o?.cursor?.ref === undefined) return
      this.items.set(o.cursor.ref, o.item)
      const file = this.fileOf?.(indexPath(o.item))
      if (file !== undefined) this.files.set(o.cursor.ref, file)
    })
    // An item is done after its tests: drop what was kept for its excerpts, so a run of 10,000
    // requests holds one response at a time, not all of them.
    emitter.on('item', (_err: unknown, o: { cursor?: Cursor }) => {
      this.exchanges.delete(o?.cursor?.ref ?? '')
      this.items.delete(o?.cursor?.ref ?? '')
      this.files.delete(o?.cursor?.ref ?? '')
    })
    emitter.on('request', (err: Error | null, o: { cursor: Cursor; item: ItemLike; request?: RequestLike; response?: ResponseLike }) => {
      this.requests++
      this.exchanges.set(o.cursor.ref ?? '', { request: o.request, response: o.response })
      const names = itemNames(this.items.get(o.cursor.ref ?? '') ?? o.item)
      const url = redactUrl(String(o.request?.url ?? ''), this.redact)
      this.log(`→ ${names.join(PATH_SEPARATOR)}`, `  ${o.request?.method ?? 'GET'} ${url}`)
      if (this.exchangeList.length < MAX_EXCHANGES) {
        this.exchangeList.push({
          request: this.redact(names.join(PATH_SEPARATOR)),
          iteration: o.cursor.iteration ?? 0,
          method: o.request?.method ?? 'GET',
          ...(o.response?.code === undefined ? {} : { status: o.response.code }),
          ...(o.response?.responseTime === undefined ? {} : { ms: o.response.responseTime })
        })
      }
      if (err) {
        this.log(`  ✗ ${this.redact(err.message)}`)
        this.fail(o.item, o.cursor, { kind: 'request-error', message: err.message, errorName: err.name }, 'request')
      } else if (o.response) {
        this.log(`  ${o.response.code} ${o.response.status ?? ''}, ${o.response.responseTime ?? 0} ms`)
      }
    })
    emitter.on('assertion', (err: (Error & { test?: string }) | null, o: { cursor: Cursor; item: ItemLike; assertion: string; skipped?: boolean }) => {
      if (o.skipped) {
        this.log(`  - ${this.redact(o.assertion)} (skipped)`)
        return
      }
      if (err) {
        this.log(`  ✗ ${this.redact(o.assertion)}: ${this.redact(err.message)}`)
        this.fail(o.item, o.cursor, { kind: 'assertion', assertion: o.assertion, message: err.message, errorName: err.name }, o.assertion)
      } else {
        this.log(`  ✓ ${this.redact(o.assertion)}`)
        this.cases.push({
          request: this.redact(itemNames(o.item).join(PATH_SEPARATOR)),
          assertion: this.redact(o.assertion),
          iteration: o.cursor.iteration ?? 0,
          ...this.fileOfCase(o.cursor)
        })
      }
    })
    emitter.on('script', (err: Error | null, o: { cursor: Cursor; item: ItemLike; event?: { listen?: string; id?: string } }) => {
      if (!err) return
      const script = o.event?.listen ?? 'script'
      this.log(`  ✗ ${script} script: ${this.redact(`${err.name}: ${err.message}`)}`)
      this.fail(o.item, o.cursor, { kind: 'script-error', message: err.message, errorName: err.name, script, scriptId: o.event?.id }, `${script} script`)
    })
    emitter.on('console', (_err: unknown, o: { level?: string; messages?: unknown[] }) => {
      const text = (o.messages ?? []).map((m) => (typeof m === 'string' ? m : safeJson(m))).join(' ')
      this.log(`  console.${o.level ?? 'log'}: ${this.redact(text)}`)
    })
  }

  private fail(
    item: ItemLike,
    cursor: Cursor,
    failure: Pick<FailureRecord, 'kind' | 'message' | 'errorName' | 'assertion' | 'script' | 'scriptId'>,
    caseName: string
  ): void {
    const exchange = this.exchanges.get(cursor.ref ?? '')
    item = this.items.get(cursor.ref ?? '') ?? item
    const names = itemNames(item)
    const record: FailureRecord = {
      ...failure,
      indexPath: indexPath(item),
      names,
      iteration: cursor.iteration ?? 0,
      excerpt: buildExcerpt(exchange?.request, exchange?.response, this.redact)
    }
    this.records.push(record)
    // The bail duplicate is not a test case of its own either.
    if (failure.errorName === 'AssertionFailure') return
    this.cases.push({
      request: this.redact(names.join(PATH_SEPARATOR)),
      assertion: this.redact(caseName),
      iteration: record.iteration,
      failure: this.redact(failure.message),
      kind: failure.kind,
      ...this.fileOfCase(cursor)
    })
  }

  /** A test case's own file, when it has one (a Native Git request file). */
  private fileOfCase(cursor: Cursor): { file?: string } {
    const file = this.files.get(cursor.ref ?? '')
    return file === undefined ? {} : { file }
  }
}

/** The file each item of a v3 collection was read from, by index path. */
function requestFileOf(file: V3CollectionRun): (indexPath: number[]) => string | undefined {
  return (path) => file.files.get(path.join('/'))
}

/** Folder names then the request name (newman's `source.forEachParent`). */
function itemNames(item: ItemLike | undefined): string[] {
  if (item === undefined) return []
  const names: string[] = []
  item.forEachParent?.({ withRoot: false }, (parent) => names.unshift(parent.name ?? ''))
  names.push(item.name ?? '')
  return names
}

/** Index of the item in each parent's `item` array, from the collection root down. */
function indexPath(item: ItemLike | undefined): number[] {
  const path: number[] = []
  let node: ItemLike | undefined = item
  while (node !== undefined) {
    const parent = node.parent?.()
    const index = parent?.items?.indexOf(node)
    if (parent === undefined || index === undefined || index < 0) break
    path.unshift(index)
    node = parent
  }
  return path
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** An environment or globals file: its JSON for newman and its secret-typed values for redaction. */
export interface VariableFile {
  json: { values?: Array<{ key?: string; value?: unknown; type?: string; enabled?: boolean }> }
}

async function readVariables(root: string, path: string, input: string): Promise<VariableFile> {
  if (isV3EnvironmentPath(path)) return { json: await readV3EnvironmentInput(root, path, input) }
  let text: string
  try {
    text = await readFile(resolve(root, path), 'utf8')
  } catch (error) {
    throw new ActionError(`Input '${input}': cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`)
  }
  try {
    const json = JSON.parse(text) as VariableFile['json'] & { environment?: VariableFile['json'] }
    // A file saved from the API wraps the environment: `{ "environment": { … } }`.
    return { json: json.values === undefined && json.environment !== undefined ? json.environment : json }
  } catch {
    throw new ActionError(`Input '${input}': ${path} is not valid JSON.`)
  }
}

/**
 * Values of secret-typed variables: they are redacted from every excerpt and message. The type is
 * read as Postman reads it, case- and space-insensitively (`"SECRET "` is a secret too).
 */
export function secretValues(file: VariableFile | undefined): string[] {
  return (file?.json.values ?? [])
    .filter((v) => environmentType(v.type) === 'secret' && typeof v.value === 'string' && v.value !== '')
    .map((v) => v.value as string)
}
