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
  /**
   * Every regular file under the directory `dir` at a commit, repository-relative path → content
   * (a Native Git collection is a directory); fetched like `readAtCommit`, but with no contents API
   * fallback. Symbolic links and submodules are left out. `undefined` when the commit cannot be
   * had or holds no such directory.
   */
  readTreeAtCommit(sha: string, dir: string): Promise<Map<string, Buffer> | undefined>
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
  return gitBytes(root, args).then(({ ok, stdout }) => ({ ok, stdout: stdout.toString('utf8') }))
}

function gitBytes(root: string, args: string[], input?: string): Promise<{ ok: boolean; stdout: Buffer }> {
  return new Promise((resolve) => {
    // No shell, fixed argv: a path or ref from a file can never become a command. Prompts are off
    // so a fetch without credentials fails instead of waiting on a terminal.
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' }
    const child = execFile('git', args, { cwd: root, maxBuffer: MAX_BUFFER, env, encoding: 'buffer' }, (error, stdout) => {
      resolve({ ok: !error, stdout })
    })
    // A git that exits before reading its input (a failed command) closes the pipe: that EPIPE is
    // already its exit status, not an error of its own.
    child.stdin?.on('error', () => {})
    child.stdin?.end(input)
  })
}

/** Regular files (not symbolic links `120000`, not submodules) in `git ls-tree -r -z` output: path → object id. */
function blobsOf(listing: string): Map<string, string> {
  const blobs = new Map<string, string>()
  for (const record of listing.split('\0')) {
    const match = /^(100644|100755) blob ([0-9a-f]+)\t(.+)$/s.exec(record)
    if (match) blobs.set(match[3]!, match[2]!)
  }
  return blobs
}

/** `git cat-file --batch` output for `ids`, in order: `<id> blob <size>\n<bytes>\n` each. */
function splitBatch(out: Buffer, ids: readonly string[]): Buffer[] | undefined {
  const contents: Buffer[] = []
  let at = 0
  for (const id of ids) {
    const eol = out.indexOf(10, at)
    if (eol < 0) return undefined
    const header = out.subarray(at, eol).toString('latin1').split(' ')
    if (header[0] !== id || header[1] !== 'blob') return undefined
    const size = Number(header[2])
    contents.push(out.subarray(eol + 1, eol + 1 + size))
    at = eol + 1 + size + 1
  }
  return contents
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

    async readTreeAtCommit(sha, dir) {
      if (!SHA.test(sha) || /^0+$/.test(sha) || !(await ensureCommit(sha))) return undefined
      const listed = await git(opts.root, ['ls-tree', '-r', '-z', '--full-tree', sha, '--', `${dir.replace(/\/+$/, '')}/`])
      if (!listed.ok) return undefined
      const blobs = blobsOf(listed.stdout)
      if (blobs.size === 0) return undefined
      // One process for every file, not one `git show` each: a tree can hold a thousand files.
      const ids = [...blobs.values()]
      const batch = await gitBytes(opts.root, ['cat-file', '--batch'], ids.map((id) => `${id}\n`).join(''))
      const contents = batch.ok ? splitBatch(batch.stdout, ids) : undefined
      if (!contents) return undefined
      return new Map([...blobs.keys()].map((path, i) => [path, contents[i]!]))
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
