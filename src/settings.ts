/**
 * Everything the action was asked to do, read once from the inputs by `src/inputs.ts`.
 * Defaults live in `action.yml` and are applied there; nothing downstream re-defaults a field.
 */
import type { CommentMode } from './report/comment-policy.js'

/**
 * `auto` is resolved against the event before it reaches the orchestrator. `pull` is never chosen
 * by `auto`: it writes Postman's version into the working tree, which only a workflow made for it
 * (one that opens a pull request with the result) should do.
 */
export type SyncMode = 'push' | 'plan' | 'pull' | 'off'
export type SyncInput = SyncMode | 'auto'
export type OnConflict = 'fail' | 'skip' | 'overwrite'
export type StateMode = 'workspace' | 'off'
export type Tristate = 'auto' | 'true' | 'false'
export type FailOn = 'error' | 'sync-error' | 'never'

export interface Shard {
  /** 1-based index of this slice. */
  index: number
  /** Number of slices; 1 means no sharding. */
  total: number
}

export interface Settings {
  /** Postman API key; empty on forks and Dependabot (no secrets). Masked as soon as it is read. */
  apiKey: string
  /** Base URL of the Postman API, without a trailing slash. Default `https://api.postman.com`. */
  apiUrl: string
  /** Workspace id; empty when `sync: off` or `.postman/resources.yaml` names one. */
  workspace: string
  /** Glob patterns for collection files, `!` negates. Default `**\/*.postman_collection.json`. */
  collections: string[]
  /** Glob patterns for environment files. Default `**\/*.postman_environment.json`. */
  environments: string[]
  /** Glob patterns for Native Git (Collection v3 YAML) collection directories. Default `postman/collections/*`. */
  v3Collections: string[]
  /** Requested mode; `auto` is resolved by `resolveSyncMode`. Default `auto`. */
  sync: SyncInput
  /** Create resources that have no remote counterpart. Default true. */
  createMissing: boolean
  /** What a conflict does. Default `fail`. */
  onConflict: OnConflict
  /** Where the action remembers what it last wrote. Default `workspace`. */
  state: StateMode
  /** Largest collection pushed, in MB (10⁶ bytes) of compact JSON. Default 20. */
  maxCollectionMb: number
  /** Git revision holding the last synced content; empty = derived from the event. */
  baseRef: string
  /** Run collections with newman after the sync. Default false. */
  run: boolean
  /** Globs selecting the collections to run; empty = every matched collection. */
  runCollections: string[]
  /** Environment file for runs; empty = none. */
  runEnvironment: string
  /** Globals file for runs; empty = none. */
  globals: string
  /** `KEY=VALUE` overrides for runs. Values are secrets: masked and never written anywhere. */
  envVars: Record<string, string>
  /** newman `iterationCount`; undefined = newman's default (data length or 1). */
  iterationCount: number | undefined
  /** Path of an iteration data file (CSV or JSON); empty = none. */
  iterationData: string
  /** Folder names to run (newman `folder`); empty = the whole collection. */
  folder: string[]
  /** Stop a run on the first failure. Default false. */
  bail: boolean
  /** Skip TLS verification in runs. Default false. */
  insecure: boolean
  /** Per-request timeout in ms. Default 30000. */
  timeoutRequest: number
  /** Whole-run timeout in ms. Default 1800000 (30 minutes). */
  timeout: number
  /** URL polled until it answers before the runs; empty = none. */
  waitFor: string
  /** How long `waitFor` may take, ms. Default 60000. */
  waitTimeout: number
  /** Collections run at once. Default 1. */
  parallel: number
  /** Which slice of the collections this job runs. Default 1/1. */
  shard: Shard
  /** Path for a JUnit XML report; empty = none. */
  junitReport: string
  /** `html-report`: path of the HTML report of the runs; empty for none. */
  htmlReport: string
  /** Upload the plan, the Postman copies of conflicts and the reports as one workflow artifact. Default true. */
  uploadArtifact: boolean
  /** Token for checks, comments and contents lookups. Masked. */
  githubToken: string
  /** Check run: `auto` = when the token may. Default `auto`. */
  checkRun: Tristate
  /** Check run name; the shard is appended when `shard.total > 1`. Default `Postman`. */
  checkName: string
  /** Pull-request comment. Default `auto`. */
  comment: CommentMode
  /** What fails the step. Default `error`. */
  failOn: FailOn
}
