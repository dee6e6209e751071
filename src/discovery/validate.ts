/**
 * Discovery and validation (docs/architecture.md#discovery-and-validation): find the matched files, read and validate each, and
 * report two files that claim one collection or environment name. Any error finding here blocks
 * every write of the run; only files without errors become LocalFiles.
 */
import { isV3EnvironmentPath } from './native-git/read-environment.js'
import { promises as fs } from 'node:fs'
import nodePath from 'node:path'
import { defaultGlobs, RESOURCES_FILE } from '../constants.js'
import type { Finding } from '../model/finding.js'
import { jsonPositions } from '../util/json-positions.js'
import { isAtOrUnder, isInsideRoot } from '../util/paths.js'
import { validateCollectionText } from './collection-file.js'
import { validateEnvironmentText } from './environment-file.js'
import { findFiles } from './files.js'
import { stripBom } from './json-text.js'
import { findV3CollectionDirs } from './native-git/find-collections.js'
import { readV3CollectionFile, readV3EnvironmentFile } from './native-git/local-files.js'
import { parseYamlFile, positionOf } from './native-git/yaml-file.js'
import type { Discovery, LocalFile, MatchedPath, ResourceKind, ResourcesMap } from '../model/sync-result.js'

export { validateCollectionText } from './collection-file.js'
export { validateEnvironmentText } from './environment-file.js'

/** Glob patterns per kind, as the inputs give them (already split). */
export interface DiscoverOptions {
  collections: string[]
  environments: string[]
  /** `v3-collections`: Native Git collection directories; none searched when absent. */
  v3Collections?: string[]
  /**
   * Paths `.postman/resources.yaml` registers under `localResources`, read whatever the globs say
   * (docs/architecture.md#the-resources-file); one that is missing is a warning at its line.
   */
  registered?: ResourcesMap['local']
}

/** What one matched path gave: the file when valid, and its findings. */
type ReadResult = { file?: LocalFile; findings: Finding[] }

/**
 * Finds, reads and validates every matched file and Native Git collection directory under `root`.
 * Files are read one at a time so a repository of large collections never holds more than one text
 * in memory.
 */
export async function discover(root: string, opts: DiscoverOptions): Promise<Discovery> {
  const discovery: Discovery = { files: [], matched: [], findings: [] }
  const take = (matched: MatchedPath, result: ReadResult): void => {
    discovery.matched.push(matched)
    discovery.findings.push(...result.findings)
    if (result.file !== undefined) discovery.files.push(result.file)
  }
  const globs = await findAll(root, opts)
  discovery.findings.push(...globs.findings)
  for (const path of globs.collections) take({ path, kind: 'collection' }, await readMatchedFile(root, 'collection', path))
  for (const path of globs.v3Collections) take({ path, kind: 'collection', directory: true }, await readV3CollectionFile(root, path))
  for (const path of globs.environments) take({ path, kind: 'environment' }, await readMatchedFile(root, 'environment', path))
  for (const entry of opts.registered ?? []) {
    if (discovery.matched.some((m) => m.path === entry.path)) continue
    const found = await registeredEntry(root, entry)
    if ('finding' in found) discovery.findings.push(found.finding)
    else take(found.matched, found.directory ? await readV3CollectionFile(root, entry.path) : await readMatchedFile(root, entry.kind, entry.path))
  }
  const duplicates = await duplicateNames(discovery.files)
  discovery.findings.push(...duplicates.findings)
  discovery.files = discovery.files.filter((file) => !duplicates.paths.has(file.path))
  return discovery
}

/** Every glob of every input, walked; the action's own defaults may match nothing without a warning. */
async function findAll(
  root: string,
  opts: DiscoverOptions
): Promise<{ collections: string[]; v3Collections: string[]; environments: string[]; findings: Finding[] }> {
  const collections = await findFiles(root, opts.collections, { input: 'collections', optionalPatterns: defaultGlobs('collections') })
  const v3 =
    opts.v3Collections === undefined || opts.v3Collections.length === 0
      ? { paths: [], findings: [] }
      : await findV3CollectionDirs(root, opts.v3Collections, { input: 'v3-collections', optionalPatterns: defaultGlobs('v3Collections') })
  const environments = await findFiles(root, opts.environments, { input: 'environments', optionalPatterns: defaultGlobs('environments') })
  return {
    collections: collections.paths,
    v3Collections: v3.paths,
    environments: environments.paths,
    findings: [...collections.findings, ...v3.findings, ...environments.findings]
  }
}

/** A matched file: a YAML environment is Native Git's, anything else a JSON export. */
function readMatchedFile(root: string, kind: ResourceKind, path: string): Promise<ReadResult> {
  if (kind === 'environment' && isV3EnvironmentPath(path)) return readV3EnvironmentFile(root, path)
  return readAndValidate(kind, path, nodePath.join(root, ...path.split('/')))
}

/**
 * A `localResources` path: a directory is a Native Git collection, a file is read by its kind.
 * Missing, leaving the repository through a symlink, or a directory listed as an environment: a
 * warning at its line in the resources file, never an error (Postman lists paths there that
 * repositories do not always commit).
 */
async function registeredEntry(
  root: string,
  entry: NonNullable<ResourcesMap['local']>[number]
): Promise<{ matched: MatchedPath; directory: boolean } | { finding: Finding }> {
  const warn = (problem: string): { finding: Finding } => ({
    finding: {
      level: 'warning',
      kind: 'invalid-file',
      file: RESOURCES_FILE,
      line: entry.line,
      title: 'Registered resource not read',
      message: `${entry.path}, listed in \`localResources\`, ${problem}; it is not synced.`
    }
  })
  const abs = nodePath.join(root, ...entry.path.split('/'))
  const real = await fs.realpath(abs).catch(() => undefined)
  if (real === undefined) return warn('does not exist')
  if (!isInsideRoot(await fs.realpath(root), real)) return warn('leads outside the repository through a symbolic link')
  const directory = (await fs.stat(real)).isDirectory()
  if (directory && entry.kind === 'environment') return warn('is a directory, not an environment file')
  return { matched: { path: entry.path, kind: entry.kind, ...(directory ? { directory: true as const } : {}) }, directory }
}

/** The matched path a finding's file belongs to: itself, or the v3 collection directory holding it. */
export function matchedPathOf(matched: readonly MatchedPath[], file: string): MatchedPath | undefined {
  return matched.find((m) => m.path === file) ?? matched.find((m) => m.directory === true && isAtOrUnder(file, m.path))
}

/**
 * The largest file read, per kind: the largest body the Postman API accepts (100 MB
 * per collection, 30 MB per environment: docs/postman-api.md), as the emulator counts them. A larger file could
 * never be pushed, and reading, parsing and validating it holds about ten times its size in
 * memory (a 150 MB collection took 1.5 GB), so it is refused from its size alone, unread.
 */
export const MAX_FILE_BYTES: Readonly<Record<ResourceKind, number>> = { collection: 100 * 1024 * 1024, environment: 30 * 1024 * 1024 }

async function readAndValidate(kind: ResourceKind, path: string, absPath: string): Promise<{ file?: LocalFile; findings: Finding[] }> {
  let bytes: Buffer
  try {
    const { size } = await fs.stat(absPath)
    if (size > MAX_FILE_BYTES[kind]) {
      const mb = (n: number): string => `${Math.ceil(n / (1024 * 1024))} MB`
      const message = `The file is ${mb(size)}; Postman accepts at most ${mb(MAX_FILE_BYTES[kind])} for one ${kind}, so it is neither read nor pushed. Split it, or remove saved example responses.`
      return { findings: [{ ...fileError(path, 'File too large', message), line: 1, column: 1 }] }
    }
    bytes = await fs.readFile(absPath)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    return { findings: [fileError(path, 'Unreadable file', `The file could not be read (${reason}).`)] }
  }
  const text = decode(bytes)
  if (text === undefined) {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)
    const message = utf16
      ? 'The file is encoded as UTF-16. Postman files are UTF-8 JSON: save it as UTF-8 without BOM.'
      : 'The file is not valid UTF-8. Postman files are UTF-8 JSON: save it as UTF-8 without BOM.'
    return { findings: [{ ...fileError(path, 'Not UTF-8', message), line: 1, column: 1 }] }
  }
  return kind === 'collection' ? validateCollectionText(path, text, { absPath }) : validateEnvironmentText(path, text, { absPath })
}

/** UTF-8 text with a BOM kept (validation reports it), or undefined when the bytes are not UTF-8. */
function decode(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return undefined
  }
}

/**
 * Two files with one name make name resolution ambiguous (docs/architecture.md#resolution): both are errors, at the
 * line of the name. Only the duplicates are read again, to find that line.
 */
async function duplicateNames(files: LocalFile[]): Promise<{ findings: Finding[]; paths: Set<string> }> {
  const groups = new Map<string, LocalFile[]>()
  for (const file of files) {
    const key = `${file.kind}\u0000${file.name}`
    groups.set(key, [...(groups.get(key) ?? []), file])
  }
  const findings: Finding[] = []
  const paths = new Set<string>()
  for (const group of groups.values()) {
    if (group.length < 2) continue
    for (const file of group) {
      paths.add(file.path)
      const others = group.filter((other) => other !== file).map((other) => other.path)
      const label = file.kind === 'collection' ? 'collection' : 'environment'
      const place = await namePlace(file)
      findings.push({
        ...fileError(
          place.file,
          `Duplicate ${label} name`,
          `The ${label} name '${file.name}' is also used by ${others.join(', ')}. Names must be unique: a name decides which ${label} in the workspace a file updates.`
        ),
        ...place.at
      })
    }
  }
  return { findings, paths }
}

/**
 * Where a file's name is written: the JSON name's line; an environment YAML's `name:`; a v3
 * collection's definition `name:`, else its directory (the name is the directory's).
 */
async function namePlace(file: LocalFile): Promise<{ file: string; at: { line?: number; column?: number } }> {
  if (file.v3 !== undefined) {
    const at = file.v3.nameAt
    return at === undefined ? { file: file.path, at: {} } : { file: at.file, at: { line: at.line, column: at.column } }
  }
  const text = await fs.readFile(file.absPath, 'utf8').catch(() => undefined)
  if (text === undefined) return { file: file.path, at: {} }
  if (file.format === 'v3') {
    const { yaml } = parseYamlFile(file.path, text)
    return { file: file.path, at: positionOf(yaml, ['name']) }
  }
  const positions = jsonPositions(stripBom(text))
  const namePath = file.kind === 'collection' ? ['info', 'name'] : ['name']
  const position = positions.positionOf(namePath) ?? positions.positionOf([file.kind, ...namePath])
  return { file: file.path, at: position === undefined ? {} : { line: position.line, column: position.column } }
}

function fileError(file: string, title: string, message: string): Finding {
  return { level: 'error', kind: 'invalid-file', file, title, message }
}
