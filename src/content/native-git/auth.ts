/**
 * Auth: v3 requests hold one `{type, credentials}`; definitions hold a list of named
 * configurations `[{id, type, name, credentials}]` (multi-auth), of which the first is the one in
 * use — v2.1 holds a single auth, so that one is converted. Credentials (a map or a list) become
 * the v2.1 attribute list under the type's name: `{type: 'bearer', bearer: [{key, value, type}]}`.
 */
import { isRec, keyValues, type Rec } from './key-values.js'

/** The v2.1 attribute type Postman writes for a value. */
function attributeType(value: unknown): string {
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'object' && value !== null) return 'any'
  return 'string'
}

/** v2.1 auth of a v3 `auth` value; `undefined` when absent (inherit from the parent). */
export function convertAuth(auth: unknown): Rec | undefined {
  const active = Array.isArray(auth) ? auth.find(isRec) : auth
  if (!isRec(active) || typeof active.type !== 'string' || active.type === '') return undefined
  const type = active.type
  const out: Rec = { type }
  if (type === 'noauth') return out
  out[type] = keyValues(active.credentials, false).map((c) => ({
    key: c.key,
    value: c.value ?? '',
    type: typeof c.type === 'string' ? c.type : attributeType(c.value)
  }))
  return out
}
