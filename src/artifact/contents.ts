/**
 * What goes into the artifact, and the copy that is uploaded. Only files this step wrote are
 * candidates: the plan and the Postman copies of conflicts (in the action's own output directory)
 * and the JUnit and HTML reports (at the paths the confined writer wrote them to). Each is checked
 * again where it lies (inside its root, a regular file, no symlink), read, passed through the
 * redactor, and written into a fresh staging directory, which is the one directory uploaded: a
 * file planted next to them, or a path that leads elsewhere, never reaches the artifact.
 */
import { constants, promises as fs, realpathSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { ArtifactFile } from '../model/artifact.js'
import { isInsideRoot } from '../util/paths.js'
import type { Redactor } from '../util/redact.js'
import { writeConfinedFile } from '../util/safe-write.js'

/** The files of one step that belong in its artifact. */
export interface ArtifactSources {
  /** The action's own output directory (under `RUNNER_TEMP`). */
  outDir: string
  /** The plan JSON, in `outDir`. */
  plan?: string
  /** The Postman copies of conflicting resources, in `outDir`. */
  remoteCopies: string[]
  /** Reports written where the inputs asked (`junit-report`, `html-report`). */
  reports: string[]
  /** Where those reports may be: the repository and `RUNNER_TEMP`. */
  reportRoots: string[]
}

/** The files to upload, each with its (unique, flat) name in the artifact; `[]` when there is nothing. */
export function artifactFiles(sources: ArtifactSources): ArtifactFile[] {
  const own = [sources.plan, ...sources.remoteCopies].filter((path): path is string => path !== undefined)
  const candidates = [...own.map((path) => ({ path, roots: [sources.outDir] })), ...sources.reports.map((path) => ({ path, roots: sources.reportRoots }))]
  const taken = new Set<string>()
  const files: ArtifactFile[] = []
  for (const { path, roots } of candidates) {
    if (!roots.some((root) => insideReal(root, path)) || files.some((f) => f.source === path)) continue
    files.push({ source: path, entry: uniqueName(basename(path), taken) })
  }
  return files
}

/** `name`, or `stem.2.ext`, `stem.3.ext`… when an earlier file took it. */
function uniqueName(name: string, taken: Set<string>): string {
  const ext = extname(name)
  const stem = name.slice(0, name.length - ext.length)
  let candidate = name
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${stem}.${i}${ext}`
  taken.add(candidate.toLowerCase())
  return candidate
}

/** Whether `path` is inside `root`, both by their real paths (a missing one is inside nothing). */
function insideReal(root: string, path: string): boolean {
  try {
    return isInsideRoot(realpathSync(root), realpathSync(path))
  } catch {
    return false
  }
}

/**
 * Copies each file, redacted, into `dir` (a new, empty directory) under its entry name; returns
 * the absolute paths of the copies, in order. A file that is no longer a regular file is refused.
 */
export async function stageFiles(files: ArtifactFile[], dir: string, redact: Redactor): Promise<string[]> {
  const staged: string[] = []
  for (const file of files) {
    const text = await readRegularFile(file.source)
    staged.push(await writeConfinedFile(join(dir, file.entry), redact(text), { roots: [dir], input: 'RUNNER_TEMP' }))
  }
  return staged
}

/** The text of a regular file, opened without following a symlink. */
async function readRegularFile(path: string): Promise<string> {
  const handle = await fs.open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${path} is not a regular file`)
    return await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
}
