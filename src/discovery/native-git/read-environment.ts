/**
 * Reads one Native Git environment file (`*.environment.yaml`): parsed with positions and validated
 * against the repository's environment schema. Real files carry extra cloud fields (owner, team,
 * createdAt, color, `version: v3`, a v2-style `id`), which are allowed and left to the converter.
 */
import { readFileSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'
import type { Finding } from '../../model/finding.js'
import { errorCode } from './read-collection.js'
import { validateV3File } from './validate.js'
import { parseYamlFile, yamlFinding, type YamlFile } from './yaml-file.js'

export const ENVIRONMENT_SUFFIX = '.environment.yaml'

/** Whether a matched environment path is read as a Native Git (YAML) environment: any `.yaml`/`.yml`, as the globs decide what is one. */
export function isV3EnvironmentPath(path: string): boolean {
  return /\.ya?ml$/i.test(path)
}

export interface ReadV3EnvironmentResult {
  /** The parsed file; `undefined` when it cannot be read, does not parse or fails the schema. */
  yaml?: YamlFile
  findings: Finding[]
}

/** Reads an environment file; paths in findings are relative to `relativeTo` (default: the working directory). */
// eslint-disable-next-line @typescript-eslint/require-await -- async on purpose: callers get a promise and every failure as a rejection, whether or not reads are synchronous
export async function readV3Environment(path: string, options: { relativeTo?: string } = {}): Promise<ReadV3EnvironmentResult> {
  const abs = resolve(path)
  const rel = relative(resolve(options.relativeTo ?? '.'), abs)
  const file = sep === '/' ? rel : rel.split(sep).join('/')
  let text: string
  try {
    // Synchronous for the reason given in read-collection.ts.
    text = readFileSync(abs, 'utf8')
  } catch (e) {
    return { findings: [yamlFinding(file, undefined, 'error', `Cannot read the file (${errorCode(e)}).`)] }
  }
  return parseV3Environment(file, text)
}

/** An environment file's text (`file`: its repository-relative path), parsed and validated. */
export function parseV3Environment(file: string, text: string): ReadV3EnvironmentResult {
  const { yaml, findings } = parseYamlFile(file, text)
  if (findings.length === 0) findings.push(...validateV3File(yaml, 'environment'))
  return findings.some((f) => f.level === 'error') ? { findings } : { yaml, findings }
}
