/**
 * v3 holds a request URL as one string (query string included) with the parameters beside it
 * (`queryParams`, `pathVariables`). v2.1 holds the parsed parts too, and Newman sends what the
 * parts say, so the string is split the way Postman's SDK splits it: protocol, host, port, path,
 * query, hash. The query list of the file wins over the parsed one: it alone holds disabled and
 * described parameters.
 */
import { keyValues, type Rec } from './key-values.js'

function splitQuery(query: string): Rec[] {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=')
      return eq === -1 ? { key: pair, value: null } : { key: pair.slice(0, eq), value: pair.slice(eq + 1) }
    })
}

/** The parts of a raw URL, as the Postman SDK parses it (variables such as `{{baseUrl}}` kept whole). */
export function parseRawUrl(raw: string): Rec {
  const out: Rec = { raw }
  let rest = raw
  const hashAt = rest.indexOf('#')
  if (hashAt !== -1) {
    out.hash = rest.slice(hashAt + 1)
    rest = rest.slice(0, hashAt)
  }
  const queryAt = rest.indexOf('?')
  if (queryAt !== -1) {
    const query = splitQuery(rest.slice(queryAt + 1))
    if (query.length > 0) out.query = query
    rest = rest.slice(0, queryAt)
  }
  const protocol = /^([^:/?#{}]+):\/\//.exec(rest)
  if (protocol) {
    out.protocol = protocol[1]
    rest = rest.slice(protocol[0].length)
  }
  const slash = rest.indexOf('/')
  let host = slash === -1 ? rest : rest.slice(0, slash)
  const port = /:(\d+|\{\{[^}]+\}\})$/.exec(host)
  if (port) {
    out.port = port[1]
    host = host.slice(0, port.index)
  }
  if (host !== '') out.host = host.split('.')
  if (slash !== -1) out.path = rest.slice(slash + 1).split('/')
  return out
}

/** The v2.1 URL object of a v3 request's `url`, `queryParams` and `pathVariables`. */
export function convertUrl(url: unknown, queryParams: unknown, pathVariables: unknown): Rec | undefined {
  const raw = typeof url === 'string' ? url : ''
  const query = keyValues(queryParams)
  const variable = keyValues(pathVariables)
  if (raw === '' && query.length === 0 && variable.length === 0) return undefined
  const out = parseRawUrl(raw)
  if (query.length > 0) out.query = query
  if (variable.length > 0) out.variable = variable
  return out
}
