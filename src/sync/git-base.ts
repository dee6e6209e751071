/**
 * Git as the sync needs it (docs/architecture.md#comparison-and-drift): a file's content at the base commit, and whether
 * the workflow's commit is still the tip of its ref. Behind an interface so the orchestrator and
 * its tests need a fake, not a module mock.
 *
 * `actions/checkout` makes shallow clones (depth 1) and keeps its credentials in the git config,
 * so a missing base commit is fetched on its own (`git fetch --depth=1 origin <sha>`); when that
 * fails (no remote, credentials not persisted) the file is read through the contents API.
 */
import { execFile } from 'node:child_process'
import { readFileAtCommit, type GitHubClient } from '../github/client.js'

/** Read-only git access for the sync. */
export interface GitSource {
  /** File content at a commit; fetches just that commit when a shallow checkout lacks it, else falls back to the contents API; undefined when absent. */
  readAtCommit(sha: string, path: string): Promise<string | undefined>
  /** True when `sha` is no longer the tip of `ref` on the remote (a re-run of an old commit). */
  isStale(sha: string, ref: string): Promise<boolean>
}

export interface GitSourceOptions {
  /** The repository's working tree. */
  root: string
  /**
   * For the contents API fallback: the one GitHub client (github/client.ts), so `GITHUB_API_URL`
   * and the runner's proxy settings apply as they do to the reports. None: no fallback.
   */
  github?: GitHubClient
  /** `owner/name`, for the contents API. */
  repository?: string
}

const SHA = /^[0-9a-f]{7,64}$/i
/** Big enough for a 50 MB collection. */
const MAX_BUFFER = 256 * 1024 * 1024

interface GitResult {
  ok: boolean
  stdout: string
}

function git(root: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    // No shell, fixed argv: a path or ref from a file can never become a command. Prompts are off
    // so a fetch without credentials fails instead of waiting on a terminal.
    execFile('git', args, { cwd: root, maxBuffer: MAX_BUFFER, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout) => {
      resolve({ ok: !error, stdout: String(stdout) })
    })
  })
}

/** The real `GitSource`: the git CLI in `root`, then the GitHub contents API. */
export function createGitSource(opts: GitSourceOptions): GitSource {
  const hasCommit = async (sha: string): Promise<boolean> => (await git(opts.root, ['cat-file', '-e', `${sha}^{commit}`])).ok
  const viaContentsApi = async (sha: string, path: string): Promise<string | undefined> =>
    opts.github && opts.repository ? readFileAtCommit(opts.github, opts.repository, path, sha) : undefined

  // One look (and at most one fetch) per commit, shared by every file read at it: the plan reads
  // files in parallel, and concurrent fetches into one shallow clone fail on its shallow.lock, which
  // left some files without a base (a false conflict) depending on timing.
  const present = new Map<string, Promise<boolean>>()
  const ensureCommit = (sha: string): Promise<boolean> => {
    let known = present.get(sha)
    if (!known) {
      known = (async () => {
        if (await hasCommit(sha)) return true
        await git(opts.root, ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', sha])
        return hasCommit(sha)
      })()
      present.set(sha, known)
    }
    return known
  }

  return {
    async readAtCommit(sha, path) {
      if (!SHA.test(sha) || /^0+$/.test(sha)) return undefined
      if (!(await ensureCommit(sha))) return viaContentsApi(sha, path)
      const shown = await git(opts.root, ['show', `${sha}:${path}`])
      // The commit is here, so a failure means the path did not exist then.
      return shown.ok ? shown.stdout : undefined
    },

    async isStale(sha, ref) {
      if (!sha || !ref) return false
      // An annotated tag points at a tag object; its `^{}` line (asked for explicitly) is the commit.
      const listed = await git(opts.root, ['ls-remote', 'origin', ref, `${ref}^{}`])
      if (!listed.ok) return false
      const tips = listed.stdout
        .split('\n')
        .map((line) => line.split('\t'))
        .filter(([tip, name]) => tip && name && (name === ref || name === `${ref}^{}` || name.endsWith(`/${ref}`) || name.endsWith(`/${ref}^{}`)))
        .map(([tip = '']) => tip.toLowerCase())
      // An unknown ref (deleted branch, detached run) tells nothing: do not block the writes on it.
      if (tips.length === 0) return false
      return !tips.includes(sha.toLowerCase())
    }
  }
}
