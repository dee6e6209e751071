/**
 * Glob discovery of the repository's Postman files (the `collections` and `environments` inputs).
 *
 * picomatch matches; the walk is hand-written so it can prune before reading a directory: it
 * starts at each pattern's static base (`postman/` for `postman/**\/*.json`), stops at the depth a
 * pattern without `**` can reach, never enters `node_modules` or `.git`, skips directories a
 * negation excludes whole (`!legacy/**`), and refuses symlinks that leave the repository. A glob
 * library (fast-glob, tinyglobby) would walk the same way but follow or report symlinks by its
 * own rules; confinement is the point here, so the walk stays ours.
 */
import { promises as fs, type Dirent } from 'node:fs'
import nodePath from 'node:path'
import picomatch from 'picomatch'
import { NEVER_MATCHED_DIRS } from '../constants.js'
import type { Finding } from '../model/finding.js'
import { isInsideRoot } from '../util/paths.js'

/** Options of {@link findFiles}. */
export interface FindFilesOptions {
  /** Name of the input the patterns came from, for messages (e.g. `collections`). */
  input?: string
  /** Patterns that may match nothing without a warning (the action's own defaults). */
  optionalPatterns?: readonly string[]
}

interface Positive {
  pattern: string
  matcher: (path: string) => boolean
  base: string
  /** Directory levels below `base` a match can be at; Infinity with `**`. */
  depth: number
  hits: number
}

interface WalkRoot {
  dir: string
  depth: number
}

// dot: true, because repositories keep collections in hidden folders (`.postman/`, `.github/`);
// `.git` is excluded by name instead.
export const MATCH_OPTIONS = { dot: true }

/**
 * Files under `root` matching `patterns` (newline/comma lists already split; `!` negates),
 * repository-relative with '/', sorted. Patterns that leave the root are errors, patterns that
 * match nothing and symlinks that point outside the root are warnings.
 */
export async function findFiles(root: string, patterns: string[], options: FindFilesOptions = {}): Promise<{ paths: string[]; findings: Finding[] }> {
  const split = splitPatterns(patterns, options.input)
  const findings: Finding[] = split.findings
  const inputName = patternSubject(options.input)
  const positives = split.positives.map(positive)
  const negatives = split.negatives
  const excluded = negatives.length > 0 ? picomatch(negatives, MATCH_OPTIONS) : () => false
  // Directories a negation removes whole: `!dir/**` (and `!dir/**/*` alike) never needs a read.
  const prunedDirs = negatives
    .filter((pattern) => /\/\*\*(\/\*)?$/.test(pattern))
    .map((pattern) => picomatch(pattern.replace(/\/\*\*(\/\*)?$/, ''), MATCH_OPTIONS))

  const rootReal = await fs.realpath(root)
  // One path per real file: a file reached through a symlinked directory as well as directly
  // would otherwise be validated twice and collide with itself as a duplicate name.
  const found = new Map<string, { rel: string; viaLink: boolean }>()
  const wouldMatch = (rel: string): boolean => positives.some((candidate) => candidate.matcher(rel))
  const onFile = (rel: string, real: string, viaLink: boolean): void => {
    let matched = false
    for (const candidate of positives) {
      if (candidate.matcher(rel)) {
        candidate.hits++
        matched = true
      }
    }
    if (!matched || excluded(rel)) return
    const known = found.get(real)
    if (known === undefined || (known.viaLink && !viaLink) || (known.viaLink === viaLink && rel < known.rel)) found.set(real, { rel, viaLink })
  }
  const walker = new Walker({ rootReal, findings, prunedDirs, wouldMatch, onFile })
  for (const walkRoot of walkRoots(positives)) await walker.walk(walkRoot)

  for (const candidate of positives) {
    if (candidate.hits === 0 && !options.optionalPatterns?.includes(candidate.pattern)) {
      findings.push(
        patternFinding(
          'warning',
          'Pattern matches nothing',
          `${inputName} '${candidate.pattern}' matches no file in the repository (node_modules and .git are never searched).`
        )
      )
    }
  }
  return { paths: [...found.values()].map((entry) => entry.rel).sort(), findings }
}

/** How messages name a pattern of `input`. */
export function patternSubject(input: string | undefined): string {
  return input === undefined ? 'A pattern' : `Input '${input}': the pattern`
}

/**
 * The patterns of an input, trimmed, without a leading `./`, split into positives and negations
 * (`!`); a pattern that leaves the repository is an error finding and is dropped. Patterns of
 * directories go through `directoryPattern` too.
 */
export function splitPatterns(patterns: string[], input: string | undefined): { positives: string[]; negatives: string[]; findings: Finding[] } {
  const split = { positives: [] as string[], negatives: [] as string[], findings: [] as Finding[] }
  for (const raw of patterns) {
    const trimmed = raw.trim()
    const negated = trimmed.startsWith('!')
    const pattern = trimmed.slice(negated ? 1 : 0).replace(/^\.\//, '')
    if (pattern === '') continue
    const problem = confinementProblem(pattern)
    if (problem !== undefined) {
      const message = `${patternSubject(input)} '${trimmed}' ${problem}. Patterns are relative to the repository root and cannot leave it.`
      split.findings.push(patternFinding('error', 'Pattern outside the repository', message))
      continue
    }
    ;(negated ? split.negatives : split.positives).push(pattern)
  }
  return split
}

/** A pattern matched against directory paths, without the trailing `/` it may be written with. */
export function directoryPattern(pattern: string): string {
  return pattern.replace(/\/+$/, '')
}

function confinementProblem(pattern: string): string | undefined {
  if (pattern.startsWith('/') || pattern.startsWith('\\') || /^[A-Za-z]:/.test(pattern) || pattern.startsWith('~')) return 'is an absolute path'
  if (pattern.split(/[/\\]/).includes('..')) return "contains '..'"
  return undefined
}

function positive(pattern: string): Positive {
  const scan = picomatch.scan(pattern)
  // A pattern without glob characters names one file: walk its directory, one level deep.
  const base = scan.isGlob ? scan.base : nodePath.posix.dirname(pattern) === '.' ? '' : nodePath.posix.dirname(pattern)
  const rest = scan.isGlob ? scan.glob : nodePath.posix.basename(pattern)
  const depth = rest.includes('**') ? Infinity : rest.split('/').length - 1
  return { pattern, matcher: picomatch(pattern, MATCH_OPTIONS), base, depth, hits: 0 }
}

/** One walk per outermost base, deep enough for every pattern under it. */
function walkRoots(positives: Positive[]): WalkRoot[] {
  const roots: WalkRoot[] = []
  const sorted = [...positives].sort((a, b) => a.base.length - b.base.length)
  for (const { base, depth } of sorted) {
    if (base.split('/').some((segment) => NEVER_MATCHED_DIRS.includes(segment))) continue
    const parent = roots.find((candidate) => candidate.dir === '' || base === candidate.dir || base.startsWith(`${candidate.dir}/`))
    if (parent === undefined) {
      roots.push({ dir: base, depth })
      continue
    }
    const extra = parent.dir === base ? 0 : base.slice(parent.dir.length).split('/').filter(Boolean).length
    parent.depth = Math.max(parent.depth, depth + extra)
  }
  return roots
}

interface WalkerOptions {
  rootReal: string
  /** Where symlink warnings go. */
  findings: Finding[]
  /** Directories a negation removes whole. */
  prunedDirs: Array<(path: string) => boolean>
  /** Whether a path would match a positive pattern (decides whether a stray link is worth a word). */
  wouldMatch: (rel: string) => boolean
  onFile: (rel: string, real: string, viaLink: boolean) => void
}

/** A directory being walked: its repository path, its real path, the depth left, and whether a link led here. */
interface DirVisit {
  rel: string
  real: string
  depth: number
  viaLink: boolean
}

class Walker {
  /**
   * Real paths of the directories being walked, from the start down to the current one. Only a
   * directory that contains itself through a link is a loop; a directory reached both directly
   * and through a link is walked both ways, and `onFile` keeps the direct path.
   */
  private readonly ancestors = new Set<string>()

  private readonly rootReal: string
  private readonly findings: Finding[]
  private readonly prunedDirs: Array<(path: string) => boolean>
  private readonly wouldMatch: (rel: string) => boolean
  private readonly onFile: (rel: string, real: string, viaLink: boolean) => void

  constructor(options: WalkerOptions) {
    this.rootReal = options.rootReal
    this.findings = options.findings
    this.prunedDirs = options.prunedDirs
    this.wouldMatch = options.wouldMatch
    this.onFile = options.onFile
  }

  async walk(start: WalkRoot): Promise<void> {
    const abs = nodePath.join(this.rootReal, start.dir)
    const real = await tryRealpath(abs)
    if (real === undefined || !this.readable(real)) {
      if (real !== undefined) this.warnSymlink(start.dir, real)
      return
    }
    await this.dir(start.dir, real, start.depth, real !== abs)
  }

  private async dir(rel: string, real: string, depth: number, viaLink: boolean): Promise<void> {
    if (this.ancestors.has(real)) return
    let entries: Dirent[]
    try {
      entries = await fs.readdir(real, { withFileTypes: true })
    } catch {
      return // not a directory, or unreadable: nothing to match
    }
    this.ancestors.add(real)
    try {
      await this.entries({ rel, real, depth, viaLink }, entries)
    } finally {
      this.ancestors.delete(real)
    }
  }

  private async entries({ rel, real, depth, viaLink }: DirVisit, entries: Dirent[]): Promise<void> {
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (NEVER_MATCHED_DIRS.includes(entry.name)) continue
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`
      const childAbs = nodePath.join(real, entry.name)
      if (entry.isSymbolicLink()) {
        await this.symlink(childRel, childAbs, depth)
      } else if (entry.isDirectory()) {
        if (depth > 0 && !this.pruned(childRel)) await this.dir(childRel, childAbs, depth - 1, viaLink)
      } else if (entry.isFile()) {
        this.onFile(childRel, childAbs, viaLink)
      }
    }
  }

  private async symlink(rel: string, abs: string, depth: number): Promise<void> {
    const target = await tryRealpath(abs)
    if (target === undefined) return // broken link: there is no file to read
    const stat = await fs.stat(target).catch(() => undefined)
    if (stat === undefined) return
    if (stat.isDirectory()) {
      if (depth === 0 || this.pruned(rel)) return
      if (!this.readable(target)) return this.warnSymlink(rel, target)
      await this.dir(rel, target, depth - 1, true)
    } else if (stat.isFile()) {
      if (!this.readable(target)) {
        // Only worth a word when the link would have matched; stray links elsewhere are not ours.
        if (this.wouldMatch(rel)) this.warnSymlink(rel, target)
        return
      }
      this.onFile(rel, target, true)
    }
  }

  private pruned(rel: string): boolean {
    return this.prunedDirs.some((matches) => matches(rel))
  }

  private inside(real: string): boolean {
    return isInsideRoot(this.rootReal, real)
  }

  /** Inside the repository and out of any `.git` (a link such as `meta -> .git` leads there too). */
  private readable(real: string): boolean {
    return (
      this.inside(real) &&
      !nodePath
        .relative(this.rootReal, real)
        .split(nodePath.sep)
        .some((segment) => /^\.git$/i.test(segment))
    )
  }

  private warnSymlink(rel: string, real?: string): void {
    const intoGit = real !== undefined && this.inside(real)
    this.findings.push({
      level: 'warning',
      kind: 'invalid-file',
      file: rel,
      title: intoGit ? 'Symlink into .git' : 'Symlink leaves the repository',
      message: intoGit
        ? `'${rel}' is a symbolic link into .git; it is skipped. Files are never read from .git.`
        : `'${rel}' is a symbolic link to a place outside the repository; it is skipped. Files are read only from inside the repository.`
    })
  }
}

async function tryRealpath(path: string): Promise<string | undefined> {
  return fs.realpath(path).catch(() => undefined)
}

/** A finding about a pattern, not a file: the empty path is the repository itself. */
export function patternFinding(level: Finding['level'], title: string, message: string): Finding {
  return { level, kind: 'invalid-file', file: '', title, message }
}
