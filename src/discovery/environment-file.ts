/**
 * Validation of one environment file's text (docs/architecture.md#discovery-and-validation): strict JSON, no BOM,
 * no credentials, an environment export (not globals, not a collection), the export shape.
 */
import { duplicateKeyProblems } from './duplicate-keys.js'
import type { EnvironmentBody, EnvironmentValue } from '../model/resources.js'
import type { Finding } from '../model/finding.js'
import type { LocalFile } from '../model/sync-result.js'
import { addSchemaIssues, checkFileText, type TextValidationOptions } from './file-checks.js'
import { isRecord } from '../util/records.js'
import type { FileFindings } from './file-findings.js'
import { checkEnvironmentSchema } from './schema-check.js'

/** Validates the text of an environment file; `file` is set only when there is no error. */
export function validateEnvironmentText(path: string, text: string, options: TextValidationOptions = {}): { file?: LocalFile; findings: Finding[] } {
  const { out, parsed } = checkFileText(path, text)
  if (!parsed.ok) return { findings: out.findings }

  let root = parsed.value
  if (isRecord(root) && isRecord(root.environment) && Object.keys(root).length === 1) {
    out.at(
      'notice',
      ['environment'],
      'Environment unwrapped',
      'The file holds a Postman API response (`{"environment": …}`); the environment inside it is used. Export it from Postman to drop the envelope.'
    )
    out.setPrefix(['environment'])
    root = root.environment
  }
  if (Array.isArray(root)) {
    out.at(
      'error',
      [],
      'Not an environment',
      'This is a legacy globals export (a bare array of variables), not an environment. Pass it as `globals`, or narrow the `environments` globs.'
    )
    return { findings: out.findings }
  }
  if (!isRecord(root)) {
    out.at('error', [], 'Not an environment', 'The file is not a JSON object, so it is not a Postman environment.')
    return { findings: out.findings }
  }
  if (root._postman_variable_scope === 'globals') {
    out.at(
      'error',
      ['_postman_variable_scope'],
      'Globals, not an environment',
      'This is a globals export (`_postman_variable_scope: "globals"`), not an environment. Pass it as the `globals` input, or narrow the `environments` globs.'
    )
    return { findings: out.findings }
  }
  if ('info' in root && 'item' in root) {
    out.at(
      'error',
      [],
      'Not an environment',
      'This is a collection (it has `info` and `item`), not an environment. Rename it or narrow the `environments` globs.'
    )
    return { findings: out.findings }
  }
  addSchemaIssues(out, checkEnvironmentSchema(root), 'environment')
  if (out.hasErrors()) return { findings: out.findings }
  const dropped = checkDuplicateKeys(out, root.values as Array<Record<string, unknown>>)
  if (out.hasErrors()) return { findings: out.findings }

  const environment = toEnvironmentBody(root, dropped)
  const file: LocalFile = { kind: 'environment', path, absPath: options.absPath ?? path, name: environment.name, environment }
  if (environment.id !== undefined && environment.id !== '') file.localId = environment.id
  return { file, findings: out.findings }
}

/** Duplicate keys (`duplicate-keys.ts`) as findings at their `key`; returns the positions left out. */
function checkDuplicateKeys(out: FileFindings, values: Array<Record<string, unknown>>): Set<number> {
  const { problems, dropped } = duplicateKeyProblems(values)
  for (const problem of problems) out.at(problem.level, ['values', problem.index, 'key'], problem.title, problem.message)
  return dropped
}

/**
 * The environment as in the file, without exporter metadata (`_postman_*`, `timestamp`) and the
 * duplicates at `dropped`. Values keep their JSON types; the API mapping (stringify, `text` →
 * `default`) belongs to the sync.
 */
function toEnvironmentBody(root: Record<string, unknown>, dropped: ReadonlySet<number>): EnvironmentBody {
  const values = (root.values as Array<Record<string, unknown>>)
    .filter((_entry, i) => !dropped.has(i))
    .map((entry) => {
      const value: Record<string, unknown> = { key: entry.key, value: entry.value }
      if (entry.type !== undefined) value.type = entry.type
      if (typeof entry.enabled === 'boolean') value.enabled = entry.enabled
      // Old exports (and newman's) write `disabled: true` instead of `enabled: false`.
      else if (typeof entry.disabled === 'boolean') value.enabled = !entry.disabled
      if (entry.description !== undefined) value.description = entry.description
      return value as unknown as EnvironmentValue
    })
  const environment: EnvironmentBody = { name: root.name as string, values }
  if (typeof root.id === 'string') environment.id = root.id
  return environment
}
