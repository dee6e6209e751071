/**
 * The Collection Format JSON Schemas the validator compiles: v2.1.0 as Postman publishes it
 * (`collection-schema-v2.1.0.draft-07.json`, copied verbatim from postmanlabs/schemas @ e462f6b),
 * and v2.0.0 derived from it.
 *
 * Why v2.0.0 is derived, not copied: the two formats differ in one place that matters to the
 * validator — v2.0.0 stores each auth type's parameters as an object keyed by parameter name
 * (`"basic": {"username": "…"}`), v2.1.0 as an array of `{key, value, type}` — and v2.0.0 has no
 * `edgegrid` auth type. Everything else (items, folders, request, url, body, events, variables)
 * has the same shape in postmanlabs/schemas' draft-07 sources of both versions.
 */
import v210 from './collection-schema-v2.1.0.draft-07.json' with { type: 'json' }

type JsonObject = Record<string, unknown>

/** The Collection Format v2.1.0 schema (draft-07), as published. */
export const collectionSchemaV210: JsonObject = v210

/** The Collection Format v2.0.0 schema, derived from v2.1.0 (see the module comment). */
export const collectionSchemaV200: JsonObject = deriveV200(collectionSchemaV210)

/**
 * The same schema without the checks Postman itself does not enforce, so that failing only the
 * strict schema means "usable, with warnings":
 * - `enum` / `const`: Postman adds values over time (auth types such as `jwt`, `asap`; variable
 *   type `default`; form-data type `default`) long after the published schema was frozen.
 * - `info.version` as an object without `major`/`minor`/`patch`: the Postman app exports `{}`.
 */
export function relaxedSchema(schema: JsonObject): JsonObject {
  const copy = dropKeywords(structuredClone(schema), ['enum', 'const']) as JsonObject
  const version = definition(copy, 'version')
  const objectForm = (version.oneOf as JsonObject[] | undefined)?.find((branch) => branch.type === 'object')
  if (objectForm !== undefined) delete objectForm.required
  return copy
}

/** JSON Schema paths (ajv `schemaPath` prefixes) whose failures {@link relaxedSchema} tolerates. */
export const TOLERATED_SCHEMA_PATHS = ['#/definitions/version/']

/** Keywords whose failures {@link relaxedSchema} tolerates. */
export const TOLERATED_KEYWORDS = ['enum', 'const']

function deriveV200(schema: JsonObject): JsonObject {
  const copy = structuredClone(schema)
  copy.$id = 'https://schema.getpostman.com/json/draft-07/collection/v2.0.0/'
  const auth = definition(copy, 'auth')
  const properties = auth.properties as Record<string, JsonObject>
  delete properties.edgegrid
  const type = properties.type
  if (type === undefined) throw new Error('The bundled Collection Format v2.1.0 schema has no auth.type property.')
  type.enum = (type.enum as string[]).filter((name) => name !== 'edgegrid')
  for (const [name, property] of Object.entries(properties)) {
    if (name === 'type' || name === 'noauth') continue
    properties[name] = { type: 'object', title: property.title, description: property.description }
  }
  return copy
}

function definition(schema: JsonObject, name: string): JsonObject {
  const found = (schema.definitions as Record<string, JsonObject> | undefined)?.[name]
  if (found === undefined) throw new Error(`The collection schema has no definition '${name}'.`)
  return found
}

function dropKeywords(node: unknown, keywords: string[]): unknown {
  if (Array.isArray(node)) return node.map((child) => dropKeywords(child, keywords))
  if (node === null || typeof node !== 'object') return node
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(node)) {
    // `properties` maps names to schemas: a property called `enum` is not the keyword.
    if (keywords.includes(key)) continue
    out[key] = key === 'properties' ? mapValues(value as JsonObject, (child) => dropKeywords(child, keywords)) : dropKeywords(value, keywords)
  }
  return out
}

function mapValues(object: JsonObject, fn: (value: unknown) => unknown): JsonObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fn(value)]))
}
