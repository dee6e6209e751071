/**
 * A Native Git environment (`*.environment.yaml`) as a run's `run-environment`: read, validated and
 * converted to the `{ name, values }` newman takes, so a repository Postman's Native Git writes can
 * run with its own environment file. An invalid file stops the runs, naming the input and the line.
 */
import { resolve } from 'node:path'
import { ActionError } from '../errors.js'
import { readV3Environment } from '../discovery/native-git/read-environment.js'
import { convertV3Environment } from '../content/native-git/convert-environment.js'
import type { EnvironmentBody } from '../model/resources.js'

/** Reads one for `input`; its problems are an error naming the input, the file and the line. */
export async function readV3EnvironmentInput(root: string, path: string, input: string): Promise<EnvironmentBody> {
  const { yaml, findings } = await readV3Environment(resolve(root, path), { relativeTo: root })
  const errors = findings.filter((f) => f.level === 'error')
  if (yaml === undefined || errors.length > 0) {
    const first = errors[0]
    const where = first === undefined ? path : `${first.file}${first.line === undefined ? '' : `:${first.line}`}`
    throw new ActionError(`Input '${input}': ${path} is not a valid Native Git environment (${where}: ${first?.message ?? 'unreadable'}).`)
  }
  return convertV3Environment(yaml)
}
