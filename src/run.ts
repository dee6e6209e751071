/**
 * The orchestrator: sync (plan or push), then runs, then one report rendered from the results.
 * Every side effect comes in through `RunDeps`, wired for real in `deps.ts`, so the order of
 * decisions here can be read top to bottom and tested with fakes.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULT_PATTERNS } from './constants.js'
import { apiKeyMissingIsExpected, resolveSyncMode, type EventInfo } from './context.js'
import { InputError } from './errors.js'
import { failureReason } from './outcome.js'
import type { PostmanApi } from './postman/api.js'
import type { Settings, SyncMode } from './settings.js'
import type { SyncResult } from './model/sync-result.js'
import { sync, type GitSource } from './sync/sync.js'
import { findFiles } from './discovery/files.js'
import { checkRunFileInputs, runCollections } from './newman/runner.js'
import { runErrorCount, type RunsResult } from './model/runs.js'
import type { RunLog } from './newman/run-log.js'
import { isRunFinding, type Finding } from './model/finding.js'
import type { Reporter } from './report/publish.js'
import { syncOutputs, writeRunOutputs } from './report/outputs.js'

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
  runLog: RunLog
  log: Logger
  /** Where plan, report and conflict files go (the runner's temp directory). */
  outDir: string
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
  await mkdir(deps.outDir, { recursive: true })
  // A run input that leads out of the repository fails the step: before the sync, not after it
  // has written to Postman.
  if (settings.run) {
    checkRunFileInputs(event.workspaceDir, { environment: settings.runEnvironment, globals: settings.globals, iterationData: settings.iterationData })
  }

  const syncResult = await syncStep(settings, event, mode, deps, notes)
  const selection = settings.run ? await selectRuns(settings, event) : undefined
  const runsResult = selection ? await runStep(settings, event, selection.paths, deps) : undefined

  const findings: Finding[] = [...(syncResult?.findings ?? []), ...(selection?.findings ?? []), ...(runsResult?.findings ?? [])]
  if (syncResult?.writesSkipped) notes.push(syncResult.writesSkipped)
  if (syncResult?.quotaRemaining !== undefined) notes.push(`Postman API calls left this month: ${syncResult.quotaRemaining}.`)

  if (syncResult) {
    const planFile = join(deps.outDir, 'plan.json')
    await writeFile(planFile, `${JSON.stringify(planDocument(syncResult), null, 2)}\n`)
    for (const [name, value] of Object.entries(syncOutputs(syncResult, planFile))) log.setOutput(name, value)
  }
  if (runsResult) {
    await writeRunOutputs(runsResult, { dir: deps.outDir, root: event.workspaceDir, junitPath: settings.junitReport || undefined }, log)
  }

  await deps.reporter.publish({ settings, event, sync: syncResult, runs: runsResult, findings, notes })

  const failed = failureReason({
    failOn: settings.failOn,
    syncErrors: (syncResult?.entries ?? []).filter((e) => e.action === 'error').length,
    blockingConflicts: settings.onConflict === 'fail' ? (syncResult?.entries ?? []).filter((e) => e.action === 'conflict').length : 0,
    failedTests: runsResult?.findings.filter(isRunFinding).length ?? 0,
    runErrors: runErrorCount(runsResult)
  })
  if (failed) log.setFailed(failed)
  return { mode, sync: syncResult, runs: runsResult, failed }
}

async function syncStep(settings: Settings, event: EventInfo, mode: SyncMode, deps: RunDeps, notes: string[]): Promise<SyncResult | undefined> {
  if (mode === 'off') return undefined
  if (!settings.apiKey) {
    if (!apiKeyMissingIsExpected(event)) {
      throw new InputError('postman-api-key', '', "the Postman API key from a secret (it is empty: is the secret set for this repository and event?)")
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
        createMissing: settings.createMissing,
        onConflict: settings.onConflict,
        state: settings.state,
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

/** The collections to run: `run-collections`, else every collection `collections` matches. */
async function selectRuns(settings: Settings, event: EventInfo): Promise<{ paths: string[]; findings: Finding[] }> {
  const explicit = settings.runCollections.length > 0
  return findFiles(event.workspaceDir, explicit ? settings.runCollections : settings.collections, {
    input: explicit ? 'run-collections' : 'collections',
    optionalPatterns: [DEFAULT_PATTERNS.collections]
  })
}

async function runStep(settings: Settings, event: EventInfo, paths: string[], deps: RunDeps): Promise<RunsResult> {
  return runCollections(
    {
      root: event.workspaceDir,
      collections: paths,
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
