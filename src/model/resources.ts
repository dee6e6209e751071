/**
 * The two kinds of resource the action syncs, in the shape the Postman API stores them
 * (docs/postman-api.md). Files are converted to these; the client sends and returns them.
 */

/** A v2.1.0 collection as stored: `info`, `item`, `event`, `variable`, `auth`, … */
export type CollectionBody = Record<string, unknown> & {
  info: Record<string, unknown> & { name: string; schema: string; _postman_id?: string; updatedAt?: string }
  item: unknown[]
}

/** One environment variable as the API takes and returns it (docs/postman-api.md). */
export interface EnvironmentValue {
  key: string
  value: string
  type?: 'default' | 'secret' | (string & {}) // `string & {}` keeps the two known names from collapsing into `string`
  enabled?: boolean
  description?: string
  /** Vault-linked variables carry a source; their values live in the vault. */
  secret?: boolean
  source?: Record<string, unknown>
}

export interface EnvironmentBody {
  id?: string
  name: string
  values: EnvironmentValue[]
  owner?: string
  createdAt?: string
  updatedAt?: string
  isPublic?: boolean
}

/** One RFC 6902 operation of `PATCH /environments/{id}` (one operation type per call). */
export interface JsonPatchOperation {
  op: 'add' | 'replace'
  path: string
  value: unknown
}
