/**
 * The emulator's options and their defaults, normalized once (plugin-retry's `Required<Options>`).
 * Other helpers' tests construct emulators with these types: keep the shapes stable.
 */

/** Fault switches. Each "every n-th" counts the calls it applies to, in arrival order. */
export interface Faults {
  /** Every n-th call answers 503 (problem or legacy body), not applied. */
  status503Every?: number
  /** Every n-th call: the socket is destroyed before any answer, not applied. */
  resetEvery?: number
  /** Every n-th call: headers and half a body, then the socket is destroyed (applied). */
  resetMidBodyEvery?: number
  /** Every n-th POST create: stored, then the socket destroyed (the response is lost). */
  lostCreateEvery?: number
  /** Every n-th PUT: applied, then answers 500 (postman-app-support #10098). */
  appliedButErrorEvery?: number
  /** Every n-th call: 504 with an nginx HTML body, not applied. */
  html504Every?: number
  /** Every answer is delayed by this many ms (a slow server). */
  delayMs?: number
  /** Every n-th call never answers (until `close()`). */
  stallEvery?: number
  /** `Prefer: respond-async` tasks end `failed` (and the PUT is not applied). */
  asyncTaskFails?: boolean
  /** Restrict the faults to matching calls; default: all calls. */
  only?: (req: { method: string; path: string }) => boolean
}

/** Options of `startEmulator`; every field has a default. */
export interface EmulatorOptions {
  /** Valid keys; default `['PMAK-00000000000000000000000a-0000000000000000000000000000000000']`. */
  apiKeys?: string[]
  /** Owner (user) id, the prefix of every uid; default `'12345678'`. */
  ownerId?: string
  /** Workspaces; default two, `ws-main` (the oldest, where creates without `?workspace=` land) and `ws-other`. */
  workspaces?: Array<{ id: string; name: string; type?: string }>
  /** Per-key window for all calls; default 300 per 60000 ms. */
  rateLimit?: { limit: number; windowMs: number }
  /** Extra window for `GET /collections`, `GET /workspaces[/id]`; default 10 per 10000 ms. */
  listRateLimit?: { limit: number; windowMs: number }
  /** Calls per "month"; default 1,000,000. Exhausted → 429 `serviceLimitExhausted`. */
  monthlyLimit?: number
  /** `modern`: every documented rate header (docs/postman-api.md); `legacy`: only `X-RateLimit-Limit/Remaining/Reset` (epoch s). Default modern. */
  headerDialect?: 'modern' | 'legacy'
  /** Error body family; `mixed` picks per route (see `routeFamily` in server.ts). Default legacy. */
  errorFamily?: 'legacy' | 'problem' | 'mixed'
  /**
   * Collection POST/PUT/PATCH bodies above this many MB (10^6 bytes) are refused; default 10, the
   * size from which real PUTs have failed (postman-app-support #13148).
   */
  collectionBodyLimitMb?: number
  /** How an oversize collection body is answered: 413 "size limit exceeded" (default) or nginx's HTML 504 (#13148). */
  collectionBodyLimitAnswer?: 'size-error' | 'html-504'
  /** Exact byte limit on collection routes; wins over `collectionBodyLimitMb` (small limits in tests). */
  maxCollectionBytes?: number
  /** 413 above this many body bytes on environment routes; default 30 MB (10^6 bytes), the OpenAPI's limit. */
  maxEnvironmentBytes?: number
  /**
   * `stale`: a PUT that changes only items (not `info`, variables, auth or scripts of the collection)
   * leaves the collection's `updatedAt` where it was, in the listing and the GET (#13034). Default `moves`.
   */
  updatedAtOnItemEdit?: 'moves' | 'stale'
  /** `refuse` (default): an environment write that leaves one key twice is 400 invalidParamsError (#5947). */
  duplicateEnvKeys?: 'refuse' | 'accept'
  /**
   * Some stored collections and environments get another owner id as their uid prefix, as real
   * listings of one workspace show: a client that builds uids itself breaks. Default off.
   */
  mixedOwners?: boolean
  /**
   * Every observed-but-not-universal behaviour of the real API at once: `updatedAtOnItemEdit:
   * 'stale'` and `mixedOwners: true` (explicit options still win). Default off.
   */
  realApi?: boolean
  faults?: Faults
  /** Time source for rate windows and timestamps; default `Date.now`. */
  clock?: { now(): number }
  /** An async PUT task finishes at its first poll or after this many ms, whichever comes first; default 200. */
  asyncTaskMs?: number
  /** Port on 127.0.0.1; default 0 (ephemeral, for tests). */
  port?: number
}

/** One request as the emulator saw it. The API key itself is never recorded. */
export interface LoggedRequest {
  method: string
  path: string
  query: Record<string, string>
  /** Status sent; 0 when no status line went out (reset, stall). */
  status: number
  apiKeyPresent: boolean
  apiKeyInQuery: boolean
  bodyBytes: number
  /** `clock.now()` at arrival. */
  at: number
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'faults' | 'collectionBodyLimitMb' | 'realApi'>> & { faults: Faults }

/** The owner id the `mixedOwners` switch gives every other stored resource. */
export const OTHER_OWNER_ID = '87654321'

/** Environments hold at most this many variables (postman-app-support #9014). */
export const MAX_ENVIRONMENT_VALUES = 500

export const DEFAULT_API_KEY = 'PMAK-00000000000000000000000a-0000000000000000000000000000000000'

/** Fills every default in one place. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const real = options.realApi === true
  return {
    apiKeys: options.apiKeys ?? [DEFAULT_API_KEY],
    ownerId: options.ownerId ?? '12345678',
    workspaces: options.workspaces ?? [
      { id: 'ws-main', name: 'My Workspace', type: 'personal' },
      { id: 'ws-other', name: 'Team Workspace', type: 'team' }
    ],
    rateLimit: options.rateLimit ?? { limit: 300, windowMs: 60_000 },
    listRateLimit: options.listRateLimit ?? { limit: 10, windowMs: 10_000 },
    monthlyLimit: options.monthlyLimit ?? 1_000_000,
    headerDialect: options.headerDialect ?? 'modern',
    errorFamily: options.errorFamily ?? 'legacy',
    maxCollectionBytes: options.maxCollectionBytes ?? Math.floor((options.collectionBodyLimitMb ?? 10) * 1e6),
    collectionBodyLimitAnswer: options.collectionBodyLimitAnswer ?? 'size-error',
    maxEnvironmentBytes: options.maxEnvironmentBytes ?? 30 * 1e6,
    updatedAtOnItemEdit: options.updatedAtOnItemEdit ?? (real ? 'stale' : 'moves'),
    duplicateEnvKeys: options.duplicateEnvKeys ?? 'refuse',
    mixedOwners: options.mixedOwners ?? real,
    faults: options.faults ?? {},
    clock: options.clock ?? { now: () => Date.now() },
    asyncTaskMs: options.asyncTaskMs ?? 200,
    port: options.port ?? 0
  }
}
