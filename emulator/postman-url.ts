/**
 * Parses a request URL string into the object form the Postman API returns on GET
 * (`{raw, protocol?, host[], port?, path[], query[]?, variable[]?}`), the way Postman's own SDK
 * (`postman-collection` `Url.parse`) splits it. The emulator stores collections like the real API,
 * so a client that sent `"url": "{{baseUrl}}/users/:id?x=1"` reads back an object and must
 * normalize it, exactly as against api.postman.com.
 */

/** The object form of a Postman request URL. */
export interface PostmanUrl {
  raw: string
  protocol?: string
  host?: string[]
  port?: string
  path?: string[]
  query?: Array<{ key: string; value: string | null }>
  hash?: string
  variable?: Array<{ key: string; value: string }>
}

/** Splits `s` on `sep`, but never inside a `{{variable}}` (a variable name may contain dots). */
function splitOutsideVariables(s: string, sep: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith('{{', i)) depth++
    if (s.startsWith('}}', i) && depth > 0) depth--
    if (s[i] === sep && depth === 0) {
      parts.push(current)
      current = ''
    } else {
      current += s[i]
    }
  }
  parts.push(current)
  return parts
}

/** Parses one URL string; never throws (Postman stores whatever was typed). */
export function parsePostmanUrl(raw: string): PostmanUrl {
  const url: PostmanUrl = { raw }
  let rest = raw.trim()

  const hashAt = rest.indexOf('#')
  if (hashAt >= 0) {
    url.hash = rest.slice(hashAt + 1)
    rest = rest.slice(0, hashAt)
  }

  const queryAt = rest.indexOf('?')
  let queryString: string | undefined
  if (queryAt >= 0) {
    queryString = rest.slice(queryAt + 1)
    rest = rest.slice(0, queryAt)
  }

  const protocol = /^([A-Za-z][\w+.-]*):\/\//.exec(rest)
  if (protocol) {
    url.protocol = protocol[1]
    rest = rest.slice(protocol[0].length)
  } else if (rest.startsWith('//')) {
    rest = rest.slice(2)
  }

  // The host ends at the first `/` outside a variable: `{{baseUrl}}/users` has host `{{baseUrl}}`.
  const segments = splitOutsideVariables(rest, '/')
  let hostPart = segments.shift() ?? ''
  const port = /:(\d+|\{\{[^}]+\}\})$/.exec(hostPart)
  if (port) {
    url.port = port[1]
    hostPart = hostPart.slice(0, port.index)
  }
  if (hostPart !== '') url.host = splitOutsideVariables(hostPart, '.')
  if (segments.length > 0) url.path = segments

  if (queryString !== undefined && queryString !== '') {
    url.query = queryString.split('&').map((pair) => {
      const eq = pair.indexOf('=')
      return eq < 0 ? { key: pair, value: null } : { key: pair.slice(0, eq), value: pair.slice(eq + 1) }
    })
  }

  // Postman lists `:name` path segments as path variables with empty values.
  const pathVariables = (url.path ?? []).filter((p) => /^:[\w-]+$/.test(p)).map((p) => ({ key: p.slice(1), value: '' }))
  if (pathVariables.length > 0) url.variable = pathVariables
  return url
}
