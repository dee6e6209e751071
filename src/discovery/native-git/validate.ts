/**
 * JSON Schema validation of parsed v3 files (schemas owned by this repository: Postman publishes
 * none), each problem a finding at the line and column of the offending value.
 * Validators are compiled once per process, on first use.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import type { Finding } from '../../model/finding.js'
import collectionSchema from './collection-v3.schema.json' with { type: 'json' }
import environmentSchema from './environment-v3.schema.json' with { type: 'json' }
import { positionOf, yamlFinding, type YamlFile } from './yaml-file.js'

/** The kinds of v3 file a schema exists for. */
export type V3FileKind = 'definition' | 'request' | 'example' | 'environment'

/** Most schema findings per file: a file broken throughout says so once, not a thousand times. */
export const MAX_SCHEMA_FINDINGS = 20

const validators = new Map<V3FileKind, ValidateFunction>()
let shared: Ajv | undefined

function validatorFor(kind: V3FileKind): ValidateFunction {
  let validate = validators.get(kind)
  if (validate === undefined) {
    // One instance holds the collection schema, so the kinds share its compiled definitions.
    // allErrors: every problem of a file in one run; strict: false for the descriptive keywords.
    shared ??= new Ajv({ allErrors: true, strict: false, schemas: [collectionSchema, environmentSchema] })
    const id = kind === 'environment' ? environmentSchema.$id : `${collectionSchema.$id}#/definitions/${kind}`
    validate = shared.getSchema(id)
    if (validate === undefined) throw new Error(`no schema for ${kind}`)
    validators.set(kind, validate)
  }
  return validate
}

/** Splits a JSON pointer (`/scripts/0/code`) into keys and list indexes. */
function pathFromPointer(pointer: string): Array<string | number> {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

/**
 * Of ajv's errors keeps the most specific one per value: an `anyOf` that failed also reports each
 * branch's failure, and the deepest path names what is actually wrong.
 */
function mostSpecific(errors: ErrorObject[]): ErrorObject[] {
  const paths = errors.map((e) => e.instancePath)
  const byPath = new Map<string, ErrorObject>()
  for (const e of errors) {
    if (paths.some((p) => p.startsWith(`${e.instancePath}/`))) continue
    const seen = byPath.get(e.instancePath)
    if (seen === undefined || (seen.keyword === 'anyOf' && e.keyword !== 'anyOf')) byPath.set(e.instancePath, e)
  }
  return [...byPath.values()]
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the file' : `\`${pathFromPointer(e.instancePath).join('.')}\``
  if (e.keyword === 'anyOf') return `${where} has an unexpected shape`
  if (e.keyword === 'enum')
    return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  return `${where} ${e.message ?? 'is invalid'}`
}

/** Validates a parsed YAML file as a v3 file of the given kind; `[]` when it is valid. */
export function validateV3File(yaml: YamlFile, kind: V3FileKind): Finding[] {
  const validate = validatorFor(kind)
  if (validate(yaml.data)) return []
  const errors = mostSpecific(validate.errors ?? []).slice(0, MAX_SCHEMA_FINDINGS)
  return errors.map((e) => yamlFinding(yaml.file, positionOf(yaml, pathFromPointer(e.instancePath)), 'error', `Schema: ${describe(e)}.`))
}
