/**
 * Finds Native Git (Collection v3 YAML) collection directories: the directories a `v3-collections`
 * glob matches (default `postman/collections/*`, where Postman's Native Git writes them) that hold a
 * v3 collection, i.e. a `.resources/definition.yaml` or at least one `<name>.request.yaml` anywhere
 * below them (a collection root may lack a definition; docs/architecture.md#native-git-repositories).
 *
 * The walk is the one `findFiles` does for files (confined to the repository, never into `.git` or
 * `node_modules`, symlinks leaving the repository refused): each directory pattern `p` becomes the
 * file pattern `p/**\/*.yaml`, and a file found is credited to the outermost directory above it that
 * `p` matches. A directory holding only JSON files (an exported collection kept in a subfolder) is
 * no v3 collection and is left to the `collections` globs.
 */
import picomatch from 'picomatch'
import type { Finding } from '../../model/finding.js'
import { directoryPattern, findFiles, MATCH_OPTIONS, patternFinding, patternSubject, splitPatterns } from '../files.js'
import { DEFINITION_FILE, REQUEST_SUFFIX, RESOURCES_DIR } from './read-collection.js'

export interface FindV3Options {
  /** Name of the input the patterns came from, for messages. */
  input?: string
  /** Patterns that may match nothing without a warning (the action's own default). */
  optionalPatterns?: readonly string[]
}

/**
 * Repository-relative collection directories (with `/`, sorted) that `patterns` match, and the
 * findings of the walk (patterns leaving the repository are errors, unmatched ones warnings).
 */
export async function findV3CollectionDirs(root: string, patterns: string[], options: FindV3Options = {}): Promise<{ paths: string[]; findings: Finding[] }> {
  const split = splitPatterns(patterns, options.input)
  const findings = split.findings
  const positives = split.positives.map(directoryPattern).filter((p) => p !== '')
  const negatives = split.negatives.map(directoryPattern).filter((p) => p !== '')
  const filePatterns = [...positives.map((p) => `${p}/**/*.yaml`), ...negatives.map((p) => `!${p}/**`)]
  const found = await findFiles(root, filePatterns, { input: options.input, optionalPatterns: positives.map((p) => `${p}/**/*.yaml`) })

  const isDir = picomatch(positives, MATCH_OPTIONS)
  const excluded = negatives.length > 0 ? picomatch(negatives, MATCH_OPTIONS) : () => false
  const collections = new Set<string>()
  for (const path of found.paths) {
    const dir = outermostMatch(path, isDir)
    if (dir === undefined || excluded(dir) || !marksCollection(dir, path)) continue
    collections.add(dir)
  }

  // Every file pattern is optional: which directory pattern matched nothing is judged below.
  findings.push(...found.findings)
  for (const pattern of positives) {
    if (options.optionalPatterns?.includes(pattern)) continue
    const matcher = picomatch(pattern, MATCH_OPTIONS)
    if ([...collections].some((dir) => matcher(dir))) continue
    findings.push(
      patternFinding(
        'warning',
        'Pattern matches nothing',
        `${patternSubject(options.input)} '${pattern}' matches no Native Git collection directory (one with ${RESOURCES_DIR}/${DEFINITION_FILE} or a *${REQUEST_SUFFIX} file).`
      )
    )
  }
  return { paths: [...collections].sort(), findings }
}

/** The shortest leading part of `path` (a directory above the file) that `matches`. */
function outermostMatch(path: string, matches: (dir: string) => boolean): string | undefined {
  const segments = path.split('/')
  for (let n = 1; n < segments.length; n++) {
    const dir = segments.slice(0, n).join('/')
    if (matches(dir)) return dir
  }
  return undefined
}

/** A request file anywhere below `dir`, or the collection's own definition. */
function marksCollection(dir: string, path: string): boolean {
  return path.endsWith(REQUEST_SUFFIX) || path === `${dir}/${RESOURCES_DIR}/${DEFINITION_FILE}`
}
