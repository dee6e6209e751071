/** Names shared between modules and with users' workflows: outputs, state, files. */

/** The environment in the workspace where the action records what it last wrote (docs/architecture.md#the-state-environment). */
export const STATE_ENVIRONMENT_NAME = 'Postman Sync state'

export const OUTPUTS = {
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  conflicts: 'conflicts',
  failed: 'failed',
  changed: 'changed',
  skipped: 'skipped',
  skipReason: 'skip-reason',
  plan: 'plan',
  uids: 'uids',
  testsPassed: 'tests-passed',
  assertionsFailed: 'assertions-failed',
  report: 'report',
  junitReport: 'junit-report',
  error: 'error'
} as const

/** The Postman CLI's map of local files to cloud resources; it decides a file's target first (see `src/discovery/resources-file.ts`). */
export const RESOURCES_FILE = '.postman/resources.yaml'

/** Paths that never match a glob, whatever the user writes. */
export const NEVER_MATCHED_DIRS = ['node_modules', '.git']

/**
 * The `collections`, `environments` and `v3-collections` defaults of action.yml, as written there
 * (a test keeps them equal). A default pattern that matches nothing is normal (a repository
 * without environments), not worth a warning.
 */
export const DEFAULT_PATTERNS = {
  collections: '**/*.postman_collection.json',
  environments: '**/*.postman_environment.json, postman/environments/*.environment.yaml',
  v3Collections: 'postman/collections/*'
} as const

/** The patterns of one default, split as the input is (the defaults hold no braces, so a plain split does). */
export function defaultGlobs(input: keyof typeof DEFAULT_PATTERNS): string[] {
  return DEFAULT_PATTERNS[input]
    .split(/[,\n]/)
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '')
}
