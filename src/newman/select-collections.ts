/**
 * Which collections the runs take: JSON collection files and Native Git (Collection v3 YAML)
 * collection directories.
 *
 * Without `run-collections`, every file `collections` matches and every directory `v3-collections`
 * finds. With it, its globs select files as before, and select a v3 collection by its directory
 * path among those `v3-collections` finds: `postman/collections/Orders` runs that one collection,
 * `postman/collections/*` (or `postman/**`) all of them, `!postman/collections/Legacy` leaves one out.
 * A pattern that selects neither a file nor a directory is a warning naming it.
 */
import picomatch from 'picomatch'
import { defaultGlobs } from '../constants.js'
import type { Finding } from '../model/finding.js'
import { directoryPattern, findFiles, MATCH_OPTIONS, patternFinding, splitPatterns as splitGlobs } from '../discovery/files.js'
import { findV3CollectionDirs } from '../discovery/native-git/find-collections.js'
import { isAtOrUnder } from '../util/paths.js'

export interface RunSelectionInputs {
  collections: string[]
  v3Collections: string[]
  runCollections: string[]
}

export interface RunSelection {
  /** Repository-relative collection files and directories, sorted. */
  paths: string[]
  findings: Finding[]
}

/**
 * The collections to run. `reportV3Patterns`: whether problems of the `v3-collections` patterns are
 * reported here (false when the sync ran: it reports them once).
 */
export async function selectRunCollections(root: string, inputs: RunSelectionInputs, reportV3Patterns: boolean): Promise<RunSelection> {
  const v3 = await findV3CollectionDirs(root, inputs.v3Collections, { input: 'v3-collections', optionalPatterns: defaultGlobs('v3Collections') })
  const v3Findings = reportV3Patterns ? v3.findings : []
  if (inputs.runCollections.length === 0) {
    const files = await findFiles(root, inputs.collections, { input: 'collections', optionalPatterns: defaultGlobs('collections') })
    return { paths: [...files.paths, ...v3.paths].sort(compareText), findings: [...files.findings, ...v3Findings] }
  }
  const { written, positives, negatives } = splitPatterns(inputs.runCollections)
  // Every pattern may match files or directories: which matched nothing at all is judged below.
  const files = await findFiles(root, inputs.runCollections, { input: 'run-collections', optionalPatterns: written })
  const isNegated = negatives.length > 0 ? picomatch(negatives, MATCH_OPTIONS) : () => false
  const dirs = v3.paths.filter((dir) => positives.some((p) => picomatch(p, MATCH_OPTIONS)(dir)) && !isNegated(dir))
  // `postman/**` matches the YAML files of a v3 collection too: they are that collection, not collections of their own.
  const filePaths = files.paths.filter((path) => path.endsWith('.json') || !v3.paths.some((dir) => isAtOrUnder(path, dir)))
  const unmatched = positives.filter((p) => {
    const matches = picomatch(p, MATCH_OPTIONS)
    return !filePaths.some((path) => matches(path)) && !dirs.some((dir) => matches(dir))
  })
  return {
    paths: [...filePaths, ...dirs].sort(compareText),
    findings: [...files.findings, ...v3Findings, ...unmatched.map(unmatchedFinding)]
  }
}

/**
 * The patterns as `findFiles` reads them (`written`: trimmed, `!` and `./` dropped), and the positive
 * and negated ones for directories (a trailing `/` dropped too). A pattern leaving the repository is
 * left out: `findFiles` reports it.
 */
function splitPatterns(patterns: string[]): { written: string[]; positives: string[]; negatives: string[] } {
  const split = splitGlobs(patterns, 'run-collections')
  return { written: split.positives, positives: split.positives.map(directoryPattern), negatives: split.negatives.map(directoryPattern) }
}

function unmatchedFinding(pattern: string): Finding {
  return patternFinding(
    'warning',
    'Pattern matches nothing',
    `Input 'run-collections': the pattern '${pattern}' matches no collection file and no Native Git collection directory that 'v3-collections' finds (node_modules and .git are never searched).`
  )
}

/** Code-unit order, the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
