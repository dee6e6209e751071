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
 */
import type { Dirent } from 'node:fs'
import { access, readFile, readdir } from 'node:fs/promises'
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path'
import type { Finding } from '../../report/finding.js'
import { sortChildren } from './order.js'
import { SUPPORTED_EXAMPLE_KINDS, SUPPORTED_REQUEST_KINDS, type V3CollectionTree, type V3Folder, type V3Node, type V3Request } from './tree.js'
import { validateV3File, type V3FileKind } from './validate.js'
import { parseYamlFile, positionOf, yamlFinding, type YamlFile } from './yaml-file.js'

export const REQUEST_SUFFIX = '.request.yaml'
export const EXAMPLE_SUFFIX = '.example.yaml'
export const RESOURCES_DIR = '.resources'
export const DEFINITION_FILE = 'definition.yaml'

/** Folders read at the same time. */
const FOLDER_CONCURRENCY = 8

/** Deepest folder nesting read (the collection directory is depth 0). */
export const DEFAULT_MAX_DEPTH = 500

export interface ReadV3Options {
  /** Directory paths in findings and in the tree are relative to it (the repository root). Default: the working directory. */
  relativeTo?: string
  /** Deepest folder nesting read; default `DEFAULT_MAX_DEPTH`. */
  maxDepth?: number
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

interface Reader {
  base: string
  rootAbs: string
  maxDepth: number
  findings: Finding[]
}

/** Reads, parses and validates one file; `undefined` when it does not parse or fails its schema. */
async function readV3File(reader: Reader, abs: string, kind: V3FileKind): Promise<YamlFile | undefined> {
  const file = displayPath(reader.base, abs)
  let text: string
  try {
    text = await readFile(abs, 'utf8')
  } catch (e) {
    reader.findings.push(yamlFinding(file, undefined, 'error', `Cannot read the file: ${(e as Error).message}`))
    return undefined
  }
  const { yaml, findings } = parseYamlFile(file, text)
  if (findings.length === 0) findings.push(...validateV3File(yaml, kind))
  reader.findings.push(...findings)
  return findings.some((f) => f.level === 'error') ? undefined : yaml
}

async function listDir(reader: Reader, abs: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(abs, { withFileTypes: true })
    // Name order (code points): the same on every platform, and the tie-break of the display order.
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  } catch (e) {
    reader.findings.push(yamlFinding(displayPath(reader.base, abs), undefined, 'error', `Cannot read the directory: ${(e as Error).message}`))
    return []
  }
}

/** The directory an `examples:` value names, relative to the request's directory; `undefined` if it leaves the collection. */
function examplesDir(reader: Reader, requestDirAbs: string, value: string): string | undefined {
  const target = resolve(requestDirAbs, value.replace(/\\/g, '/'))
  const rel = relative(reader.rootAbs, target)
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : target
}

async function readExamples(reader: Reader, request: YamlFile, requestDirAbs: string): Promise<YamlFile[]> {
  const value = (request.data as { examples?: unknown }).examples
  if (typeof value !== 'string' || value.trim() === '') return []
  const at = positionOf(request, ['examples'])
  const dir = examplesDir(reader, requestDirAbs, value.trim())
  if (dir === undefined) {
    reader.findings.push(yamlFinding(request.file, at, 'error', `\`examples: ${value}\` points outside the collection directory.`))
    return []
  }
  const examples = await readExamplesIn(reader, dir)
  // Postman writes the pointer before any example exists, and deletes examples without it.
  if (examples === undefined) {
    const finding = yamlFinding(request.file, at, 'notice', `\`examples: ${value}\` names no directory: the request has no examples.`)
    reader.findings.push({ ...finding, title: 'No examples' })
  }
  return examples ?? []
}

/** The examples of a directory; `undefined` when there is no such directory. */
async function readExamplesIn(reader: Reader, dir: string): Promise<YamlFile[] | undefined> {
  let entries: Dirent[]
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return undefined
  }
  const examples: YamlFile[] = []
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(EXAMPLE_SUFFIX))
  for (const example of await Promise.all(files.map((entry) => readV3File(reader, join(dir, entry.name), 'example')))) {
    if (example === undefined) continue
    const kind = (example.data as { $kind?: unknown }).$kind
    if (kind !== undefined && !SUPPORTED_EXAMPLE_KINDS.has(String(kind))) {
      const finding = yamlFinding(example.file, positionOf(example, ['$kind']), 'warning', `Example kind \`${String(kind)}\` is not supported: skipped.`)
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

async function readRequest(reader: Reader, abs: string, dirAbs: string, fileName: string): Promise<V3Request | undefined> {
  const stem = fileName.slice(0, -REQUEST_SUFFIX.length)
  const yaml = await readV3File(reader, abs, 'request')
  if (yaml === undefined) {
    // Still check the examples where Postman puts them, so every invalid file is reported at once.
    await readExamplesIn(reader, join(dirAbs, RESOURCES_DIR, `${stem}.resources`, 'examples'))
    return undefined
  }
  const data = yaml.data as { $kind: string; name?: unknown }
  if (!SUPPORTED_REQUEST_KINDS.has(data.$kind)) {
    const finding = yamlFinding(yaml.file, positionOf(yaml, ['$kind']), 'warning', `Request kind \`${data.$kind}\` cannot be run by Newman: the file is skipped.`)
    reader.findings.push({ ...finding, title: 'Unsupported request kind' })
    return undefined
  }
  const name = data.name === undefined || data.name === null || data.name === '' ? stem : String(data.name)
  return { kind: 'request', name, stem, yaml, examples: await readExamples(reader, yaml, dirAbs) }
}

/** Reads one directory's own files; its subdirectories are returned for the work list. */
async function readFolder(reader: Reader, folder: V3Folder, dirAbs: string): Promise<Array<{ folder: V3Folder; abs: string }>> {
  const subfolders: Array<{ folder: V3Folder; abs: string }> = []
  // Files are read concurrently (the disk, not the parser, is the wait), children kept in name order.
  const children: Array<Promise<V3Node | undefined>> = []
  let definition: Promise<YamlFile | undefined> = Promise.resolve(undefined)
  for (const entry of await listDir(reader, dirAbs)) {
    const abs = join(dirAbs, entry.name)
    if (entry.isDirectory() && entry.name === RESOURCES_DIR) {
      definition = readDefinition(reader, join(abs, DEFINITION_FILE))
    } else if (entry.isDirectory() && !entry.name.startsWith('.')) {
      const child: V3Folder = { kind: 'folder', name: entry.name, dir: displayPath(reader.base, abs), children: [] }
      children.push(Promise.resolve(child))
      subfolders.push({ folder: child, abs })
    } else if (entry.isFile() && entry.name.endsWith(REQUEST_SUFFIX)) {
      children.push(readRequest(reader, abs, dirAbs, entry.name))
    }
  }
  folder.definition = await definition
  if (folder.definition !== undefined) folder.name = definitionName(folder.definition) ?? folder.name
  for (const child of await Promise.all(children)) if (child !== undefined) folder.children.push(child)
  return subfolders
}

async function readDefinition(reader: Reader, abs: string): Promise<YamlFile | undefined> {
  try {
    await access(abs)
  } catch {
    return undefined // a folder without a definition is a plain folder
  }
  return readV3File(reader, abs, 'definition')
}

function definitionName(definition: YamlFile): string | undefined {
  const name = (definition.data as { name?: unknown } | null)?.name
  return name === undefined || name === null || name === '' ? undefined : String(name)
}

function byPlace(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
}

/** Reads a collection directory (absolute or relative to the working directory). */
export async function readV3Collection(dir: string, options: ReadV3Options = {}): Promise<ReadV3Result> {
  const rootAbs = resolve(dir)
  const base = resolve(options.relativeTo ?? '.')
  const reader: Reader = { base, rootAbs, maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH, findings: [] }
  const root: V3Folder = { kind: 'folder', name: posix.basename(rootAbs.split(sep).join('/')), dir: displayPath(base, rootAbs), children: [] }
  const work: Array<{ folder: V3Folder; abs: string; depth: number }> = [{ folder: root, abs: rootAbs, depth: 0 }]
  const visited: V3Folder[] = []
  while (work.length > 0) {
    // A few folders at a time: enough to keep the disk busy, few enough to bound open files.
    const batch = work.splice(Math.max(0, work.length - FOLDER_CONCURRENCY))
    const results = await Promise.all(batch.map(async (w) => ({ ...w, subfolders: await readFolder(reader, w.folder, w.abs) })))
    for (const { folder, depth, subfolders } of results) {
      visited.push(folder)
      if (subfolders.length > 0 && depth + 1 > reader.maxDepth) {
        reader.findings.push(yamlFinding(folder.dir, undefined, 'error', `Folders nest deeper than ${reader.maxDepth} levels here: the collection is not read further.`))
        folder.children = folder.children.filter((c) => c.kind !== 'folder')
        continue
      }
      for (const sub of subfolders) work.push({ ...sub, depth: depth + 1 })
    }
  }
  for (const folder of visited) sortChildren(folder)
  // Files were read concurrently: findings in file and line order, the same on every run.
  return { tree: { root }, findings: reader.findings.sort(byPlace) }
}
