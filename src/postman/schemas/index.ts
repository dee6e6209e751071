/**
 * JSON Schemas of the Postman API responses the client and the emulator rely on, one file per
 * response family, compiled once on first use. The emulator's contract tests validate every answer
 * against them, and the client decodes responses with the same validators, so the two cannot drift.
 * The facts behind each schema, with their public sources, are in docs/postman-api.md.
 */
import { Ajv, type ValidateFunction } from 'ajv'
import collection from './collection.json' with { type: 'json' }
import environment from './environment.json' with { type: 'json' }
import error from './error.json' with { type: 'json' }
import task from './task.json' with { type: 'json' }
import user from './user.json' with { type: 'json' }
import workspace from './workspace.json' with { type: 'json' }

/** Every response kind, mapped to its schema (file `$id` and definition). */
const KINDS = {
  collection: 'postman-api/collection.json#/definitions/get',
  collectionWrite: 'postman-api/collection.json#/definitions/write',
  collectionPatch: 'postman-api/collection.json#/definitions/patch',
  collectionDelete: 'postman-api/collection.json#/definitions/delete',
  collectionList: 'postman-api/collection.json#/definitions/list',
  environment: 'postman-api/environment.json#/definitions/get',
  environmentWrite: 'postman-api/environment.json#/definitions/write',
  environmentPatch: 'postman-api/environment.json#/definitions/patch',
  environmentDelete: 'postman-api/environment.json#/definitions/delete',
  environmentList: 'postman-api/environment.json#/definitions/list',
  workspace: 'postman-api/workspace.json#/definitions/get',
  workspaceList: 'postman-api/workspace.json#/definitions/list',
  me: 'postman-api/user.json#/definitions/me',
  legacyError: 'postman-api/error.json#/definitions/legacy',
  problem: 'postman-api/error.json#/definitions/problem',
  error: 'postman-api/error.json#/definitions/any',
  taskAccepted: 'postman-api/task.json#/definitions/accepted',
  task: 'postman-api/task.json#/definitions/task'
} as const

/** A response kind with a schema. */
export type ResponseKind = keyof typeof KINDS

export const RESPONSE_KINDS = Object.keys(KINDS) as ResponseKind[]

let ajv: Ajv | undefined
const compiled = new Map<ResponseKind, ValidateFunction>()

/** The compiled validator of one response kind. */
export function responseValidator(kind: ResponseKind): ValidateFunction {
  const cached = compiled.get(kind)
  if (cached) return cached
  // allErrors: a contract test shows every difference at once. allowUnionTypes: the API really
  // sends some fields in more than one type (a script's exec, an error's details).
  ajv ??= new Ajv({ allErrors: true, allowUnionTypes: true, schemas: [collection, environment, error, task, user, workspace] })
  const validate = ajv.getSchema(KINDS[kind])
  if (!validate) throw new Error(`no schema for the response kind ${kind}`)
  compiled.set(kind, validate)
  return validate
}

/** What is wrong with `body` as a response of `kind`, one line per problem (`/path message`); `[]` when it fits. */
export function responseErrors(kind: ResponseKind, body: unknown): string[] {
  const validate = responseValidator(kind)
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? 'is invalid'}`)
}
