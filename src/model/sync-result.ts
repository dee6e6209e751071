/**
 * The data the sync passes between its stages: discovered files → resolved targets → plan →
 * result. Pure modules (`validate`, `normalize`, `diff`, `id-map`, `plan`) take and return these.
 */
import type { CollectionBody, EnvironmentBody } from './resources.js'
import type { Finding } from './finding.js'

export type ResourceKind = 'collection' | 'environment'

/** A file that was read, parsed and validated. Only files without errors become LocalFiles. */
export interface LocalFile {
  kind: ResourceKind
  /** Repository-relative path with `/` separators. */
  path: string
  /** Absolute path on disk. */
  absPath: string
  /** The collection's `info.name` / the environment's `name`. */
  name: string
  /**
   * The id the file carries: `info._postman_id` (collection) or `id` (environment). Exporters
   * write fresh ids on re-export, so this is only a hint, trusted inside the workspace alone.
   */
  localId?: string
  /**
   * Collection Format version of the file as committed; `v3` for Native Git YAML (a collection
   * directory, whose `path` is the directory, or a `*.environment.yaml`).
   */
  format?: 'v2.1.0' | 'v2.0.0' | 'v3'
  /** The content in v2.1.0 form (v2.0.0 and v3 converted, API envelope removed). */
  collection?: CollectionBody
  environment?: EnvironmentBody
  /** A Native Git collection: the files it was read from. */
  v3?: V3Origin
}

/** Where the parts of a Native Git (v3) collection come from, for messages and the plan. */
export interface V3Origin {
  /**
   * Repository-relative file (or folder directory) each item was read from, keyed by its index
   * path in `collection.item` (`'1/0'`: first child of the second top-level item; `''`: the
   * collection's `definition.yaml`, or its directory when it has none).
   */
  files: ReadonlyMap<string, string>
  /** The collection's `definition.yaml`, when there is one: where findings about the whole collection point. */
  definition?: string
  /** Where the collection's name is written (its definition's `name:`), when it is. */
  nameAt?: { file: string; line: number; column: number }
}

/** A matched path (file, or v3 collection directory) of discovery. */
export interface MatchedPath {
  path: string
  kind: ResourceKind
  /** A Native Git collection directory: findings in files below it are its findings. */
  directory?: true
}

/** Result of discovery and validation over every matched file. */
export interface Discovery {
  files: LocalFile[]
  /**
   * Every matched file, valid or not, with the kind of the glob that matched it: a file that
   * failed validation still has a kind, and no one guesses it from the file's name.
   */
  matched: MatchedPath[]
  /** Errors block every write in the run; warnings and notices do not. */
  findings: Finding[]
}

/**
 * The `.postman/resources.yaml` map (Postman CLI), paths made repository-relative (a v3
 * collection's path is its directory).
 */
export interface ResourcesMap {
  workspace?: string
  /** The file `workspace` was read from: the resources file, or the older `.postman/config.json`. */
  workspaceFrom?: string
  /** Path → cloud id or uid. */
  collections: Record<string, string>
  environments: Record<string, string>
  /** The line of each mapped entry in the resources file, by `<kind>:<path>` (`collection:postman/x`). */
  lines?: Record<string, number>
  /** `localResources`: paths the file registers beside the globs, with their lines. */
  local?: Array<{ kind: ResourceKind; path: string; line: number }>
}

/** The key of `ResourcesMap.lines`. */
export function mappedLineKey(kind: ResourceKind, path: string): string {
  return `${kind}:${path}`
}

/** Request-level difference between two collections. Names paths and aspects, never values. */
export interface CollectionDiff {
  /** `Folder/Sub/Request` paths (folders end with `/`). */
  added: string[]
  removed: string[]
  changed: Array<{ path: string; aspects: string[] }>
  /** Collection-level aspects that changed: `name`, `description`, `variables`, `auth`, `scripts`. */
  collection: string[]
}

/** Variable-level difference between two environments: keys only, never values. */
export interface EnvironmentDiff {
  added: string[]
  removed: string[]
  changed: string[]
  name?: boolean
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'conflict' | 'error' | 'skip'

export interface PlanEntry {
  kind: ResourceKind
  path: string
  name: string
  action: PlanAction
  /** Target uid (existing resource), or after a create the new one. */
  uid?: string
  /** How the target was found: `resources.yaml`, `id`, the resource last written from this path (`state`), `name`, or `create`. */
  resolvedBy?: 'resources-file' | 'id' | 'state' | 'name' | 'create'
  /** Why: a conflict's cause, an error's message, an adoption note. */
  reason?: string
  diff?: CollectionDiff | EnvironmentDiff
  /** API calls the write costs, when not one (an environment update by PATCH: one per operation type). */
  calls?: number
  /** For conflicts: the absolute path of the Postman copy, written to the action's output directory (redacted). */
  remoteCopy?: string
  /**
   * Where an error or conflict of this entry is annotated, when not at `path` line 1: the line of
   * `.postman/resources.yaml` that maps it, or a v3 collection's `definition.yaml` (a directory has no lines).
   */
  at?: { file: string; line?: number }
}

export type WritesSkippedBy = 'stale-run' | 'blocked' | 'quota'

export interface SyncResult {
  /** `pull`: entries say what was written into the working tree (`update` = rewritten from Postman). */
  mode: 'push' | 'plan' | 'pull'
  entries: PlanEntry[]
  /** Workspace resources that no file claims (the state environment excluded). */
  unclaimed: Array<{ kind: ResourceKind; name: string; uid: string }>
  /** Writes were skipped as a whole (stale run, conflicts under `fail`, quota). */
  writesSkipped?: string
  /**
   * What skipped them: `stale-run` is benign (an old re-run must not write; the `skipped` output
   * says so), `blocked` (invalid files, conflicts under `fail`) and `quota` stop a push that
   * should have written: they fail the step instead.
   */
  writesSkippedBy?: WritesSkippedBy
  /** Monthly API calls left, when known. */
  quotaRemaining?: number
  /** API calls this sync made. */
  apiCalls: number
  findings: Finding[]
}
