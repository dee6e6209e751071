/**
 * `.postman/resources.yaml`, the Postman CLI's map of local files to cloud resources (docs/architecture.md#resolution).
 *
 * Format, as the Postman CLI documents it (learning.postman.com, "Workspace commands": "Collection
 * and environment paths can be relative (resolved from `.postman/`) or absolute"), e.g.
 *
 *     workspace:
 *       id: 8d00dc0f-cd89-4d04-a828-ae8284c8b4fe
 *     cloudResources:
 *       collections:
 *         ../postman/collections/Orders.postman_collection.json: 12345678-0b1c…
 *       environments:
 *         ../postman/environments/Dev.postman_environment.json: 12345678-76fc…
 *     localResources: …   (the CLI's own list; not used here)
 *
 * Assumptions beyond the documentation, kept lenient because hand-written files exist:
 * `workspace: <id>` (a bare string) is read like `workspace: {id}`; a relative path that does not
 * exist from `.postman/` but does from the repository root is taken from the root.
 */
import { promises as fs } from 'node:fs'
import nodePath from 'node:path'
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode, type YAMLError } from 'yaml'
import { RESOURCES_FILE } from '../constants.js'
import type { Finding, FindingLevel } from '../model/finding.js'
import type { ResourcesMap } from '../model/sync-result.js'
import { rootRelative } from '../util/paths.js'

/**
 * Reads the resources file under `root`. No file: no map and no finding. Paths in the map are
 * repository-relative with '/'; entries that leave the repository are dropped with a warning.
 */
export async function readResourcesMap(root: string): Promise<{ map?: ResourcesMap; findings: Finding[] }> {
  const absFile = nodePath.join(root, ...RESOURCES_FILE.split('/'))
  let text: string
  try {
    text = await fs.readFile(absFile, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { findings: [] }
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

/** Parses the text of the resources file; `root` resolves its paths. Exported for tests. */
export async function parseResourcesMap(text: string, root: string): Promise<{ map?: ResourcesMap; findings: Finding[] }> {
  const findings: Finding[] = []
  const lines = new LineCounter()
  // prettyErrors (the default) is what fills in `linePos`; its message also quotes the context,
  // which the annotation's line already shows, so only the first sentence is kept.
  const doc = parseDocument(text, { lineCounter: lines })
  if (doc.errors.length > 0) return { findings: yamlErrorFindings(doc.errors) }
  const at = (node: YamlNode | null | undefined): { line?: number; column?: number } => {
    const offset = node?.range?.[0]
    if (offset === undefined) return {}
    const position = lines.linePos(offset)
    return { line: position.line, column: position.col }
  }
  const report = (level: FindingLevel, node: YamlNode | null | undefined, title: string, message: string): void => {
    findings.push({ ...finding(level, title, message), ...at(node) })
  }

  const contents = doc.contents
  if (contents === null || (isScalar(contents) && contents.value === null)) return { map: { collections: {}, environments: {} }, findings }
  if (!isMap(contents)) {
    report('error', contents, 'Invalid resources file', `${RESOURCES_FILE} must be a mapping with \`workspace\` and \`cloudResources\`.`)
    return { findings }
  }

  const map: ResourcesMap = { collections: {}, environments: {} }
  const workspace = contents.get('workspace', true) as YamlNode | undefined
  if (workspace !== undefined) {
    const id = isMap(workspace) ? workspace.get('id') : isScalar(workspace) ? workspace.value : undefined
    if (typeof id === 'string' && id.trim() !== '') map.workspace = id.trim()
    else report('error', workspace, 'Invalid resources file', `\`workspace\` in ${RESOURCES_FILE} must be \`{id: <workspace id>}\`.`)
  }

  const cloud = contents.get('cloudResources', true) as YamlNode | undefined
  if (cloud !== undefined && !(isScalar(cloud) && cloud.value === null)) {
    if (!isMap(cloud)) {
      report('error', cloud, 'Invalid resources file', `\`cloudResources\` in ${RESOURCES_FILE} must be a mapping with \`collections\` and \`environments\`.`)
      return { findings }
    }
    const rootReal = await fs.realpath(root).catch(() => nodePath.resolve(root))
    for (const kind of ['collections', 'environments'] as const) {
      const section = cloud.get(kind, true) as YamlNode | undefined
      if (section === undefined || (isScalar(section) && section.value === null)) continue
      if (!isMap(section)) {
        report('error', section, 'Invalid resources file', `\`cloudResources.${kind}\` in ${RESOURCES_FILE} must map file paths to ids.`)
        continue
      }
      for (const pair of section.items) {
        const keyNode = pair.key as YamlNode
        const valueNode = pair.value as YamlNode | null
        const rawPath = isScalar(keyNode) ? keyNode.value : undefined
        const id = isScalar(valueNode) ? valueNode.value : undefined
        if (typeof rawPath !== 'string' || rawPath.trim() === '' || (typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
          report(
            'warning',
            keyNode,
            'Invalid resources entry',
            `An entry of \`cloudResources.${kind}\` in ${RESOURCES_FILE} is not \`<path>: <id>\`; it is ignored.`
          )
          continue
        }
        const path = await repositoryPath(rawPath.trim(), rootReal)
        if (path === undefined) {
          report(
            'warning',
            keyNode,
            'Resources entry outside the repository',
            `The path '${rawPath}' in \`cloudResources.${kind}\` points outside the repository; it is ignored.`
          )
          continue
        }
        map[kind][path] = String(id).trim()
      }
    }
  }
  return { map, findings }
}

/** Repository-relative '/' path of an entry, or undefined when it leaves the repository. */
async function repositoryPath(raw: string, rootReal: string): Promise<string | undefined> {
  const postmanDir = nodePath.join(rootReal, nodePath.dirname(RESOURCES_FILE))
  let abs = nodePath.isAbsolute(raw) ? raw : nodePath.resolve(postmanDir, raw)
  if (!nodePath.isAbsolute(raw) && !(await exists(abs))) {
    const fromRoot = nodePath.resolve(rootReal, raw)
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

function finding(level: FindingLevel, title: string, message: string): Finding {
  return { level, kind: 'invalid-file', file: RESOURCES_FILE, title, message }
}
