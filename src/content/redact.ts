/**
 * What a copy of a Postman resource written to disk (a conflict's remote copy) leaves out: the
 * secrets Postman holds. The copy is for diffing content, not for holding credentials, and it
 * lands on a runner where other steps (and artifacts) can read it. One rule for both kinds:
 * - environments: the values of `secret`-typed and vault-linked variables;
 * - collections, at every level (requests, folders, saved responses' original requests): auth
 *   attribute values except the few that name rather than hold (`username`, where an API key
 *   goes, …); the values of secret-looking query parameters (`api_key`, `token`, `key`, …), in
 *   the parsed list and in the raw URL; and the values of credential headers (`Authorization`, …).
 * A redacted string becomes `''`, as an environment's secret already is (flags such as
 * `disableRetryRequest: false` are not credentials and keep their type).
 */
import type { CollectionBody, EnvironmentBody } from '../model/resources.js'
import { isSecretValue } from './normalize.js'
import { isRecord } from '../util/records.js'
import { scalarText } from '../util/scalar-text.js'

type Rec = Record<string, unknown>

/** Auth attributes that say how or where, never a credential: kept. Every other value is blanked. */
const PUBLIC_AUTH_ATTRIBUTES = new Set([
  // API key auth: `key` is the header or query name, `value` the key.
  'key',
  'username',
  'in',
  'addTokenTo',
  'headerPrefix',
  'grant_type',
  'tokenName',
  'authUrl',
  'accessTokenUrl',
  'redirect_uri',
  'scope',
  'client_authentication',
  'useBrowser',
  'algorithm',
  'realm',
  'service',
  'region',
  'tokenType',
  'challengeAlgorithm'
])

/** Query parameter names whose values are credentials. */
const SECRET_QUERY = /^(api[_-]?key|apikey|key|token|access[_-]?token|auth[_-]?token|secret|client[_-]?secret|password|pwd|sig|signature)$/i

/** Header names whose values are credentials. */
const SECRET_HEADER = /^(authorization|proxy-authorization|x-api-key|api-key|apikey|x-auth-token|cookie)$/i

/** An environment with its secret and vault-linked values blanked. */
export function redactEnvironment(env: EnvironmentBody): EnvironmentBody {
  return { ...env, values: env.values.map((v) => (isSecretValue(v as unknown as Rec) ? { ...v, value: '' } : v)) }
}

/** A copy of the collection with its credentials blanked; the input is not modified. */
export function redactCollection(collection: CollectionBody): CollectionBody {
  const copy = structuredClone(collection)
  walk(copy)
  return copy
}

function walk(node: unknown): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x)
    return
  }
  if (!isRecord(node)) return
  for (const key of Object.keys(node)) {
    const value = node[key]
    if (key === 'auth' && isRecord(value)) redactAuth(value)
    else if (key === 'url') node[key] = redactUrl(value)
    else if (key === 'header' && Array.isArray(value)) redactFields(value, SECRET_HEADER)
    else walk(value)
  }
}

/** `{type, bearer: [{key, value}]}` (or the v2.0 object form `{bearer: {token}}`). */
function redactAuth(auth: Rec): void {
  for (const key of Object.keys(auth)) {
    const params = auth[key]
    if (Array.isArray(params)) {
      for (const p of params) if (isRecord(p) && !PUBLIC_AUTH_ATTRIBUTES.has(String(p.key)) && typeof p.value === 'string') p.value = ''
    } else if (isRecord(params)) {
      for (const name of Object.keys(params)) if (!PUBLIC_AUTH_ATTRIBUTES.has(name) && typeof params[name] === 'string') params[name] = ''
    }
  }
}

function redactFields(list: unknown[], secret: RegExp): void {
  for (const f of list) if (isRecord(f) && secret.test(scalarText(f.key ?? '')) && typeof f.value === 'string') f.value = ''
}

function redactUrl(url: unknown): unknown {
  if (typeof url === 'string') return redactRaw(url)
  if (!isRecord(url)) return url
  if (typeof url.raw === 'string') url.raw = redactRaw(url.raw)
  if (Array.isArray(url.query)) redactFields(url.query, SECRET_QUERY)
  return url
}

/** `?api_key=abc&x=1` → `?api_key=&x=1` */
function redactRaw(raw: string): string {
  return raw.replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, name: string) => (SECRET_QUERY.test(decodeName(name)) ? `${sep}${name}=` : whole))
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}
