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
 * A redactor for a set of secret values. Longer values are replaced first so a secret that
 * contains another is not left half visible. Empty values are ignored (they would match
 * everywhere); every other value is redacted, however short, because a secret is a secret.
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const values = [...new Set([...secrets].filter((value) => value.length > 0).flatMap(encodings))].sort((a, b) => b.length - a.length)
  if (values.length === 0) return (text) => text
  const pattern = new RegExp(values.map(escapeRegExp).join('|'), 'g')
  return (text) => text.replace(pattern, REDACTED)
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

/**
 * A secret as it may come back in a URL, a JSON body or a Basic credential: responses and
 * messages echo values encoded, and an encoded secret is still the secret.
 */
export function encodings(value: string): string[] {
  const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]
  // Short values would match by chance once encoded; base64 is only worth it for real secrets.
  if (value.length >= 6) forms.push(Buffer.from(value).toString('base64').replace(/=+$/, ''))
  return forms.filter((form) => form.length > 0)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
