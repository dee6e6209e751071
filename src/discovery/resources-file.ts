/**
 * `.postman/resources.yaml`, the Postman CLI's and Native Git's map of local files to cloud
 * resources (docs/architecture.md#resolution; every form below is described in
 * docs/architecture.md#the-resources-file).
 *
 * Format, as the Postman CLI documents it (learning.postman.com, "Workspace commands": "Collection
 * and environment paths can be relative (resolved from `.postman/`) or absolute"), e.g.
 *
 *     workspace:
 *       id: 8d00dc0f-cd89-4d04-a828-ae8284c8b4fe
 *     cloudResources:
 *       collections:
 *         ../postman/collections/Orders: 12345678-0b1c…          (a Native Git collection directory)
 *         ../postman/collections/Users.postman_collection.json: 12345678-…
 *       environments:
 *         ../postman/environments/Dev.environment.yaml: 12345678-76fc…
 *     localResources:
 *       collections:
 *         - ../tests/E2E Test Collection/
 *
 * Forms real repositories write, all read here: `workspace: {id: ""}` (no workspace named);
 * `cloudResources` missing or null, `collections:` null; `version: 2` with `canonical:` in place
 * of `cloudResources`; paths with `\` separators (written on Windows); `specs` (and any other
 * section) beside collections and environments, ignored. Without a resources file, an older
 * `.postman/config.json` names the workspace (`postman-config.ts`).
 *
 * Assumptions beyond the documentation, kept lenient because hand-written files exist:
 * `workspace: <id>` (a bare string) is read like `workspace: {id}`; a relative path that does not
 * exist from `.postman/` but does from the repository root is taken from the root.
 */
import { promises as fs } from 'node:fs'
import nodePath from 'node:path'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLError, type YAMLMap } from 'yaml'
import { RESOURCES_FILE } from '../constants.js'
import type { Finding, FindingLevel } from '../model/finding.js'
import { mappedLineKey, type ResourceKind, type ResourcesMap } from '../model/sync-result.js'
import { rootRelative } from '../util/paths.js'
import { readLegacyConfig } from './postman-config.js'

/**
 * Reads the resources file under `root` (or, without one, the older `.postman/config.json`). No
 * file: no map and no finding. Paths in the map are repository-relative with '/'; entries that
 * leave the repository are dropped with a warning.
 */
export async function readResourcesMap(root: string): Promise<{ map?: ResourcesMap; findings: Finding[] }> {
  const absFile = nodePath.join(root, ...RESOURCES_FILE.split('/'))
  let text: string
  try {
    text = await fs.readFile(absFile, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return readLegacyConfig(root)
    return {
      findings: [
        finding('error', 'Unreadable resources file', `${RESOURCES_FILE} could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`)
      ]
    }
  }
  return parseResourcesMap(text, root)
}

/** One finding per YAML syntax error, at its line and column. */
function yamlErrorFindings(errors: readonly YAMLError[]): Finding[] {
  const findings: Finding[] = []
  for (const error of errors) {
    const [position] = error.linePos ?? []
    // `split` always returns at least one piece.
    const reason = error.message.split(/ at line \d+, column \d+/)[0]!.split('\n')[0]!
    findings.push({
      ...finding('error', 'Invalid YAML', `${RESOURCES_FILE} is not valid YAML: ${reason}.`),
      ...(position === undefined ? {} : { line: position.line, column: position.col })
    })
  }
  return findings
}

/** What the section readers share: the map being built, where findings go, how paths resolve. */
interface Reader {
  map: ResourcesMap
  findings: Finding[]
  lines: LineCounter
  rootReal: string
  /** Adds a finding at a node's line and column. */
  report(level: FindingLevel, node: YamlNode | null | undefined, title: string, message: string): void
}

/** Parses the text of the resources file; `root` resolves its paths. Exported for tests. */
export async function parseResourcesMap(text: string, root: string): Promise<{ map?: ResourcesMap; findings: Finding[] }> {
  const lines = new LineCounter()
  // prettyErrors (the default) is what fills in `linePos`; its message also quotes the context,
  // which the annotation's line already shows, so only the first sentence is kept.
  const doc = parseDocument(text, { lineCounter: lines })
  if (doc.errors.length > 0) return { findings: yamlErrorFindings(doc.errors) }
  const contents = doc.contents
  const findings: Finding[] = []
  const report: Reader['report'] = (level, node, title, message) => {
    const offset = node?.range?.[0]
    const pos = offset === undefined ? undefined : lines.linePos(offset)
    const at = pos === undefined ? {} : { line: pos.line, column: pos.col }
    findings.push({ ...finding(level, title, message), ...at })
  }
  const reader: Reader = { map: { collections: {}, environments: {} }, findings, lines, rootReal: '', report }
  if (isNull(contents)) return { map: reader.map, findings: reader.findings }
  if (!isMap(contents)) {
    reader.report('error', contents, 'Invalid resources file', `${RESOURCES_FILE} must be a mapping with \`workspace\` and \`cloudResources\`.`)
    return { findings: reader.findings }
  }
  reader.rootReal = await fs.realpath(root).catch(() => nodePath.resolve(root))
  readWorkspace(reader, contents.get('workspace', true))
  // `version: 2` files name the map `canonical`; a file holding both is read in this order.
  for (const name of ['cloudResources', 'canonical']) {
    const section = contents.get(name, true) as YamlNode | undefined
    if (isNull(section)) continue
    if (!isMap(section)) {
      reader.report('error', section, 'Invalid resources file', `\`${name}\` in ${RESOURCES_FILE} must be a mapping with \`collections\` and \`environments\`.`)
      return { findings: reader.findings }
    }
    await readCloudSection(reader, name, section)
  }
  await readLocalResources(reader, contents.get('localResources', true))
  return { map: reader.map, findings: reader.findings }
}

/** `{id}` or a bare id; an empty id (as Postman writes before a workspace is chosen) names none. */
function readWorkspace(reader: Reader, workspace: YamlNode | undefined): void {
  if (isNull(workspace)) return
  const id = isMap(workspace) ? (workspace.has('id') ? (workspace.get('id') ?? '') : undefined) : isScalar(workspace) ? workspace.value : undefined
  if (typeof id === 'string' || typeof id === 'number') {
    if (String(id).trim() !== '') Object.assign(reader.map, { workspace: String(id).trim(), workspaceFrom: RESOURCES_FILE })
    return
  }
  reader.report('error', workspace, 'Invalid resources file', `\`workspace\` in ${RESOURCES_FILE} must be \`{id: <workspace id>}\`.`)
}

const KINDS: ReadonlyArray<{ section: 'collections' | 'environments'; kind: ResourceKind }> = [
  { section: 'collections', kind: 'collection' },
  { section: 'environments', kind: 'environment' }
]

/** `collections` and `environments` of `cloudResources` (or `canonical`); `specs` and others are not resources this action syncs. */
async function readCloudSection(reader: Reader, name: string, cloud: YAMLMap): Promise<void> {
  for (const { section, kind } of KINDS) {
    const entries = cloud.get(section, true) as YamlNode | undefined
    if (isNull(entries)) continue
    if (!isMap(entries)) {
      reader.report('error', entries, 'Invalid resources file', `\`${name}.${section}\` in ${RESOURCES_FILE} must map file paths to ids.`)
      continue
    }
    for (const pair of entries.items) {
      const keyNode = pair.key as YamlNode
      const valueNode = pair.value as YamlNode | null
      const rawPath = isScalar(keyNode) ? keyNode.value : undefined
      const id = isScalar(valueNode) ? valueNode.value : undefined
      if (typeof rawPath !== 'string' || rawPath.trim() === '' || (typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
        reader.report(
          'warning',
          keyNode,
          'Invalid resources entry',
          `An entry of \`${name}.${section}\` in ${RESOURCES_FILE} is not \`<path>: <id>\`; it is ignored.`
        )
        continue
      }
      const path = await repositoryPath(rawPath, reader.rootReal)
      if (path === undefined) {
        reader.report(
          'warning',
          keyNode,
          'Resources entry outside the repository',
          `The path '${rawPath}' in \`${name}.${section}\` points outside the repository; it is ignored.`
        )
        continue
      }
      const cloudId = String(id).trim()
      reader.map[section][path] = cloudId
      const line = lineOf(reader, keyNode)
      if (line !== undefined) reader.map.lines = { ...reader.map.lines, [mappedLineKey(kind, path)]: line }
      if (!isPublicApiId(cloudId)) {
        reader.report(
          'warning',
          valueNode,
          'Id the Postman API may not serve',
          `${path} is mapped to ${kind} '${cloudId}', which is neither a UUID nor an \`<owner>-<UUID>\` uid: Postman's public API may not serve it (collections created by Native Git in the v3 format have such ids). Only this ${kind} is affected; if the workspace does not hold it, the file is reported, never created.`
        )
      }
    }
  }
}

/**
 * `localResources: {collections: [paths], environments: [paths]}`: resources the file registers
 * outside `postman/`. Discovery reads them beside what the globs match (docs/architecture.md#the-resources-file).
 */
async function readLocalResources(reader: Reader, local: YamlNode | undefined): Promise<void> {
  if (isNull(local)) return
  if (!isMap(local)) {
    reader.report('warning', local, 'Invalid resources entry', `\`localResources\` in ${RESOURCES_FILE} is not a mapping of lists; it is ignored.`)
    return
  }
  const registered: NonNullable<ResourcesMap['local']> = []
  for (const { section, kind } of KINDS) {
    const list = local.get(section, true) as YamlNode | undefined
    if (isNull(list)) continue
    if (!isSeq(list)) {
      reader.report('warning', list, 'Invalid resources entry', `\`localResources.${section}\` in ${RESOURCES_FILE} is not a list of paths; it is ignored.`)
      continue
    }
    for (const item of list.items as YamlNode[]) {
      const raw = isScalar(item) ? item.value : undefined
      const path = typeof raw === 'string' && raw.trim() !== '' ? await repositoryPath(raw, reader.rootReal) : undefined
      const line = lineOf(reader, item)
      if (path === undefined || line === undefined) {
        reader.report(
          'warning',
          item,
          'Invalid resources entry',
          `An entry of \`localResources.${section}\` in ${RESOURCES_FILE} is not a path inside the repository; it is ignored.`
        )
        continue
      }
      registered.push({ kind, path, line })
    }
  }
  if (registered.length > 0) reader.map.local = registered
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const PUBLIC_API_ID = new RegExp(`^(?:[0-9]+-)?${UUID}$`, 'i')

/** A UUID, or a uid `<owner>-<UUID>`: the ids the public API lists and serves (docs/postman-api.md). */
export function isPublicApiId(id: string): boolean {
  return PUBLIC_API_ID.test(id)
}

/** Repository-relative '/' path of an entry, or undefined when it leaves the repository. */
async function repositoryPath(raw: string, rootReal: string): Promise<string | undefined> {
  // Written on Windows: `..\postman\collections\Orders`. A backslash is no path character in a
  // repository path that must also work on Linux runners, so reading it as a separator loses nothing.
  const spelled = raw.trim().replace(/\\/g, '/')
  const postmanDir = nodePath.join(rootReal, nodePath.dirname(RESOURCES_FILE))
  let abs = nodePath.isAbsolute(spelled) ? spelled : nodePath.resolve(postmanDir, spelled)
  if (!nodePath.isAbsolute(spelled) && !(await exists(abs))) {
    const fromRoot = nodePath.resolve(rootReal, spelled)
    if (await exists(fromRoot)) abs = fromRoot
  }
  const relative = rootRelative(rootReal, abs)
  // The root itself is no file.
  return relative === '' ? undefined : relative
}

async function exists(path: string): Promise<boolean> {
  return fs.access(path).then(
    () => true,
    () => false
  )
}

function isNull(node: unknown): node is null | undefined {
  return node === null || node === undefined || (isScalar(node) && node.value === null)
}

function lineOf(reader: Reader, node: YamlNode | null | undefined): number | undefined {
  const offset = node?.range?.[0]
  return offset === undefined ? undefined : reader.lines.linePos(offset).line
}

function finding(level: FindingLevel, title: string, message: string): Finding {
  return { level, kind: 'invalid-file', file: RESOURCES_FILE, title, message }
}
