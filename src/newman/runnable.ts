/**
 * Which selected collections may run. A collection the sync found invalid is not run: its
 * findings stand (running it would repeat the problem as a crash or as noise). A collection the
 * sync did not validate (`sync: off`, no key, not matched by `collections`) is validated here with
 * the sync's own checks, so a malformed file never reaches newman. A Native Git collection is a
 * directory whose findings are on the files in it: one invalid file keeps the collection from running.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { Finding } from '../model/finding.js'
import { validateCollectionText } from '../discovery/validate.js'
import { MAX_FILE_BYTES } from '../discovery/validate.js'
import { readV3Collection, type ReadV3Result } from '../discovery/native-git/read-collection.js'
import { isAtOrUnder } from '../util/paths.js'

/** The selection split into what runs and what does not (with why). */
export interface Runnable {
  paths: string[]
  /** Collections not run, each with the reason shown in the run's report. */
  skipped: Array<{ path: string; reason: string }>
  /** Findings of the collections validated here (those the sync already reported are not repeated). */
  findings: Finding[]
  /** Native Git trees read and validated here, by path: the runner takes them instead of reading them again. */
  trees: Map<string, ReadV3Result>
}

/**
 * Splits `paths`: `known` are the sync's findings, `validated` the paths the sync validated and
 * found fine. Every other path is read and validated now.
 */
export async function selectRunnable(root: string, paths: string[], known: Finding[], validated: Set<string>): Promise<Runnable> {
  const flagged = new Set(known.filter((f) => f.level === 'error' && f.kind === 'invalid-file').map((f) => f.file))
  const out: Runnable = { paths: [], skipped: [], findings: [], trees: new Map() }
  for (const path of paths) {
    if (await isDirectory(root, path)) {
      await selectDirectory(root, path, { known, validated }, out)
      continue
    }
    if (flagged.has(path)) {
      out.skipped.push({ path, reason: 'not run: the file is invalid (see its findings)' })
      continue
    }
    if (validated.has(path)) {
      out.paths.push(path)
      continue
    }
    const findings = await validateFile(root, path)
    const errors = findings.filter((f) => f.level === 'error')
    out.findings.push(...findings)
    if (errors.length > 0) out.skipped.push({ path, reason: 'not run: the file is invalid (see its findings)' })
    else out.paths.push(path)
  }
  return out
}

/**
 * A Native Git collection directory: its findings are on the files inside it. The sync's verdict
 * stands when the sync read it (a finding inside it, or a validated path at or under it); any error
 * there keeps the whole collection from running. Otherwise the tree is read and validated here.
 */
async function selectDirectory(root: string, dir: string, sync: { known: Finding[]; validated: Set<string> }, out: Runnable): Promise<void> {
  const known = sync.known.filter((f) => isAtOrUnder(f.file, dir))
  const readBySync = known.length > 0 || [...sync.validated].some((path) => isAtOrUnder(path, dir))
  const read = readBySync ? undefined : await readV3Collection(join(root, ...dir.split('/')), { relativeTo: root })
  const findings = read?.findings ?? known
  if (read !== undefined) out.findings.push(...read.findings)
  if (findings.some((f) => f.level === 'error' && f.kind === 'invalid-file')) {
    out.skipped.push({ path: dir, reason: 'not run: files of the collection are invalid (see their findings)' })
  } else {
    out.paths.push(dir)
    if (read !== undefined) out.trees.set(dir, read)
  }
}

async function isDirectory(root: string, path: string): Promise<boolean> {
  return fs.stat(join(root, ...path.split('/'))).then(
    (s) => s.isDirectory(),
    () => false
  )
}

async function validateFile(root: string, path: string): Promise<Finding[]> {
  const absPath = join(root, ...path.split('/'))
  try {
    const { size } = await fs.stat(absPath)
    if (size > MAX_FILE_BYTES.collection) {
      return [
        {
          level: 'error',
          kind: 'invalid-file',
          file: path,
          title: 'File too large',
          message: `The file is larger than Postman accepts for one collection (${MAX_FILE_BYTES.collection} bytes); it is not run.`
        }
      ]
    }
    return validateCollectionText(path, await fs.readFile(absPath, 'utf8'), { absPath }).findings
  } catch (error) {
    return [
      {
        level: 'error',
        kind: 'invalid-file',
        file: path,
        title: 'Unreadable file',
        message: `The file could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`
      }
    ]
  }
}
