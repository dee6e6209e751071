/**
 * Environments as the Postman API takes and stores them (docs/postman-api.md): validation of POST/PUT
 * bodies, the stored form of each variable, and the JSON Patch of `PATCH /environments/{id}`.
 */
import { clone, isObject } from './collection-format.js'

/** A validation failure, in the words the API uses. */
export type EnvironmentProblem = { kind: 'malformed'; details: string[] } | { kind: 'message'; message: string }

/**
 * Checks `values` of a POST/PUT body. A `null` value gets the documented message; `type: text`
 * (old exports) is tolerated and stored as given; vault-linked variables (`secret` + `source`) pass.
 */
export function validateValues(values: unknown): EnvironmentProblem | undefined {
  if (values === undefined) return undefined
  if (!Array.isArray(values)) return { kind: 'malformed', details: ['environment/values: must be array'] }
  for (const [i, v] of values.entries()) {
    if (!isObject(v)) return { kind: 'message', message: `Invalid type: ${v === null ? 'null' : typeof v} (expected object) at environment.values.${i}` }
    if (v.value === null) return { kind: 'message', message: `Invalid type: null (expected object) at environment.values.${i}` }
    if (typeof v.key !== 'string' || v.key === '') {
      return { kind: 'malformed', details: [`environment/values/${i}: must have required property 'key'`] }
    }
  }
  return undefined
}

/** The stored form: `enabled` defaults to true and `type` to `default`; everything else as sent. */
export function storeEnvironmentValues(values: unknown[]): unknown[] {
  return values.map((v) => {
    const entry = clone(v) as Record<string, unknown>
    return { ...entry, type: entry.type ?? 'default', enabled: entry.enabled ?? true }
  })
}

/** The fields of a stored environment a patch may touch. */
export interface PatchTarget {
  name: string
  values: unknown[]
}

/** The first key that occurs twice among `values`, if any (the API refuses such an environment). */
export function duplicateKey(values: unknown[]): string | undefined {
  const seen = new Set<string>()
  for (const v of values) {
    if (!isObject(v) || typeof v.key !== 'string') continue
    if (seen.has(v.key)) return v.key
    seen.add(v.key)
  }
  return undefined
}

/**
 * The paths each operation may touch, as the API documents them: `add` a variable at
 * `/values/{n}` (or `-`, the end) or a description to one; `replace` the name or one property of a
 * variable; `remove` a variable.
 */
const PATCH_PATHS: Record<string, RegExp> = {
  add: /^\/values\/(\d+|-)(\/description)?$/,
  replace: /^\/(name|values\/\d+\/(key|value|type|enabled|description))$/,
  remove: /^\/values\/\d+$/
}

/** An empty value: absent, null, `''`, or a variable object whose `value` is `''` or absent. */
function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true
  return isObject(value) && (value.value === undefined || value.value === null || value.value === '') && value.secret !== true
}

/**
 * Applies an RFC 6902 patch (`add`, `remove`, `replace`) to `/name` and `/values/...`, with the
 * documented restrictions: an array body, one operation type per call, the documented paths, no
 * empty values. Returns the patched copy or the problem detail.
 */
export function applyEnvironmentPatch(target: PatchTarget, ops: unknown): PatchTarget | { problem: string | string[] } {
  if (!Array.isArray(ops)) return { problem: 'Patch sequence must be an array' }
  const kinds = new Set(ops.map((op) => (isObject(op) ? op.op : undefined)))
  if (kinds.size > 1) return { problem: 'You can only perform one type of operation at a time' }
  const doc = clone(target) as unknown as Record<string, unknown>
  for (const op of ops) {
    if (!isObject(op) || typeof op.path !== 'string' || !Object.hasOwn(PATCH_PATHS, String(op.op)) || !PATCH_PATHS[String(op.op)]!.test(op.path)) {
      return { problem: 'Invalid path in JSON Patch operation' }
    }
    if (op.op !== 'remove' && isEmptyValue(op.value)) return { problem: 'Patch operations with empty value are not supported' }
    const parts = op.path.split('/').slice(1)
    const failure = applyOne(doc, parts, String(op.op), op.value)
    if (failure) return { problem: failure }
  }
  const values = Array.isArray(doc.values) ? doc.values : []
  const notStrings = values.flatMap((v, i) =>
    isObject(v) && v.value !== undefined && typeof v.value !== 'string' ? [`/values/${i}/value: must be a string`] : []
  )
  if (notStrings.length > 0) return { problem: notStrings }
  return doc as unknown as PatchTarget
}

function applyOne(doc: Record<string, unknown>, parts: string[], op: string, value: unknown): string | undefined {
  let parent: unknown = doc
  for (const p of parts.slice(0, -1)) {
    parent = Array.isArray(parent) ? parent[Number(p)] : isObject(parent) ? parent[p] : undefined
    if (parent === undefined) return 'Cannot perform the operation at a path that does not exist'
  }
  const last = parts[parts.length - 1]
  if (last === undefined) return 'Cannot perform the operation at a path that does not exist'
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last)
    if (!Number.isInteger(index) || index < 0 || index > parent.length || (op !== 'add' && index >= parent.length)) {
      return 'Cannot perform the operation at a path that does not exist'
    }
    if (op === 'add') parent.splice(index, 0, clone(value))
    else if (op === 'remove') parent.splice(index, 1)
    else parent[index] = clone(value)
    return undefined
  }
  if (!isObject(parent)) return 'Cannot perform the operation at a path that does not exist'
  if (op !== 'add' && !(last in parent)) return 'Cannot perform the operation at a path that does not exist'
  if (op === 'remove') delete parent[last]
  else parent[last] = clone(value)
  return undefined
}
