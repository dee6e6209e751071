/**
 * The release step the `Release` workflow runs on a `vX.Y.Z` tag, kept in a script so it can be
 * tested on a temporary repository (`__tests__/interface/release.test.ts`) instead of only on GitHub.
 *
 *   node --import tsx scripts/release/release.ts <tag> [--notes <file>] [--push]
 *
 * It checks the tag against `package.json` and `CHANGELOG.md`, writes the changelog section of the
 * version to `--notes` (the GitHub Release body), and moves the major tag (`v1`) to the tagged
 * commit — locally, and on `origin` with `--push`. Users pin `@v1`, so moving it is what publishes
 * the release to them; this is how `actions/typescript-action` releases. Checking that `dist/` is
 * fresh and the tests pass are separate workflow steps (they need the build and the whole suite).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'

/** A release tag: `v` and three numbers. Pre-releases (`v1.2.0-rc.1`) do not move the major tag. */
const RELEASE_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

export class ReleaseError extends Error {}

export interface ReleasePlan {
  version: string
  majorTag: string
  notes: string
}

/**
 * The section of `CHANGELOG.md` for `version`: the lines after its `## [x.y.z]` (or `## x.y.z`)
 * heading, up to the next `## ` heading, trimmed. Undefined when there is none or it is empty.
 */
export function changelogSection(changelog: string, version: string): string | undefined {
  const lines = changelog.split(/\r?\n/)
  const escaped = version.replace(/\./g, '\\.')
  const heading = new RegExp(`^##\\s+\\[?v?${escaped}\\]?(\\s|$)`)
  const start = lines.findIndex((line) => heading.test(line))
  if (start < 0) return undefined
  const rest = lines.slice(start + 1)
  const end = rest.findIndex((line) => /^##\s/.test(line))
  const section = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim()
  return section || undefined
}

/** Checks the tag against the version and the changelog; throws `ReleaseError` saying what to fix. */
export function planRelease(tag: string, packageVersion: string, changelog: string): ReleasePlan {
  const match = RELEASE_TAG.exec(tag)
  if (!match) throw new ReleaseError(`Tag '${tag}' is not a release tag: expected v<major>.<minor>.<patch>, e.g. v1.2.3.`)
  const version = tag.slice(1)
  if (packageVersion !== version) {
    throw new ReleaseError(`Tag '${tag}' does not match package.json version '${packageVersion}': bump the version in package.json (and CHANGELOG.md) first.`)
  }
  const notes = changelogSection(changelog, version)
  if (!notes) throw new ReleaseError(`CHANGELOG.md has no section '## [${version}]' with text: write the release notes first.`)
  return { version, majorTag: `v${match[1]}`, notes }
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** Runs the release step in the repository at `root`. */
export function release(root: string, tag: string, options: { notesFile?: string; push?: boolean }): ReleasePlan {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version?: string }
  const plan = planRelease(tag, pkg.version ?? '', readFileSync(resolve(root, 'CHANGELOG.md'), 'utf8'))
  let commit: string
  try {
    commit = git(root, ['rev-parse', '--verify', `refs/tags/${tag}^{commit}`])
  } catch {
    throw new ReleaseError(`Tag '${tag}' does not exist in this repository: push the tag, then release.`)
  }
  if (options.notesFile) writeFileSync(options.notesFile, `${plan.notes}\n`)
  // A lightweight major tag, as actions publish them: `git tag -f` moves it if it exists.
  git(root, ['tag', '--force', plan.majorTag, commit])
  if (options.push) git(root, ['push', '--force', 'origin', `refs/tags/${plan.majorTag}`])
  return plan
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { notes: { type: 'string' }, push: { type: 'boolean' } } })
  const tag = positionals[0]
  if (!tag || positionals.length > 1) throw new ReleaseError('Usage: release.ts <tag> [--notes <file>] [--push]')
  const plan = release(process.cwd(), tag, { notesFile: values.notes, push: values.push })
  console.log(`Release ${tag}: ${plan.majorTag} now points at it${values.push ? ' on origin' : ' (locally; --push to publish)'}.`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main()
  } catch (error) {
    console.error(error instanceof ReleaseError ? error.message : String(error))
    process.exit(1)
  }
}
