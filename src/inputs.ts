/**
 * Reads the action's inputs, once, into a typed `Settings`. The only module that calls
 * `core.getInput`: every other module takes its options from `Settings`.
 *
 * Defaults come from action.yml (the runner applies them), so an empty value here is what the
 * workflow wrote, never "not given": a required form that is empty is an error, as with
 * `core.getBooleanInput`.
 */
import * as core from '@actions/core'
import { InputError } from './errors.js'
import type { FailOn, OnConflict, Settings, Shard, StateMode, SyncInput, Tristate } from './settings.js'
import { isLoopbackHost } from './util/hosts.js'
import { COMMENT_MODES, type CommentMode } from './report/comment-policy.js'

/**
 * An invalid secret input. Same class family as `InputError` (callers catch one type), but the
 * message names where the problem is, never the value: the value is a key, a token or an env-vars
 * value, and the message ends up in the log, the summary and the check run.
 */
export class SecretInputError extends InputError {
  constructor(input: string, problem: string, expected: string) {
    super(input, '', expected)
    this.message = `Input '${input}' ${problem} (the value is not shown: it is secret), expected ${expected}.`
  }
}

/**
 * Reads and validates every input. Masks (`core.setSecret`) the API key, the GitHub token and each
 * `env-vars` value before validating anything. Throws `InputError` on the first bad value.
 */
export function readSettings(): Settings {
  // Secrets first, each masked before anything can throw: an error below must not print an
  // unmasked key, and the runner masks only what it was told about.
  const apiKey = readCredential('postman-api-key', 'a Postman API key (PMAK-…)')
  const githubToken = readCredential('github-token', 'a GitHub token')
  const envVars = parseEnvVars(core.getInput('env-vars'), core.setSecret)

  return {
    apiKey,
    apiUrl: parseApiUrl('api-url', input('api-url')),
    workspace: input('workspace'),
    collections: parseGlobs('collections', input('collections')),
    environments: parseGlobs('environments', input('environments')),
    v3Collections: parseGlobs('v3-collections', input('v3-collections')),
    sync: parseEnum<SyncInput>('sync', input('sync'), ['auto', 'push', 'plan', 'pull', 'off']),
    createMissing: parseBoolean('create-missing', input('create-missing')),
    onConflict: parseEnum<OnConflict>('on-conflict', input('on-conflict'), ['fail', 'skip', 'overwrite']),
    state: parseEnum<StateMode>('state', input('state'), ['workspace', 'off']),
    maxCollectionMb: parseInteger('max-collection-mb', input('max-collection-mb'), { min: 1, max: 1000 }),
    baseRef: input('base-ref'),
    run: parseBoolean('run', input('run')),
    runCollections: parseGlobs('run-collections', input('run-collections')),
    runEnvironment: input('run-environment'),
    globals: input('globals'),
    envVars,
    iterationCount: parseOptionalInteger('iteration-count', input('iteration-count'), { min: 1 }),
    iterationData: input('iteration-data'),
    folder: parseLines(input('folder')),
    bail: parseBoolean('bail', input('bail')),
    insecure: parseBoolean('insecure', input('insecure')),
    timeoutRequest: parseInteger('timeout-request', input('timeout-request'), { min: 1, max: MAX_TIMER_MS }),
    timeout: parseInteger('timeout', input('timeout'), { min: 1, max: MAX_TIMER_MS }),
    waitFor: parseOptionalHttpUrl('wait-for', input('wait-for')),
    waitTimeout: parseInteger('wait-timeout', input('wait-timeout'), { min: 1, max: MAX_TIMER_MS }),
    parallel: parseInteger('parallel', input('parallel'), { min: 1, max: MAX_PARALLEL }),
    shard: parseShard('shard', input('shard')),
    junitReport: input('junit-report'),
    htmlReport: input('html-report'),
    uploadArtifact: parseBoolean('upload-artifact', input('upload-artifact')),
    githubToken,
    checkRun: parseEnum<Tristate>('check-run', input('check-run'), ['auto', 'true', 'false']),
    checkName: parseNonEmpty('check-name', input('check-name'), 'a non-empty check-run name'),
    comment: parseEnum<CommentMode>('comment', input('comment'), [...COMMENT_MODES]),
    failOn: parseEnum<FailOn>('fail-on', input('fail-on'), ['error', 'sync-error', 'never'])
  }
}

/** Longest delay Node's timers honour; a larger one fires after 1 ms instead. */
export const MAX_TIMER_MS = 2_147_483_647

/** Upper bound on `parallel`: each run holds a collection and its responses in memory. */
export const MAX_PARALLEL = 64

function input(name: string): string {
  return core.getInput(name)
}

/** Reads a credential, masks it at once, then checks it can go into an HTTP header. */
function readCredential(name: string, expected: string): string {
  const value = core.getInput(name)
  if (value !== '') core.setSecret(value)
  // A space or line break inside would make an invalid header (or smuggle a second one).
  if (/[\s\p{Cc}]/u.test(value)) {
    throw new SecretInputError(name, 'contains a space, a line break or a control character', `${expected} on one line`)
  }
  return value
}

/** `core.getBooleanInput`'s YAML 1.2 core-schema booleans, with our error message. */
export function parseBoolean(name: string, raw: string): boolean {
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(name, raw, 'true or false')
}

/** One of `allowed`, compared case-insensitively and returned in lower case. */
export function parseEnum<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  const value = raw.toLowerCase()
  const match = allowed.find((candidate) => candidate === value)
  if (match === undefined) throw new InputError(name, raw, `one of ${allowed.join(', ')}`)
  return match
}

/** Inclusive bounds of an integer input; no `max` means only `Number.isSafeInteger` bounds it. */
export interface IntegerRange {
  min: number
  max?: number
}

function describeRange({ min, max }: IntegerRange): string {
  return max === undefined ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`
}

/** A decimal whole number within `range`: no sign, fraction, exponent or unit. */
export function parseInteger(name: string, raw: string, range: IntegerRange): number {
  // `Number()` alone would take '1e3', '0x10', ' 12 ' and '' (as 0); workflows should say what they mean.
  if (!/^\d+$/.test(raw)) throw new InputError(name, raw, describeRange(range))
  const value = Number(raw)
  if (value < range.min || (range.max !== undefined && value > range.max) || !Number.isSafeInteger(value)) {
    throw new InputError(name, raw, describeRange(range))
  }
  return value
}

/** As `parseInteger`, but empty means "not set" (the tool's own default applies). */
export function parseOptionalInteger(name: string, raw: string, range: IntegerRange): number | undefined {
  return raw === '' ? undefined : parseInteger(name, raw, range)
}

/** A non-empty value, trimmed. */
export function parseNonEmpty(name: string, raw: string, expected: string): string {
  if (raw === '') throw new InputError(name, raw, expected)
  return raw
}

/** Lines, trimmed, blank ones dropped. For lists whose items may contain commas (folder names). */
export function parseLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

const GLOB_FORM = 'relative globs separated by newlines or commas (a leading ! negates), without .. or a leading /'

/**
 * Glob patterns, newline- or comma-separated. Commas inside `{a,b}` or `[…]` belong to the
 * pattern. Items are trimmed, empty ones dropped, a leading `!` kept and `./` dropped. Patterns are
 * relative to the repository root, so an absolute one or one with a `..` segment is refused here
 * rather than silently matching nothing (or something outside the checkout).
 */
export function parseGlobs(name: string, raw: string): string[] {
  const globs: string[] = []
  for (const item of splitGlobList(raw)) {
    const negated = item.startsWith('!')
    let pattern = negated ? item.slice(1).trimStart() : item
    while (pattern.startsWith('./')) pattern = pattern.slice(2)
    if (pattern === '' || pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern) || /(^|[\\/])\.\.([\\/]|$)/.test(pattern)) {
      throw new InputError(name, item, GLOB_FORM)
    }
    globs.push(negated ? `!${pattern}` : pattern)
  }
  return globs
}

/** Splits on newlines, and on commas outside braces and brackets; trims; drops empties. */
function splitGlobList(raw: string): string[] {
  const items: string[] = []
  let current = ''
  let braces = 0
  let inBracket = false
  for (const char of raw) {
    if (char === '\n' || char === '\r' || (char === ',' && braces === 0 && !inBracket)) {
      items.push(current)
      current = ''
      // A line break ends any unbalanced group: one bad line must not swallow the next.
      if (char !== ',') {
        braces = 0
        inBracket = false
      }
      continue
    }
    if (!inBracket && char === '{') braces++
    else if (!inBracket && char === '}' && braces > 0) braces--
    else if (char === '[') inBracket = true
    else if (char === ']') inBracket = false
    current += char
  }
  items.push(current)
  return items.map((item) => item.trim()).filter((item) => item !== '')
}

const ENV_VARS_FORM = 'KEY=VALUE lines (blank lines and lines starting with # are ignored)'

/**
 * `KEY=VALUE` lines; the value is everything after the first `=`, so it may contain `=`. Every
 * value (and any line without `=`, which may be a pasted secret) goes to `mask` before anything is
 * validated. Errors name the line number and, for a duplicate, the key, never a value.
 */
export function parseEnvVars(raw: string, mask: (secret: string) => void): Record<string, string> {
  const lines = raw.split(/\r?\n/).map((line, index) => ({ number: index + 1, text: line.trim() }))
  const entries = lines.filter((line) => line.text !== '' && !line.text.startsWith('#'))

  for (const { text } of entries) {
    const eq = text.indexOf('=')
    const secret = eq === -1 ? text : text.slice(eq + 1).trim()
    if (secret !== '') mask(secret)
  }

  // A Map then `fromEntries`: assigning a key such as `__proto__` to a plain object would not add it.
  const vars = new Map<string, string>()
  const firstLine = new Map<string, number>()
  for (const { number, text } of entries) {
    const eq = text.indexOf('=')
    if (eq === -1) throw new SecretInputError('env-vars', `line ${number} has no '='`, ENV_VARS_FORM)
    const key = text.slice(0, eq).trim()
    if (key === '') throw new SecretInputError('env-vars', `line ${number} has no name before '='`, ENV_VARS_FORM)
    const earlier = firstLine.get(key)
    if (earlier !== undefined) {
      throw new SecretInputError('env-vars', `line ${number} sets '${key}' again (first set on line ${earlier})`, ENV_VARS_FORM)
    }
    firstLine.set(key, number)
    vars.set(key, text.slice(eq + 1).trim())
  }
  return Object.fromEntries(vars)
}

/** `i/n` with 1 ≤ i ≤ n. */
export function parseShard(name: string, raw: string): Shard {
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(raw)
  const index = match ? Number(match[1]) : NaN
  const total = match ? Number(match[2]) : NaN
  if (!match || index < 1 || total < 1 || index > total || !Number.isSafeInteger(total)) {
    throw new InputError(name, raw, 'i/n with 1 ≤ i ≤ n, such as 1/1 or 2/4')
  }
  return { index, total }
}

/** The URL as it may be shown: credentials in it are replaced, since they are secrets too. */
function showUrl(raw: string, url: URL | undefined): string {
  if (!url || (url.username === '' && url.password === '')) return raw
  const shown = new URL(url.href)
  shown.username = '***'
  shown.password = ''
  return shown.href
}

function tryParseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw)
  } catch {
    return undefined
  }
}

const API_URL_FORM =
  'an https:// base URL such as https://api.postman.com, without credentials, query or fragment (http:// only for loopback hosts: 127.0.0.0/8, localhost, [::1])'

/**
 * The Postman API base URL, without a trailing slash. HTTPS, because the API key travels in a
 * header; plain HTTP only to a loopback host (the emulator), where nothing crosses a network.
 */
export function parseApiUrl(name: string, raw: string): string {
  const url = tryParseUrl(raw)
  const ok =
    url !== undefined &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
  if (!ok) throw new InputError(name, showUrl(raw, url), API_URL_FORM)
  return url.href.replace(/\/+$/, '')
}

/** An `http:`/`https:` URL to poll, or empty for none. Any host: it is the service under test. */
export function parseOptionalHttpUrl(name: string, raw: string): string {
  if (raw === '') return ''
  const url = tryParseUrl(raw)
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError(name, showUrl(raw, url), 'an http:// or https:// URL')
  }
  return url.href
}
