/**
 * A short, redacted excerpt of a request and its response for a finding: method, URL, header
 * keys (never values), status, time and the first bytes of the body.
 */
import { redactUrl, type Redactor } from '../util/redact.js'

/** How much of a response body an excerpt keeps. */
export const BODY_EXCERPT_CHARS = 300

/** The parts of postman-collection's Request that excerpts read. */
export interface RequestLike {
  method?: string
  url?: { toString(): string }
  headers?: { all?: () => Array<{ key?: string; disabled?: boolean }> }
}

/** The parts of postman-collection's Response that excerpts read. */
export interface ResponseLike {
  code?: number
  status?: string
  responseTime?: number
  text?: () => string
}

/** The excerpt text; every line passes through `redact`. */
export function buildExcerpt(request: RequestLike | undefined, response: ResponseLike | undefined, redact: Redactor): string | undefined {
  if (request === undefined) return undefined
  const lines: string[] = []
  lines.push(`${request.method ?? 'GET'} ${redactUrl(String(request.url ?? ''), redact)}`)
  const keys = (request.headers?.all?.() ?? []).filter((h) => !h.disabled && h.key).map((h) => h.key as string)
  if (keys.length > 0) lines.push(`headers: ${[...new Set(keys)].join(', ')}`)
  if (response !== undefined && response.code !== undefined) {
    lines.push(`→ ${response.code} ${response.status ?? ''}${response.responseTime === undefined ? '' : ` (${response.responseTime} ms)`}`.replace('  (', ' ('))
    // Redacted whole, then cut: cutting first could split a secret (or its encoded form) at the
    // edge, leaving its first characters unrecognisable to the redactor but readable to anyone.
    const body = redact(safeText(response))
    if (body.length > 0) {
      const head = body.slice(0, BODY_EXCERPT_CHARS).replace(/\r?\n/g, ' ')
      lines.push(body.length > BODY_EXCERPT_CHARS ? `${head}…` : head)
    }
  } else {
    lines.push('→ no response')
  }
  return lines.map(redact).join('\n')
}

function safeText(response: ResponseLike): string {
  try {
    return response.text?.() ?? ''
  } catch {
    return ''
  }
}
