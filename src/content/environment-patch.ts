/**
 * The least write that brings a Postman environment to what a push means (`mergeEnvironment`):
 * JSON Patch calls on `PATCH /environments/{id}` for the variables the repository added or
 * changed, so Postman-only variables and every secret value are never sent again. The API takes
 * one operation type per call and refuses empty values (docs/postman-api.md), so `add` and
 * `replace` are separate calls, and a change PATCH cannot express — an empty value, a removed
 * description, a duplicate key in Postman, a vault link — falls back to the merged PUT.
 */
import type { EnvironmentBody, EnvironmentValue, JsonPatchOperation } from '../model/resources.js'
import { environmentType, environmentValueString, isSecretValue, isVaultLinked, normalizeDescription } from './normalize.js'
import { isRecord } from '../util/records.js'
import { scalarText } from '../util/scalar-text.js'

type Rec = Record<string, unknown>

/** The calls of a PATCH update, or why it takes a PUT. */
export type EnvironmentWrite = { method: 'PATCH'; calls: JsonPatchOperation[][]; keys: string[] } | { method: 'PUT'; why: string }

const isEmpty = (x: unknown): boolean => x === undefined || x === null || x === ''

/**
 * How to write `merged` (the body `mergeEnvironment(local, remote)` built) over `remote`. The
 * first `ownCount` variables of `merged` are the file's; the rest are Postman's, left alone.
 */
export function environmentWrite(merged: EnvironmentBody, remote: EnvironmentBody, ownCount: number): EnvironmentWrite {
  const remoteValues = Array.isArray(remote.values) ? (remote.values as unknown[]) : []
  const positions = new Map<string, number[]>()
  remoteValues.forEach((r, i) => {
    if (!isRecord(r)) return
    const key = scalarText(r.key ?? '')
    positions.set(key, [...(positions.get(key) ?? []), i])
  })
  const adds: JsonPatchOperation[] = []
  const replaces: JsonPatchOperation[] = []
  const keys: string[] = []
  if (merged.name !== remote.name) replaces.push({ op: 'replace', path: '/name', value: merged.name })
  for (const m of merged.values.slice(0, ownCount)) {
    const at = positions.get(m.key)
    if (at && at.length > 1) return { method: 'PUT', why: `Postman holds the variable '${m.key}' twice` }
    if (!at) {
      adds.push({ op: 'add', path: '/values/-', value: newVariable(m) })
      keys.push(m.key)
      continue
    }
    // `positions` lists are never empty.
    const changes = variableChanges(m, remoteValues[at[0]!] as Rec, at[0]!)
    if (typeof changes === 'string') return { method: 'PUT', why: changes }
    for (const op of changes) (op.op === 'add' ? adds : replaces).push(op)
    if (changes.length > 0) keys.push(m.key)
  }
  return { method: 'PATCH', calls: [adds, replaces].filter((ops) => ops.length > 0), keys }
}

/** A variable as an `add` sends it: no value for a secret (the remote has none yet, and the file's is never sent). */
function newVariable(m: EnvironmentValue): EnvironmentValue {
  const out: EnvironmentValue = { key: m.key, value: m.value, type: m.type, enabled: m.enabled !== false }
  if (m.description !== undefined) out.description = m.description
  return out
}

/** Field operations turning remote variable `r` (at `index`) into `m`; a string says why PATCH cannot. */
function variableChanges(m: EnvironmentValue, r: Rec, index: number): JsonPatchOperation[] | string {
  const ops: JsonPatchOperation[] = []
  const set = (field: string, value: unknown): void => {
    ops.push({ op: field in r ? 'replace' : 'add', path: `/values/${index}/${field}`, value })
  }
  if (isVaultLinked(r) || isVaultLinked(m as unknown as Rec)) {
    return environmentType(r.type) === m.type && (r.enabled !== false) === (m.enabled !== false) ? [] : `'${m.key}' is linked to a vault`
  }
  // A secret's value is Postman's (the merge kept it): never compared, never sent.
  if (!isSecretValue(r) && !isSecretValue(m as unknown as Rec) && environmentValueString(r.value) !== m.value) {
    if (isEmpty(m.value)) return `'${m.key}' gets an empty value, which PATCH refuses`
    set('value', m.value)
  }
  if (environmentType(r.type) !== m.type) set('type', m.type)
  if ((r.enabled !== false) !== (m.enabled !== false)) set('enabled', m.enabled !== false)
  const before = normalizeDescription(r.description)
  if (before !== m.description) {
    if (m.description === undefined) return `the description of '${m.key}' is removed, which PATCH cannot express`
    set('description', m.description)
  }
  return ops
}
