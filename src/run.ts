/**
 * The orchestrator: sync (plan or push), then runs, then one report rendered from the results.
 * Every side effect comes in through `RunDeps`, wired for real in `deps.ts`, so the order of
 * decisions here can be read top to bottom and tested with fakes.
 */
import { join } from 'node:path'
import { apiKeyMissingIsExpected, resolveSyncMode, type EventInfo } from './context.js'
import { InputError } from './errors.js'
import { failureReason } from './outcome.js'
import type { PostmanApi } from './postman/api.js'
import type { Settings, SyncMode } from './settings.js'
import type { SyncResult } from './model/sync-result.js'
import { sync, type GitSource } from './sync/sync.js'
import { selectRunCollections } from './newman/select-collections.js'
import { checkRunFileInputs, runCollections } from './newman/runner.js'
import { runErrorCount, type CollectionRun, type RunsResult } from './model/runs.js'
import { selectRunnable, type Runnable } from './newman/runnable.js'
import type { RunLog } from './newman/run-log.js'
import { isRunFinding, type Finding } from './model/finding.js'
import type { Reporter } from './report/publish.js'
import { checkJUnitPath, syncOutputs, writeRunOutputs } from './report/outputs.js'
import { makeOutputDirectory, writeConfinedFile } from './util/safe-write.js'
import { createRedactor, redactDeep } from './util/redact.js'
import { quotaNote } from './report/comment-policy.js'
import { errorOutputs } from './report/error-outputs.js'
import { checkHtmlPath, writeHtmlReport } from './report/html.js'
import type { ArtifactService } from './artifact/service.js'
import { uploadStepArtifact } from './artifact/upload.js'
import type { UploadedArtifact } from './model/artifact.js'
import type { AnnotationCounts } from './report/annotations.js'

/** The logging the orchestrator needs (the `@actions/core` functions in production). */
export interface Logger {
  info(message: string): void
  notice(message: string): void
  warning(message: string): void
  setOutput(name: string, value: string): void
  setFailed(message: string): void
}

export interface RunDeps {
  /** The Postman API client for these settings (only called when a sync will happen). */
  createApi(settings: Settings): PostmanApi & { close?(): void }
  createGit(settings: Settings, event: EventInfo): GitSource
  reporter: Reporter
  /** The workflow artifact service (`@actions/artifact` in production). */
  artifacts: ArtifactService
  runLog: RunLog
  log: Logger
  /** Where plan, report and conflict files go (a directory of the runner's temp directory). */
  outDir: string
  /** `RUNNER_TEMP`: besides the repository, the one place `junit-report` may point (default `outDir`). */
  tempDir?: string
}

/** What happened, for the caller and the tests; the step's outputs are already set. */
export interface RunOutcome {
  mode: SyncMode
  sync?: SyncResult
  runs?: RunsResult
  failed?: string
}

export async function run(settings: Settings, event: EventInfo, deps: RunDeps): Promise<RunOutcome> {
  const { log } = deps
  const mode = resolveSyncMode(settings.sync, event)
  const notes: string[] = []
  const tempDir = deps.tempDir ?? deps.outDir
  await makeOutputDirectory(deps.outDir)
  // A run input that leads out of the repository, or a report path the writer would refuse, fails
  // the step: before the sync, not after it has written to Postman.
  if (settings.run) {
    checkRunFileInputs(event.workspaceDir, { environment: settings.runEnvironment, globals: settings.globals, iterationData: settings.iterationData })
    if (settings.junitReport) checkJUnitPath(settings.junitReport, event.workspaceDir, tempDir)
    if (settings.htmlReport) checkHtmlPath(settings.htmlReport, event.workspaceDir, tempDir)
  }

  // Whatever fails from here on, everything known is still reported: plan, outputs, JUnit, check
  // run and comment (a push may already have written to Postman; the user must see what it did).
  const counting = countingLogger(deps.log)
  const context: StepContext = { settings, event, mode, deps: { ...deps, log: counting }, notes, logged: () => counting.logged() }
  const steps = await runSteps(context)
  const shown = redactResults(settings, steps, notes)
  await report(context, shown)
  if (steps.failure !== undefined) {
    const redact = createRedactor(knownSecrets(settings))
    const outputs = errorOutputs(steps.failure, mode !== 'off' && steps.synced === undefined)
    for (const [name, value] of Object.entries(outputs)) deps.log.setOutput(name, redact(value))
    throw steps.failure
  }

  const { sync: syncResult, runs: runsResult } = shown
  const failed = failureReason({
    failOn: settings.failOn,
    // An error about an input rather than a file (a pattern outside the repository, such as
    // `~/x.json`) has no plan entry of its own, and fails the step all the same.
    syncErrors:
      (syncResult?.entries ?? []).filter((e) => e.action === 'error').length + shown.findings.filter((f) => f.level === 'error' && f.file === '').length,
    blockingConflicts: settings.onConflict === 'fail' ? (syncResult?.entries ?? []).filter((e) => e.action === 'conflict').length : 0,
    failedTests: runsResult?.findings.filter(isRunFinding).length ?? 0,
    runErrors: runErrorCount(runsResult)
  })
  if (failed) log.setFailed(failed)
  return { mode, sync: syncResult, runs: runsResult, failed }
}

/** What every step reads: the settings, the event, the sync mode, the dependencies, and the notes the steps add to. */
interface StepContext {
  settings: Settings
  event: EventInfo
  mode: SyncMode
  deps: RunDeps
  notes: string[]
  /** The warnings and notices logged so far: GitHub counts them in its 10 annotations per level. */
  logged(): AnnotationCounts
}

/** `log`, counting the warnings and notices it passes on (each is a workflow annotation). */
function countingLogger(log: Logger): Logger & { logged(): AnnotationCounts } {
  const counts = { warning: 0, notice: 0 }
  return {
    info: (message) => log.info(message),
    notice: (message) => (counts.notice++, log.notice(message)),
    warning: (message) => (counts.warning++, log.warning(message)),
    setOutput: (name, value) => log.setOutput(name, value),
    setFailed: (message) => log.setFailed(message),
    logged: () => ({ ...counts })
  }
}

/** What the steps produced before they ended, and what ended them early, if anything. */
interface Steps {
  synced?: SyncResult
  selection?: { paths: string[]; findings: Finding[] }
  ran?: RunsResult
  failure?: Error
}

/** The sync, then the runs of what validated; an error ends the steps but keeps what was done. */
async function runSteps(context: StepContext): Promise<Steps> {
  const { settings, event, deps } = context
  const steps: Steps = {}
  try {
    steps.synced = await syncStep(context)
    if (!settings.run) return steps
    steps.selection = await selectRuns(settings, event, steps.synced !== undefined)
    const runnable = await selectRunnable(event.workspaceDir, steps.selection.paths, steps.synced?.findings ?? [], validatedCollections(steps.synced))
    steps.selection.findings.push(...runnable.findings)
    const ran = await runStep(settings, event, runnable, deps)
    steps.ran = { ...ran, runs: [...ran.runs, ...runnable.skipped.map(notRun)], testsPassed: ran.testsPassed && runnable.skipped.length === 0 }
  } catch (error) {
    // A non-Error throw keeps its text: that is all the action's failure message shows of it.
    steps.failure = error instanceof Error ? error : new Error(String(error))
    // The runs could not happen as a whole (wait-for timed out, a folder no collection has):
    // their outputs still say so.
    if (steps.selection !== undefined && steps.ran === undefined) steps.ran = { runs: [], findings: [], testsPassed: false, assertionsFailed: 0 }
  }
  return steps
}

/** Collections the sync validated and found fine: the runs need not validate them again. */
function validatedCollections(result: SyncResult | undefined): Set<string> {
  return new Set((result?.entries ?? []).filter((e) => e.kind === 'collection' && e.action !== 'error').map((e) => e.path))
}

/** A selected collection that is not run because it is invalid: a run error whose findings are the file's. */
function notRun(skipped: { path: string; reason: string }): CollectionRun {
  return { file: skipped.path, name: skipped.path, requests: 0, assertions: 0, failedAssertions: 0, durationMs: 0, cases: [], error: skipped.reason }
}

/** Results as every renderer shows them. */
interface Shown {
  sync?: SyncResult
  runs?: RunsResult
  findings: Finding[]
  notes: string[]
}

/**
 * One redactor before every renderer (plan, outputs, JUnit, summary, check run, comment): what
 * Postman or a service sent back may carry a secret in any encoding. The sync never sends an
 * env-vars value anywhere, so its results (paths, uids) are redacted of the API key and the token
 * only: a one-character env-vars value would otherwise mangle them.
 */
function redactResults(settings: Settings, steps: Steps, notes: string[]): Shown {
  const redact = createRedactor(knownSecrets(settings))
  const redactSync = createRedactor([settings.apiKey, settings.githubToken])
  const sync = steps.synced === undefined ? undefined : redactDeep(steps.synced, redactSync)
  const runs = steps.ran === undefined ? undefined : redactDeep(steps.ran, redact)
  const findings: Finding[] = [...(sync?.findings ?? []), ...redactDeep(steps.selection?.findings ?? [], redactSync), ...(runs?.findings ?? [])]
  const all = [...notes]
  if (sync?.writesSkipped) all.push(sync.writesSkipped)
  if (sync?.quotaRemaining !== undefined) all.push(quotaNote(sync.quotaRemaining))
  return { sync, runs, findings, notes: all.map(redact) }
}

/** Plan, outputs, JUnit, the artifact, then the reports; each from what is known. */
async function report(context: StepContext, shown: Shown): Promise<void> {
  const { settings, event, deps } = context
  const written = await writeFiles(context, shown)
  const artifact = await uploadArtifact(context, shown, written)
  const { findings, notes } = shown
  await deps.reporter.publish({ settings, event, sync: shown.sync, runs: shown.runs, findings, notes, artifact, logged: context.logged() })
}

/** The files the step writes (the plan, the run report, JUnit, HTML), with the outputs that name them. */
interface Written {
  plan?: string
  reports: string[]
}

async function writeFiles({ settings, event, deps }: StepContext, shown: Shown): Promise<Written> {
  const tempDir = deps.tempDir ?? deps.outDir
  const written: Written = { reports: [] }
  if (shown.sync) {
    written.plan = await writeConfinedFile(join(deps.outDir, 'plan.json'), `${JSON.stringify(planDocument(shown.sync), null, 2)}\n`, {
      roots: [deps.outDir],
      input: 'RUNNER_TEMP'
    })
    for (const [name, value] of Object.entries(syncOutputs(shown.sync, written.plan))) deps.log.setOutput(name, value)
  }
  if (shown.runs) {
    const target = { dir: deps.outDir, root: event.workspaceDir, tempDir, junitPath: settings.junitReport || undefined }
    const { junit } = await writeRunOutputs(shown.runs, target, deps.log)
    if (junit !== undefined) written.reports.push(junit)
    if (settings.htmlReport)
      written.reports.push(
        await writeHtmlReport(shown.runs, createRedactor(knownSecrets(settings)), { path: settings.htmlReport, root: event.workspaceDir, tempDir })
      )
  }
  return written
}

/**
 * The plan, the Postman copies of conflicts and the reports as one workflow artifact. Every file
 * is already redacted; it is redacted again of the key and the token on its way in (the sync's
 * redactor: an env-vars value of one character would mangle a collection's copy).
 */
async function uploadArtifact({ settings, event, deps }: StepContext, shown: Shown, written: Written): Promise<UploadedArtifact | undefined> {
  const remoteCopies = (shown.sync?.entries ?? []).flatMap((entry) => (entry.remoteCopy === undefined ? [] : [entry.remoteCopy]))
  return uploadStepArtifact(
    {
      enabled: settings.uploadArtifact,
      check: { checkName: settings.checkName, shard: settings.shard },
      sources: {
        outDir: deps.outDir,
        plan: written.plan,
        remoteCopies,
        reports: written.reports,
        reportRoots: [event.workspaceDir, deps.tempDir ?? deps.outDir]
      },
      redact: createRedactor([settings.apiKey, settings.githubToken])
    },
    { service: deps.artifacts, log: deps.log }
  )
}

async function syncStep({ settings, event, mode, deps, notes }: StepContext): Promise<SyncResult | undefined> {
  if (mode === 'off') return undefined
  if (!settings.apiKey) {
    if (!apiKeyMissingIsExpected(event)) {
      throw new InputError('postman-api-key', '', 'the Postman API key from a secret (it is empty: is the secret set for this repository and event?)')
    }
    const reason = 'No Postman API key: fork pull requests and Dependabot runs get no secrets, so the sync was skipped.'
    deps.log.notice(reason)
    deps.log.setOutput('skipped', 'true')
    deps.log.setOutput('skip-reason', reason)
    notes.push(reason)
    return undefined
  }
  const api = deps.createApi(settings)
  try {
    return await sync(
      {
        root: event.workspaceDir,
        mode,
        workspace: settings.workspace,
        collections: settings.collections,
        environments: settings.environments,
        v3Collections: settings.v3Collections,
        createMissing: settings.createMissing,
        onConflict: settings.onConflict,
        state: settings.state,
        maxCollectionMb: settings.maxCollectionMb,
        baseSha: settings.baseRef || event.baseSha,
        outDir: deps.outDir,
        headSha: event.sha,
        ref: event.ref
      },
      { api, git: deps.createGit(settings, event), log: deps.log }
    )
  } finally {
    api.close?.()
  }
}

/**
 * The collections to run: `run-collections`, else every collection file `collections` matches and
 * every Native Git collection directory `v3-collections` finds. When the sync ran, it has already
 * reported the `v3-collections` patterns' problems.
 */
async function selectRuns(settings: Settings, event: EventInfo, syncRan: boolean): Promise<{ paths: string[]; findings: Finding[] }> {
  const { collections, v3Collections, runCollections } = settings
  return selectRunCollections(event.workspaceDir, { collections, v3Collections, runCollections }, !syncRan)
}

async function runStep(settings: Settings, event: EventInfo, runnable: Runnable, deps: RunDeps): Promise<RunsResult> {
  return runCollections(
    {
      root: event.workspaceDir,
      collections: runnable.paths,
      v3Trees: runnable.trees,
      environment: settings.runEnvironment || undefined,
      globals: settings.globals || undefined,
      envVars: settings.envVars,
      iterationCount: settings.iterationCount,
      iterationData: settings.iterationData || undefined,
      folder: settings.folder,
      bail: settings.bail,
      insecure: settings.insecure,
      timeoutRequest: settings.timeoutRequest,
      timeout: settings.timeout,
      parallel: settings.parallel,
      waitFor: settings.waitFor || undefined,
      waitTimeout: settings.waitTimeout,
      shard: settings.shard,
      secrets: [settings.apiKey, settings.githubToken].filter((s) => s !== '')
    },
    { log: deps.runLog }
  )
}

/** The secrets of this step: the API key, the GitHub token and every `env-vars` value. */
function knownSecrets(settings: Settings): string[] {
  return [settings.apiKey, settings.githubToken, ...Object.values(settings.envVars)].filter((value) => value !== '')
}

/** The `plan` output's file: what push did or would do, per file, without any value. */
function planDocument(result: SyncResult) {
  return {
    mode: result.mode,
    writesSkipped: result.writesSkipped ?? null,
    entries: result.entries,
    unclaimed: result.unclaimed,
    apiCalls: result.apiCalls,
    quotaRemaining: result.quotaRemaining ?? null
  }
}
