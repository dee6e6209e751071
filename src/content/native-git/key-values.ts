/**
 * Key/value lists (headers, query parameters, path variables, variables, urlencoded and form
 * fields, auth credentials) come in two forms in v3 files, mixed within one repository: a YAML map
 * `{key: value}`, and a list of `{key, value, description?, disabled?}`. Both become the v2.1 list.
 */
import { isRecord } from '../../util/records.js'
import { scalarText } from '../../util/scalar-text.js'

export type Rec = Record<string, unknown>

/** The record guard of util/records.ts, under the name this folder's modules use. */
export const isRec = isRecord

/** A v2.1 key/value entry; keys beyond these (`type`, `src`, …) are carried over as they are. */
export interface KeyValue {
  key: string
  value?: unknown
  description?: unknown
  disabled?: boolean
  [extra: string]: unknown
}

/** A scalar as the text v2.1 holds for headers, query parameters and fields (`null` → `''`). */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'object' ? JSON.stringify(value) : scalarText(value)
}

/**
 * The list form of a map or list. `text` turns values into strings (headers, parameters, fields,
 * where v2.1 only holds strings); variables keep their YAML type, as v2.1 variables do.
 */
export function keyValues(source: unknown, text = true): KeyValue[] {
  if (Array.isArray(source)) {
    return source.filter(isRec).map((entry) => {
      const out: KeyValue = { key: asText(entry.key) }
      for (const [k, v] of Object.entries(entry)) {
        if (k === 'key' || k.startsWith('$')) continue
        out[k] = k === 'value' && text && v !== null ? asText(v) : v
      }
      return out
    })
  }
  if (isRec(source)) return Object.entries(source).map(([key, value]) => ({ key, value: text ? asText(value) : value }))
  return []
}
