/**
 * Redaction by value in every form a value travels in: raw, URL- and form-encoded (either hex
 * case), base64/base64url of the value and of `user:value` for any user, JSON-escaped, at any
 * offset; and before any excerpt is cut.
 */
import { describe, expect, it } from 'vitest'
import { buildExcerpt, BODY_EXCERPT_CHARS } from '../../src/newman/excerpt.js'
import { createRedactor, redactDeep, REDACTED } from '../../src/util/redact.js'

const SECRET = 'p@ss w0rd!(x)~€*'
const redact = createRedactor([SECRET])
const b64 = (text: string) => Buffer.from(text).toString('base64')
const b64url = (text: string) => Buffer.from(text).toString('base64url')
const form = (text: string) => new URLSearchParams({ v: text }).toString().slice(2)

/** What must not survive: the value, and every decoded base64 run that contains it. */
function leaks(text: string): boolean {
  if (text.includes(SECRET) || text.includes('p@ss')) return true
  for (const run of text.match(/[A-Za-z0-9+/_-]{6,}={0,2}/g) ?? []) {
    for (let shift = 0; shift < 4; shift++) {
      const decoded = Buffer.from(run.slice(shift).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
      if (decoded.includes('ss w0rd')) return true
    }
  }
  return /p%40ss|p%40SS|w0rd%21|w0rd!/i.test(text)
}

const FORMS: Record<string, string> = {
  raw: SECRET,
  encodeURIComponent: encodeURIComponent(SECRET),
  'percent, lower-case hex': encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  'form-encoded (+ for space, %21%28)': form(SECRET),
  'form-encoded, lower-case hex': form(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  'JSON-escaped': JSON.stringify(SECRET).slice(1, -1),
  'JSON \\u escapes (ASCII-only JSON)': [...SECRET].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  'mixed: half raw, half encoded': SECRET.slice(0, 6) + encodeURIComponent(SECRET.slice(6)),
  base64: b64(SECRET),
  'base64 without padding': b64(SECRET).replace(/=+$/, ''),
  base64url: b64url(SECRET),
  'Basic auth, user svc': `Basic ${b64(`svc:${SECRET}`)}`,
  'Basic auth, user a (another alignment)': `Basic ${b64(`a:${SECRET}`)}`,
  'Basic auth, user abcd (the third alignment)': `Basic ${b64(`abcd:${SECRET}`)}`,
  'base64url of user:value': b64url(`someone@example.com:${SECRET}`),
  'base64 of a JSON token holding it': b64(JSON.stringify({ sub: 'x', pwd: SECRET })),
  'base64 glued to other letters': `token${b64(`u:${SECRET}`)}`,
  'the value of a user:value pair, base64 inside a longer base64 stream': b64(`header.${'x'.repeat(7)}:${SECRET}.tail`)
}

describe('createRedactor', () => {
  it.each(Object.entries(FORMS))('%s, at any offset in any text', (_name, form) => {
    for (const [before, after] of [
      ['', ''],
      ['x=', '&y=1'],
      ['{"a":"', '"}'],
      ['Authorization: ', '\n'],
      ['Z', 'Z']
    ]) {
      const text = `${before}${form}${after}`
      const out = redact(text)
      expect(leaks(out), `${JSON.stringify(text)} -> ${JSON.stringify(out)}`).toBe(false)
      expect(out).toContain(REDACTED)
    }
  })

  it('leaves text without the value alone, and other base64 runs too', () => {
    const text = `Basic ${b64('svc:something else')} and ${encodeURIComponent('p@ss wor')} and uuid 3f9c2a1e-0000-4000-8000-0123456789ab`
    expect(redact(text)).toBe(text)
  })

  it('short values are redacted in every textual form too', () => {
    const short = createRedactor(['a b'])
    expect(short('x a+b y a%20b z a b')).toBe(`x ${REDACTED} y ${REDACTED} z ${REDACTED}`)
  })

  it('redactDeep copies plain data with every string (and key) redacted, at any depth', () => {
    let deep: Record<string, unknown> = { leaf: `Basic ${b64(`u:${SECRET}`)}` }
    for (let i = 0; i < 50_000; i++) deep = { next: deep, list: [SECRET, 1, null] }
    let node = redactDeep<Record<string, unknown>>(deep, redact)
    expect(node.list).toEqual([REDACTED, 1, null])
    let depth = 0
    while (node.next !== undefined) {
      node = node.next as Record<string, unknown>
      depth++
    }
    expect(depth).toBe(50_000)
    expect(node.leaf).toBe(`Basic ${REDACTED}`)
  })
})

describe('buildExcerpt', () => {
  it.each([BODY_EXCERPT_CHARS - 4, BODY_EXCERPT_CHARS - 1, BODY_EXCERPT_CHARS - 10])(
    'redacts before cutting: a secret starting at %i is not left half visible',
    (offset) => {
      const body = `${'x'.repeat(offset)}${SECRET}${'y'.repeat(400)}`
      const excerpt = buildExcerpt({ method: 'GET', url: { toString: () => 'https://h.test/' } }, { code: 200, status: 'OK', text: () => body }, redact)!
      // What follows the filler is the start of the marker, never the start of the secret.
      const shown = excerpt.split('\n')[2]!.replace(/^x+/, '').replace(/…$/, '')
      expect(shown.length).toBeGreaterThan(0)
      expect(REDACTED.startsWith(shown)).toBe(true)
    }
  )
})
