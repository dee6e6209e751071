/**
 * One v3 request file (and its examples) → one v2.1 request item. Scripts are converted by the
 * collection converter, which also records where each script line comes from.
 */
import type { YamlFile } from '../../discovery/native-git/yaml-file.js'
import { convertAuth } from './auth.js'
import { convertBody } from './body.js'
import { isRec, keyValues, type Rec } from './key-values.js'
import { convertUrl } from './url.js'
import { scalarText } from '../../util/scalar-text.js'

/** Sets `out[key]` when the value is neither `undefined` nor an empty list. */
function put(out: Rec, key: string, value: unknown): void {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return
  out[key] = value
}

/** A GraphQL request is sent as a POST whose body is the query and its variables. */
function graphqlBody(data: Rec): Rec {
  const variables = data.variables
  return {
    mode: 'graphql',
    graphql: {
      query: typeof data.query === 'string' ? data.query : '',
      variables: isRec(variables) ? JSON.stringify(variables, null, 2) : typeof variables === 'string' ? variables : ''
    }
  }
}

/** The v2.1 `request` object of a v3 request (or of an example's `request`). */
export function convertRequestParts(data: Rec, kind: string): Rec {
  const graphql = kind.startsWith('graphql-')
  const out: Rec = { method: typeof data.method === 'string' && data.method !== '' ? data.method.toUpperCase() : graphql ? 'POST' : 'GET' }
  put(out, 'header', keyValues(data.headers))
  put(out, 'body', graphql ? graphqlBody(data) : convertBody(data.body))
  put(out, 'url', convertUrl(data.url, data.queryParams, data.pathVariables))
  put(out, 'auth', convertAuth(data.auth))
  put(out, 'description', data.description ?? undefined)
  return out
}

/** `settings` → `protocolProfileBehavior`; `disabledSystemHeaders` is a list in v3 and a map in v2.1. */
export function convertSettings(settings: unknown): Rec | undefined {
  if (!isRec(settings)) return undefined
  const out: Rec = { ...settings }
  if (Array.isArray(settings.disabledSystemHeaders)) {
    out.disabledSystemHeaders = Object.fromEntries(settings.disabledSystemHeaders.map((h) => [String(h), true]))
  }
  return Object.keys(out).length === 0 ? undefined : out
}

function exampleName(example: YamlFile): string {
  const data = example.data as Rec
  if (data.name !== undefined && data.name !== null && data.name !== '') return scalarText(data.name)
  const base = example.file.slice(example.file.lastIndexOf('/') + 1)
  return base.endsWith('.example.yaml') ? base.slice(0, -'.example.yaml'.length) : base
}

/** A v3 example → a v2.1 saved response. */
export function convertExample(example: YamlFile): Rec {
  const data = example.data as Rec
  const out: Rec = {}
  put(out, 'id', typeof data.id === 'string' ? data.id : undefined)
  out.name = exampleName(example)
  const kind = typeof data.$kind === 'string' ? data.$kind : 'http-example'
  if (isRec(data.request)) out.originalRequest = convertRequestParts(data.request, kind)
  const response = isRec(data.response) ? data.response : {}
  put(out, 'status', typeof response.statusText === 'string' ? response.statusText : undefined)
  put(out, 'code', typeof response.statusCode === 'number' ? response.statusCode : undefined)
  put(out, 'header', keyValues(response.headers))
  const body = isRec(response.body) ? response.body.content : response.body
  put(out, 'body', body === undefined || body === null ? undefined : typeof body === 'string' ? body : JSON.stringify(body, null, 2))
  return out
}
