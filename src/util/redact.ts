/**
 * Redaction of run excerpts and messages. Collection scripts and responses are not ours: anything
 * they echo may carry an `env-vars` value, a secret-typed environment variable or a credential
 * header, and excerpts end up in annotations, the summary, the PR comment and JUnit.
 */

/** What replaces a redacted value. */
export const REDACTED = '[redacted]'

/** Header names whose values are credentials. Excerpts show header keys only, never values. */
export const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
  'x-goog-api-key'
])

/** Query parameter or variable names that look like credentials. */
const SENSITIVE_NAME = /(token|secret|passw(or)?d|pwd|api[-_]?key|apikey|auth|signature|sig|session|credential|private[-_]?key|cookie)/i

/** Whether a header, query parameter or variable name looks like it carries a credential. */
export function isSensitiveName(name: string): boolean {
  return SENSITIVE_HEADERS.has(name.toLowerCase()) || SENSITIVE_NAME.test(name)
}

/** Replaces secret values in text. */
export type Redactor = (text: string) => string

/**
 * A redactor for a set of secret values, in every form a value travels in (see `secretPattern`
 * and `redactBase64Runs`). Longer values are tried first so a secret that contains another is not
 * left half visible. Empty values are ignored (they would match everywhere); every other value is
 * redacted, however short, because a secret is a secret.
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const values = [...new Set([...secrets].filter((value) => value.length > 0))].sort((a, b) => b.length - a.length)
  if (values.length === 0) return (text) => text
  const direct = new RegExp(
    [...values.map(secretPattern), ...values.flatMap(base64Forms).map((form) => `${B64_CHAR}?${escapeRegExp(form)}${B64_CHAR}?={0,2}`)].join('|'),
    'g'
  )
  const inDecoded = new RegExp(
    values
      .filter((value) => value.length >= MIN_DECODED_SECRET)
      .map(secretPattern)
      .join('|') || '(?!)'
  )
  const decodable = values.some((value) => value.length >= MIN_DECODED_SECRET)
  return (text) => {
    // Whole base64 runs first, so a Basic credential goes as a whole, not as a stub around the middle.
    const decoded = decodable ? redactBase64Runs(String(text), inDecoded) : String(text)
    return decoded.replace(direct, REDACTED)
  }
}

/**
 * A regular expression source matching `value` with each character in any form it can take in a
 * URL, a form body or a JSON string, mixed freely: itself, percent-encoded (its UTF-8 bytes, hex
 * in either case), `+` for a space (form encoding), a JSON `\uXXXX` escape (either case) or a
 * JSON short escape. So `encodeURIComponent`, `URLSearchParams`, `JSON.stringify` and any
 * hand-rolled mixture are all caught, at any offset.
 */
export function secretPattern(value: string): string {
  let source = ''
  for (const char of value) {
    const forms = [escapeRegExp(char), percentForm(char), ...jsonForms(char)]
    if (char === ' ') forms.push('\\+')
    source += `(?:${forms.join('|')})`
  }
  return source
}

/** `%E2%82%AC` for `€`, each hex digit matching either case. */
function percentForm(char: string): string {
  return [...Buffer.from(char, 'utf8')].map((byte) => `%${[...byte.toString(16).toUpperCase().padStart(2, '0')].map(eitherCase).join('')}`).join('')
}

/** `\u0041` (hex in either case) for every character, and JSON's short escapes where they exist. */
function jsonForms(char: string): string[] {
  const units = [...Array(char.length).keys()].map((i) => char.charCodeAt(i))
  const forms = [units.map((unit) => `\\\\u${[...unit.toString(16).toUpperCase().padStart(4, '0')].map(eitherCase).join('')}`).join('')]
  const short = JSON.stringify(char).slice(1, -1)
  if (short !== char && !short.startsWith('\\u')) forms.push(escapeRegExp(short))
  return forms
}

function eitherCase(digit: string): string {
  return /[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit
}

/** base64 and base64url of the value, at each of the three byte alignments it can sit at in a longer encoded text. */
function base64Forms(value: string): string[] {
  if (value.length < MIN_DECODED_SECRET) return []
  const forms: string[] = []
  for (const pad of ['', 'x', 'xx']) {
    const encoded = Buffer.from(pad + value)
      .toString('base64')
      .replace(/=+$/, '')
    // Keep only the characters whose six bits all come from the value: not the pad in front, not
    // the unknown bytes that follow it in a longer text.
    const bytes = Buffer.byteLength(pad + value)
    const stable = encoded.slice(Math.ceil((pad.length * 8) / 6), Math.floor((bytes * 8) / 6))
    if (stable.length >= 4) forms.push(stable, stable.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return forms
}

/**
 * Values shorter than this are not looked for inside decoded base64: a two-letter value would be
 * found in the decoding of almost any token. They are still redacted in every other form.
 */
const MIN_DECODED_SECRET = 4

/** One base64/base64url character: the one before and after a value's stable form also carry some of its bits. */
const B64_CHAR = '[A-Za-z0-9+/_-]'

/** A run of base64 or base64url characters long enough to hide a credential. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{8,}={0,2}/g

/**
 * Redacts every base64 (or base64url) run whose decoding contains a secret, in any of the forms
 * above: this is how `Basic base64(user:secret)` is caught for any user, and a secret inside an
 * encoded JSON token. The run is decoded at each of its four possible alignments, so a token glued
 * to other letters is decoded right at least once.
 */
export function redactBase64Runs(text: string, secret: RegExp): string {
  return text.replace(BASE64_RUN, (run) => {
    const plain = run.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/')
    for (let shift = 0; shift < 4 && plain.length - shift >= 4; shift++) {
      if (secret.test(Buffer.from(plain.slice(shift), 'base64').toString('utf8'))) return REDACTED
    }
    return run
  })
}

/**
 * A URL with userinfo and the values of credential-like query parameters removed, then passed
 * through `redact`. Falls back to `redact` alone when the text is not a URL.
 */
export function redactUrl(url: string, redact: Redactor): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return redact(url)
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = ''
    parsed.password = ''
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (isSensitiveName(key)) parsed.searchParams.set(key, 'REDACTED')
  }
  // URLSearchParams would percent-encode the brackets of the marker; write it back plainly.
  return redact(parsed.toString().replaceAll('=REDACTED', `=${REDACTED}`))
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * A copy of `value` with every string passed through `redact` (object keys too). Iterative, so no
 * nesting depth can overflow the stack; plain data only (what the reports are rendered from).
 */
export function redactDeep<T>(value: T, redact: Redactor): T {
  const copy = (node: unknown): unknown => (Array.isArray(node) ? new Array(node.length) : node !== null && typeof node === 'object' ? {} : node)
  if (typeof value === 'string') return redact(value) as T
  const root = copy(value)
  if (root === value) return value
  const stack: Array<{ from: Record<string, unknown>; to: Record<string, unknown> }> = [
    { from: value as Record<string, unknown>, to: root as Record<string, unknown> }
  ]
  while (stack.length > 0) {
    const { from, to } = stack.pop()!
    for (const [key, child] of Object.entries(from)) {
      const target = Array.isArray(from) ? key : redact(key)
      if (typeof child === 'string') {
        to[target] = redact(child)
      } else if (child !== null && typeof child === 'object') {
        const next = copy(child) as Record<string, unknown>
        to[target] = next
        stack.push({ from: child as Record<string, unknown>, to: next })
      } else {
        to[target] = child
      }
    }
  }
  return root as T
}
