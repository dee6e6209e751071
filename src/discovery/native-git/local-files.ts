/**
 * Native Git (Collection v3) resources as discovery's `LocalFile`s (docs/architecture.md#native-git-repositories):
 * a collection directory read, validated and converted to the v2.1 body the sync compares and
 * pushes, its `path` the directory; a `*.environment.yaml` converted to an environment body.
 * Beyond the reader's checks, every YAML file is checked as a JSON file is for what must never be
 * pushed: a committed credential, and (environments) one variable key enabled twice.
 */
import { join } from 'node:path'
import type { Finding } from '../../model/finding.js'
import type { EnvironmentBody } from '../../model/resources.js'
import type { LocalFile } from '../../model/sync-result.js'
import { convertV3Collection } from '../../content/native-git/convert-collection.js'
import { convertV3Environment } from '../../content/native-git/convert-environment.js'
import { isRecord } from '../../util/records.js'
import { CREDENTIAL_TITLE, credentialMessage, scanSecrets } from '../secrets-scan.js'
import { duplicateKeyProblems } from '../duplicate-keys.js'
import { readV3Collection } from './read-collection.js'
import { parseV3Environment, readV3Environment } from './read-environment.js'
import type { V3CollectionTree, V3Folder } from './tree.js'
import { positionOf, type YamlFile } from './yaml-file.js'

const hasError = (findings: readonly Finding[]): boolean => findings.some((f) => f.level === 'error')

/** Reads the collection directory `dir` (repository-relative, `/`); `file` only when it has no error. */
export async function readV3CollectionFile(root: string, dir: string): Promise<{ file?: LocalFile; findings: Finding[] }> {
  const absPath = join(root, ...dir.split('/'))
  const { tree, findings } = await readV3Collection(absPath, { relativeTo: root })
  for (const yaml of yamlFilesOf(tree)) findings.push(...credentialFindings(yaml))
  if (hasError(findings)) return { findings }
  const { collection, files } = convertV3Collection(tree)
  const definition = tree.root.definition
  const file: LocalFile = {
    kind: 'collection',
    path: dir,
    absPath,
    name: collection.info.name,
    format: 'v3',
    collection,
    v3: { files, ...(definition === undefined ? {} : { definition: definition.file, ...nameAt(definition) }) }
  }
  const id = collection.info._postman_id
  if (typeof id === 'string' && id !== '') file.localId = id
  return { file, findings }
}

/** Reads a Native Git environment file (repository-relative `path`); `file` only when it has no error. */
export async function readV3EnvironmentFile(root: string, path: string): Promise<{ file?: LocalFile; findings: Finding[] }> {
  const absPath = join(root, ...path.split('/'))
  const { yaml, findings } = await readV3Environment(absPath, { relativeTo: root })
  if (yaml === undefined) return { findings }
  findings.push(...credentialFindings(yaml))
  const dropped = duplicateKeys(yaml, findings)
  if (hasError(findings)) return { findings }
  const environment = convertV3Environment(yaml)
  environment.values = environment.values.filter((_value, i) => !dropped.has(i))
  const file: LocalFile = { kind: 'environment', path, absPath, name: environment.name, format: 'v3', environment }
  if (environment.id !== undefined && environment.id !== '') file.localId = environment.id
  return { file, findings }
}

/** An environment file's text (at another revision) as the body it converts to; `undefined` when invalid. */
export function parseV3EnvironmentText(path: string, text: string): EnvironmentBody | undefined {
  const { yaml, findings } = parseV3Environment(path, text)
  return yaml === undefined || findings.length > 0 ? undefined : convertV3Environment(yaml)
}

/** The definition's `name:` position, when the name is written there (the directory name is the fallback). */
function nameAt(definition: YamlFile): { nameAt?: { file: string; line: number; column: number } } {
  const name = isRecord(definition.data) ? definition.data.name : undefined
  if (name === undefined || name === null || name === '') return {}
  return { nameAt: { file: definition.file, ...positionOf(definition, ['name']) } }
}

/** Every file of a tree: definitions, requests, examples (an explicit work list, as the reader walks). */
function yamlFilesOf(tree: V3CollectionTree): YamlFile[] {
  const files: YamlFile[] = []
  const work: V3Folder[] = [tree.root]
  while (work.length > 0) {
    const folder = work.pop()!
    if (folder.definition !== undefined) files.push(folder.definition)
    for (const child of folder.children) {
      if (child.kind === 'folder') work.push(child)
      else files.push(child.yaml, ...child.examples)
    }
  }
  return files
}

/** A credential in the file: an error at its line, as in a JSON file (the value is never shown). */
function credentialFindings(yaml: YamlFile): Finding[] {
  return scanSecrets(yaml.text).map((hit) => ({
    level: 'error',
    kind: 'invalid-file',
    file: yaml.file,
    ...hit.position,
    title: CREDENTIAL_TITLE,
    message: credentialMessage(hit)
  }))
}

/**
 * Duplicate keys in the `values` list, by the rule JSON environments follow (`duplicate-keys.ts`),
 * as findings at their `key`. A map cannot hold one key twice (the parser refuses it). Returns the
 * positions among the converted values (the list's entries that are mappings) left out.
 */
function duplicateKeys(yaml: YamlFile, findings: Finding[]): Set<number> {
  const list = isRecord(yaml.data) && Array.isArray(yaml.data.values) ? (yaml.data.values as unknown[]) : []
  // The converter keeps the entries that are mappings: their positions there, and here in the list.
  const entries = list.flatMap((entry, raw) => (isRecord(entry) ? [{ entry, raw }] : []))
  const { problems, dropped } = duplicateKeyProblems(entries.map((e) => e.entry))
  for (const { level, index, title, message } of problems) {
    findings.push({ level, kind: 'invalid-file', file: yaml.file, ...positionOf(yaml, ['values', entries[index]!.raw, 'key']), title, message })
  }
  return dropped
}
