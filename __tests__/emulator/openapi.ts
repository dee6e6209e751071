/**
 * Validates emulator responses against Postman's official OpenAPI 1.45.0 description, with ajv.
 * The 1.7 MB YAML is parsed once per test file (each file imports this module once).
 * OpenAPI 3.0 is JSON Schema with extras (`nullable`, `example`, `discriminator`, custom formats):
 * ajv runs with `strict: false`, formats unchecked (Postman's `uid`, `url`, `http-status-code` are
 * not JSON Schema formats), and `nullable` is understood by ajv natively.
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import { parse } from 'yaml'

const SPEC_PATH = '/work/shared/postman-api/postman-api-openapi-1.45.0.yaml'
const SPEC_ID = 'postman-api.json'

interface OpenApi {
  paths: Record<string, Record<string, { responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }> }>>
  components: { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }
}

let cached: { spec: OpenApi; ajv: Ajv } | undefined

function load(): { spec: OpenApi; ajv: Ajv } {
  if (cached) return cached
  const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApi
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true })
  // The whole document is one schema resource, so `#/components/schemas/...` refs resolve inside it.
  ajv.addSchema({ $id: SPEC_ID, components: spec.components } as object)
  cached = { spec, ajv }
  return cached
}

const validators = new Map<string, ValidateFunction>()

/** The JSON pointer of the response schema for (path template, method, status), or undefined if none is documented. */
export function responseSchemaRef(pathTemplate: string, method: string, status: number): string | undefined {
  const { spec } = load()
  const op = spec.paths[pathTemplate]?.[method.toLowerCase()]
  if (!op?.responses) throw new Error(`OpenAPI has no ${method} ${pathTemplate}`)
  const response = op.responses[String(status)]
  if (!response) return undefined
  const name = response.$ref?.replace('#/components/responses/', '')
  const resolved = name ? spec.components.responses[name] : response
  const content = resolved?.content
  if (!content) return undefined
  const mediaType = Object.keys(content)[0]
  // JSON Pointer: `/` inside a key (the media type) is written `~1`.
  return name ? `${SPEC_ID}#/components/responses/${name}/content/${mediaType.replace(/\//g, '~1')}/schema` : undefined
}

/** Errors of `body` against the documented schema; throws when the status is not documented. */
export function openApiErrors(pathTemplate: string, method: string, status: number, body: unknown): string[] {
  const ref = responseSchemaRef(pathTemplate, method, status)
  if (!ref) throw new Error(`OpenAPI documents no ${status} for ${method} ${pathTemplate}`)
  let validate = validators.get(ref)
  if (!validate) {
    validate = load().ajv.getSchema(ref)
    if (!validate) throw new Error(`cannot compile ${ref}`)
    validators.set(ref, validate)
  }
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}
