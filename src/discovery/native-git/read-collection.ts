/**
 * Reads one Native Git (Collection v3) collection directory into a `V3CollectionTree`: a collection
 * directory with an optional `.resources/definition.yaml`, subdirectories as folders (each with an
 * optional definition), `<name>.request.yaml` files, and the examples each request points at.
 *
 * Every file is parsed with positions and validated; problems are findings at their line. A file
 * that fails is left out of the tree and the caller must not write the collection (an `error`
 * finding); a request of a kind the converter cannot run is left out with a `warning` only.
 * Folders are walked with an explicit work list, never by recursion on the stack, and a tree deeper
 * than `maxDepth` stops with an error at the folder where the limit is crossed.
 *
 * Files are read synchronously: v3 files are small and many, and for a file of a few hundred bytes
 * `fs.promises.readFile` costs about fourteen times the CPU of `readFileSync` (measured on the
 * 1,000-request benchmark: 340 ms against 25 ms), while the action has nothing else to do meanwhile.
 * The functions stay `async` so callers need not change if that ever does.
 */
import { join, posix, relative, resolve, sep } from 'node:path'
import type { Finding } from '../../model/finding.js'
import { sortChildren } from './order.js'
import { SUPPORTED_EXAMPLE_KINDS, SUPPORTED_REQUEST_KINDS, type V3CollectionTree, type V3Folder, type V3Request } from './tree.js'
import { validateV3File, type V3FileKind } from './validate.js'
import { parseYamlFile, positionOf, yamlFinding, type YamlFile } from './yaml-file.js'
import { isInsideRoot } from '../../util/paths.js'
import { scalarText } from '../../util/scalar-text.js'
import { diskFiles, type TreeEntry, type TreeFiles } from './tree-files.js'

export const REQUEST_SUFFIX = '.request.yaml'
export const EXAMPLE_SUFFIX = '.example.yaml'
export const RESOURCES_DIR = '.resources'
export const DEFINITION_FILE = 'definition.yaml'

/** Deepest folder nesting read (the collection directory is depth 0). */
export const DEFAULT_MAX_DEPTH = 500

export interface ReadV3Options {
  /** Directory paths in findings and in the tree are relative to it (the repository root). Default: the working directory. */
  relativeTo?: string
  /** Deepest folder nesting read; default `DEFAULT_MAX_DEPTH`. */
  maxDepth?: number
  /** Where the files are read from: the working tree (default), or a commit's files in memory. */
  files?: TreeFiles
}

export interface ReadV3Result {
  tree: V3CollectionTree
  /** Errors (the collection must not be written), warnings and notices, each naming its file and line. */
  findings: Finding[]
}

/** Repository-relative path with `/` separators. */
function displayPath(base: string, abs: string): string {
  const rel = relative(base, abs)
  return sep === '/' ? rel : rel.split(sep).join('/')
}

/** The system error code (`ENOENT`, `EACCES`): the message would print the runner's absolute path. */
export function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message
}

interface Reader {
  files: TreeFiles
  base: string
  rootAbs: string
  maxDepth: number
  findings: Finding[]
}

/** Reads, parses and validates one file; `undefined` when it does not parse or fails its schema. */
function readV3File(reader: Reader, abs: string, kind: V3FileKind): YamlFile | undefined {
  const file = displayPath(reader.base, abs)
  let text: string
  try {
    text = reader.files.readText(abs)
  } catch (e) {
    reader.findings.push(yamlFinding(file, undefined, 'error', `Cannot read the file (${errorCode(e)}).`))
    return undefined
  }
  const { yaml, findings } = parseYamlFile(file, text)
  if (findings.length === 0) findings.push(...validateV3File(yaml, kind))
  reader.findings.push(...findings)
  return findings.some((f) => f.level === 'error') ? undefined : yaml
}

function listDir(reader: Reader, abs: string): TreeEntry[] {
  try {
    const entries = reader.files.list(abs)
    // Name order (code points): the same on every platform, and the tie-break of the display order.
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  } catch (e) {
    reader.findings.push(yamlFinding(displayPath(reader.base, abs), undefined, 'error', `Cannot read the directory (${errorCode(e)}).`))
    return []
  }
}

/** The directory an `examples:` value names, relative to the request's directory; `undefined` if it leaves the collection. */
function examplesDir(reader: Reader, requestDirAbs: string, value: string): string | undefined {
  const target = resolve(requestDirAbs, value.replace(/\\/g, '/'))
  return isInsideRoot(reader.rootAbs, target) ? target : undefined
}

function readExamples(reader: Reader, request: YamlFile, requestDirAbs: string): YamlFile[] {
  const value = (request.data as { examples?: unknown }).examples
  if (typeof value !== 'string' || value.trim() === '') return []
  const at = positionOf(request, ['examples'])
  const dir = examplesDir(reader, requestDirAbs, value.trim())
  if (dir === undefined) {
    reader.findings.push(yamlFinding(request.file, at, 'error', `\`examples: ${value}\` points outside the collection directory.`))
    return []
  }
  const examples = readExamplesIn(reader, dir)
  // Postman writes the pointer before any example exists, and deletes examples without it.
  if (examples === undefined) {
    const finding = yamlFinding(request.file, at, 'notice', `\`examples: ${value}\` names no directory: the request has no examples.`)
    reader.findings.push({ ...finding, title: 'No examples' })
  }
  return examples ?? []
}

/** The examples of a directory; `undefined` when there is no such directory. */
function readExamplesIn(reader: Reader, dir: string): YamlFile[] | undefined {
  let entries: TreeEntry[]
  try {
    entries = reader.files.list(dir)
  } catch {
    return undefined
  }
  const examples: YamlFile[] = []
  for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith(EXAMPLE_SUFFIX))) {
    const example = readV3File(reader, join(dir, entry.name), 'example')
    if (example === undefined) continue
    const kind = (example.data as { $kind?: unknown }).$kind
    if (kind !== undefined && !SUPPORTED_EXAMPLE_KINDS.has(scalarText(kind))) {
      const finding = yamlFinding(example.file, positionOf(example, ['$kind']), 'warning', `Example kind \`${scalarText(kind)}\` is not supported: skipped.`)
      reader.findings.push({ ...finding, title: 'Unsupported example kind' })
      continue
    }
    examples.push(example)
  }
  return examples.sort(byOrderThenFile)
}

/** Examples display in their `order`, then by file name (those without an order last). */
function byOrderThenFile(a: YamlFile, b: YamlFile): number {
  const order = (y: YamlFile): number => {
    const value = (y.data as { order?: unknown }).order
    return typeof value === 'number' && Number.isFinite(value) ? value : Number.POSITIVE_INFINITY
  }
  const oa = order(a)
  const ob = order(b)
  if (oa !== ob) return oa < ob ? -1 : 1
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0
}

function readRequest(reader: Reader, abs: string, dirAbs: string, fileName: string): V3Request | undefined {
  const stem = fileName.slice(0, -REQUEST_SUFFIX.length)
  const yaml = readV3File(reader, abs, 'request')
  if (yaml === undefined) {
    // Still check the examples where Postman puts them, so every invalid file is reported at once.
    readExamplesIn(reader, join(dirAbs, RESOURCES_DIR, `${stem}.resources`, 'examples'))
    return undefined
  }
  const data = yaml.data as { $kind: string; name?: unknown }
  if (!SUPPORTED_REQUEST_KINDS.has(data.$kind)) {
    const finding = yamlFinding(
      yaml.file,
      positionOf(yaml, ['$kind']),
      'warning',
      `Request kind \`${data.$kind}\` cannot be run by Newman: the file is skipped.`
    )
    reader.findings.push({ ...finding, title: 'Unsupported request kind' })
    return undefined
  }
  const name = data.name === undefined || data.name === null || data.name === '' ? stem : scalarText(data.name)
  return { kind: 'request', name, stem, yaml, examples: readExamples(reader, yaml, dirAbs) }
}

/** Reads one directory's own files; its subdirectories are returned for the work list. */
function readFolder(reader: Reader, folder: V3Folder, dirAbs: string): Array<{ folder: V3Folder; abs: string }> {
  const subfolders: Array<{ folder: V3Folder; abs: string }> = []
  for (const entry of listDir(reader, dirAbs)) {
    const abs = join(dirAbs, entry.name)
    if (entry.isDirectory() && entry.name === RESOURCES_DIR) {
      const definition = join(abs, DEFINITION_FILE)
      // A folder without a definition is a plain folder.
      folder.definition = reader.files.exists(definition) ? readV3File(reader, definition, 'definition') : undefined
      if (folder.definition !== undefined) folder.name = definitionName(folder.definition) ?? folder.name
    } else if (entry.isDirectory() && !entry.name.startsWith('.')) {
      const child: V3Folder = { kind: 'folder', name: entry.name, dir: displayPath(reader.base, abs), children: [] }
      folder.children.push(child)
      subfolders.push({ folder: child, abs })
    } else if (entry.isFile() && entry.name.endsWith(REQUEST_SUFFIX)) {
      const request = readRequest(reader, abs, dirAbs, entry.name)
      if (request !== undefined) folder.children.push(request)
    }
  }
  return subfolders
}

function definitionName(definition: YamlFile): string | undefined {
  const name = (definition.data as { name?: unknown } | null)?.name
  return name === undefined || name === null || name === '' ? undefined : scalarText(name)
}

function byPlace(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
}

/** Reads a collection directory (absolute or relative to the working directory). */
// eslint-disable-next-line @typescript-eslint/require-await -- async on purpose: callers get a promise and every failure as a rejection, whether or not reads are synchronous
export async function readV3Collection(dir: string, options: ReadV3Options = {}): Promise<ReadV3Result> {
  const rootAbs = resolve(dir)
  const base = resolve(options.relativeTo ?? '.')
  const reader: Reader = { files: options.files ?? diskFiles, base, rootAbs, maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH, findings: [] }
  const root: V3Folder = { kind: 'folder', name: posix.basename(rootAbs.split(sep).join('/')), dir: displayPath(base, rootAbs), children: [] }
  const work: Array<{ folder: V3Folder; abs: string; depth: number }> = [{ folder: root, abs: rootAbs, depth: 0 }]
  const visited: V3Folder[] = []
  while (work.length > 0) {
    const { folder, abs, depth } = work.pop()!
    visited.push(folder)
    const subfolders = readFolder(reader, folder, abs)
    if (subfolders.length > 0 && depth + 1 > reader.maxDepth) {
      reader.findings.push(
        yamlFinding(folder.dir, undefined, 'error', `Folders nest deeper than ${reader.maxDepth} levels here: the collection is not read further.`)
      )
      folder.children = folder.children.filter((c) => c.kind !== 'folder')
      continue
    }
    for (const sub of subfolders) work.push({ ...sub, depth: depth + 1 })
  }
  for (const folder of visited) sortChildren(folder)
  // Findings in file and line order (the walk's order is a stack's), the same on every run.
  return { tree: { root }, findings: reader.findings.sort(byPlace) }
}
