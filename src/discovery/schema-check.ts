/**
 * JSON Schema validation of parsed Postman files with ajv, turned into issues at JSON paths.
 *
 * Collections are checked twice only when needed: against the strict Collection Format schema
 * (the fast path: a valid file is validated once), and on failure against a relaxed form of it.
 * What fails the relaxed schema is a structure or type error; what fails only the strict one is a
 * value Postman added after the schema was frozen (an auth type, a variable type) — a warning.
 * Validators are compiled once per process, on first use.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { TOLERATED_KEYWORDS, TOLERATED_SCHEMA_PATHS, collectionSchemaV200, collectionSchemaV210, relaxedSchema } from './schemas/collection-schemas.js'
import environmentSchema from './schemas/environment.schema.json' with { type: 'json' }
import { pathFromPointer } from '../util/json-positions.js'

/** One schema problem, at the JSON path of the offending value. */
export interface SchemaIssue {
  level: 'error' | 'warning'
  /** Path of the offending value (`['item', '0', 'request']`); `[]` for the root. */
  path: string[]
  message: string
}

export type CollectionFormat = 'v2.1.0' | 'v2.0.0'

/** Most issues reported per file: a file broken throughout says so once, not ten thousand times. */
export const MAX_SCHEMA_ISSUES = 20

interface CollectionValidators {
  strict: ValidateFunction
  relaxed: ValidateFunction
}

const compiled = new Map<string, CollectionValidators>()
let environmentValidator: ValidateFunction | undefined

function newAjv(): Ajv {
  // allErrors: report every problem of a file in one run. strict: false, because the published
  // schema uses `$schema`/`$id` inside definitions and draft-04-era keywords ajv's strict mode flags.
  // verbose: errors carry their parent schema, which tells the branches of a `oneOf` apart.
  return new Ajv({ allErrors: true, strict: false, verbose: true })
}

function collectionValidators(format: CollectionFormat): CollectionValidators {
  let validators = compiled.get(format)
  if (validators === undefined) {
    const schema = format === 'v2.0.0' ? collectionSchemaV200 : collectionSchemaV210
    validators = { strict: newAjv().compile(schema), relaxed: newAjv().compile(relaxedSchema(schema)) }
    compiled.set(format, validators)
  }
  return validators
}

/**
 * The deepest folder nesting a collection may have. ajv's validator recurses several frames per
 * folder level and overflows the stack between 1,000 and 2,000 levels; no real collection comes
 * near 500. Checked iteratively before the schema; documented in the README ("Limits").
 */
export const MAX_FOLDER_DEPTH = 500

/** Validates a parsed collection (the envelope already removed) against its format's schema. */
export function checkCollectionSchema(collection: unknown, format: CollectionFormat): SchemaIssue[] {
  const tooDeep = folderTooDeep(collection)
  if (tooDeep !== undefined) {
    return [
      {
        level: 'error',
        path: tooDeep,
        message: `Folders are nested more than ${MAX_FOLDER_DEPTH} levels deep here; Postman Sync refuses deeper nesting (see "Limits" in the README). Flatten the folders.`
      }
    ]
  }
  const { strict, relaxed } = collectionValidators(format)
  if (strict(collection)) return []
  const strictErrors = strict.errors ?? []
  const structural = relaxed(collection) ? [] : issuesFrom(relaxed.errors ?? [], 'error', collection)
  const tolerated = issuesFrom(strictErrors.filter(isTolerated), 'warning', collection).filter(
    // A path with a structural error already carries the more important message.
    (warning) => !structural.some((error) => samePath(error.path, warning.path))
  )
  return [...structural, ...tolerated]
}

/** Validates a parsed environment export against the export shape (`src/discovery/schemas/environment.schema.json`). */
export function checkEnvironmentSchema(environment: unknown): SchemaIssue[] {
  environmentValidator ??= newAjv().compile(environmentSchema)
  return environmentValidator(environment) ? [] : issuesFrom(environmentValidator.errors ?? [], 'error', environment)
}

/** JSON path of the first item nested deeper than `MAX_FOLDER_DEPTH`, found without recursion. */
export function folderTooDeep(collection: unknown, limit: number = MAX_FOLDER_DEPTH): string[] | undefined {
  const stack: Array<{ node: unknown; path: string[]; depth: number }> = [{ node: collection, path: [], depth: 0 }]
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!
    const items = node !== null && typeof node === 'object' ? (node as { item?: unknown }).item : undefined
    if (!Array.isArray(items)) continue
    for (let i = 0; i < items.length; i++) {
      const itemPath = [...path, 'item', String(i)]
      if (depth + 1 > limit) return itemPath
      stack.push({ node: items[i], path: itemPath, depth: depth + 1 })
    }
  }
  return undefined
}

function isTolerated(error: ErrorObject): boolean {
  return TOLERATED_KEYWORDS.includes(error.keyword) || TOLERATED_SCHEMA_PATHS.some((prefix) => error.schemaPath.startsWith(prefix))
}

/**
 * ajv reports, for a value that fails a `oneOf` (request or folder?), the errors of every branch.
 * Keep the deepest ones — the branch that got furthest is the one the author meant — and merge the
 * errors at one path into one message.
 */
function issuesFrom(errors: ErrorObject[], level: SchemaIssue['level'], data: unknown): SchemaIssue[] {
  const specific = errors.filter((error) => !['oneOf', 'anyOf', 'if'].includes(error.keyword))
  const candidates = specific.length > 0 ? specific : errors
  const paths = candidates.map((error) => pathFromPointer(error.instancePath))
  const byPath = new Map<string, { path: string[]; errors: ErrorObject[] }>()
  candidates.forEach((error, index) => {
    const path = paths[index]! // paths maps candidates one to one
    if (paths.some((other) => isStrictPrefix(path, other))) return
    const key = path.join('\u0000')
    const entry = byPath.get(key) ?? { path, errors: [] }
    entry.errors.push(error)
    byPath.set(key, entry)
  })
  return [...byPath.values()].map(({ path, errors: group }) => ({
    level,
    path,
    message: `${where(path)} ${describe(group, valueAt(data, path), level)}.`
  }))
}

/** One sentence for every error at one path; alternatives (oneOf branches) joined with "or". */
function describe(errors: ErrorObject[], value: unknown, level: SchemaIssue['level']): string {
  const parts: string[] = []
  // Missing properties, per schema branch: one branch needs all of its list.
  const missing = new Map<unknown, string[]>()
  const types = new Set<string>()
  const allowed = new Set<string>()
  for (const error of errors) {
    const params = error.params as Record<string, unknown>
    if (error.keyword === 'required') {
      const branch = error.parentSchema ?? error.schemaPath
      const list = missing.get(branch) ?? []
      const name = `'${String(params.missingProperty)}'`
      if (!list.includes(name)) list.push(name)
      missing.set(branch, list)
    } else if (error.keyword === 'type') {
      for (const type of String(params.type).split(',')) types.add(type)
    } else if (error.keyword === 'enum') {
      for (const known of params.allowedValues as unknown[]) allowed.add(String(known))
    } else if (error.keyword === 'const') {
      allowed.add(String(params.allowedValue))
    } else {
      const message = error.message ?? `fails the schema keyword '${error.keyword}'`
      if (!parts.includes(message)) parts.push(message)
    }
  }
  for (const list of missing.values()) parts.push(`is missing the propert${list.length > 1 ? 'ies' : 'y'} ${list.join(', ')}`)
  if (types.size > 0) parts.push(`must be ${[...types].join(' or ')}`)
  if (allowed.size > 0) {
    // Enum-checked fields hold type names (auth type, body mode), never credentials, so a short
    // value is safe to quote and tells the reader what to look for.
    const shown = typeof value === 'string' && value.length <= 40 ? ` '${value}'` : ''
    const known = [...allowed].map((name) => `'${name}'`).join(', ')
    parts.push(
      level === 'warning'
        ? `has the value${shown}, which the Collection Format schema does not list (it knows ${known}); Postman may still accept it`
        : `has the value${shown}; expected ${known}`
    )
  }
  return parts.join('; or ')
}

/** `item[0].request.auth.type` — how a reader finds the value, without printing it. */
function where(path: string[]): string {
  if (path.length === 0) return 'The file'
  let out = ''
  for (const segment of path) out += /^\d+$/.test(segment) ? `[${segment}]` : out === '' ? segment : `.${segment}`
  return `'${out}'`
}

function valueAt(data: unknown, path: string[]): unknown {
  let node = data
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[segment]
  }
  return node
}

function isStrictPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length < path.length && prefix.every((segment, index) => segment === path[index])
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index])
}
