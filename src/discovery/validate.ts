/**
 * Discovery and validation (docs/architecture.md#discovery-and-validation): find the matched files, read and validate each, and
 * report two files that claim one collection or environment name. Any error finding here blocks
 * every write of the run; only files without errors become LocalFiles.
 */
import { promises as fs } from 'node:fs'
import nodePath from 'node:path'
import { DEFAULT_PATTERNS } from '../constants.js'
import type { Finding } from '../model/finding.js'
import { jsonPositions } from '../util/json-positions.js'
import { validateCollectionText } from './collection-file.js'
import { validateEnvironmentText } from './environment-file.js'
import { findFiles } from './files.js'
import { stripBom } from './json-text.js'
import type { Discovery, LocalFile, ResourceKind } from '../model/sync-result.js'

export { validateCollectionText } from './collection-file.js'
export { validateEnvironmentText } from './environment-file.js'

/** Glob patterns per kind, as the `collections` / `environments` inputs give them (already split). */
export interface DiscoverOptions {
  collections: string[]
  environments: string[]
}

/**
 * Finds, reads and validates every matched file under `root`. Files are read one at a time so a
 * repository of large collections never holds more than one text in memory.
 */
export async function discover(root: string, opts: DiscoverOptions): Promise<Discovery> {
  const findings: Finding[] = []
  const files: LocalFile[] = []
  const matched: Discovery['matched'] = []
  const kinds: Array<{ kind: ResourceKind; input: keyof typeof DEFAULT_PATTERNS; patterns: string[] }> = [
    { kind: 'collection', input: 'collections', patterns: opts.collections },
    { kind: 'environment', input: 'environments', patterns: opts.environments }
  ]
  for (const { kind, input, patterns } of kinds) {
    const found = await findFiles(root, patterns, { input, optionalPatterns: [DEFAULT_PATTERNS[input]] })
    findings.push(...found.findings)
    for (const path of found.paths) {
      matched.push({ path, kind })
      const absPath = nodePath.join(root, ...path.split('/'))
      const result = await readAndValidate(kind, path, absPath)
      findings.push(...result.findings)
      if (result.file !== undefined) files.push(result.file)
    }
  }
  const duplicates = await duplicateNames(files)
  findings.push(...duplicates.findings)
  return { files: files.filter((file) => !duplicates.paths.has(file.path)), matched, findings }
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
      findings.push({
        ...fileError(
          file.path,
          `Duplicate ${label} name`,
          `The ${label} name '${file.name}' is also used by ${others.join(', ')}. Names must be unique: a name decides which ${label} in the workspace a file updates.`
        ),
        ...(await nameLine(file))
      })
    }
  }
  return { findings, paths }
}

async function nameLine(file: LocalFile): Promise<{ line?: number; column?: number }> {
  const text = await fs.readFile(file.absPath, 'utf8').catch(() => undefined)
  if (text === undefined) return {}
  const positions = jsonPositions(stripBom(text))
  const namePath = file.kind === 'collection' ? ['info', 'name'] : ['name']
  const position = positions.positionOf(namePath) ?? positions.positionOf([file.kind, ...namePath])
  return position === undefined ? {} : { line: position.line, column: position.column }
}

function fileError(file: string, title: string, message: string): Finding {
  return { level: 'error', kind: 'invalid-file', file, title, message }
}
