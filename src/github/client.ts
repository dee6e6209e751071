/**
 * The one GitHub API client: `@actions/github`'s octokit with `baseUrl` from `GITHUB_API_URL`
 * (GitHub Enterprise Server, and the loopback stand-in in tests). The reports and the base-revision
 * lookup (sync/git-base.ts) both use it, so both honour the runner's `HTTPS_PROXY`/`NO_PROXY`
 * the way `@actions/http-client` reads them.
 */
import * as github from '@actions/github'

/** The octokit type `@actions/github` returns. */
export type GitHubClient = ReturnType<typeof github.getOctokit>

/** An octokit for `token`, talking to `GITHUB_API_URL` (default `https://api.github.com`). */
export function createGitHubClient(token: string, env: NodeJS.ProcessEnv = process.env): GitHubClient {
  return github.getOctokit(token, { baseUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '') })
}

/** The HTTP status of an octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status
  return typeof status === 'number' ? status : undefined
}

/** A short reason for an API failure, without request details (they could carry the token). */
export function reasonOf(error: unknown): string {
  const status = statusOf(error)
  const message = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'unknown error'
  return status === undefined ? message : `${status} ${message}`
}

/** `owner/name` split, or undefined when it is not of that form. */
function splitRepository(repository: string): { owner: string; repo: string } | undefined {
  const [owner, repo, ...rest] = repository.split('/')
  return owner && repo && rest.length === 0 ? { owner, repo } : undefined
}

/**
 * A file's raw content at a commit, through the contents API; undefined when the repository, the
 * commit or the path does not have it (404). Other failures throw, naming the path and commit.
 */
export async function readFileAtCommit(client: GitHubClient, repository: string, path: string, sha: string): Promise<string | undefined> {
  const target = splitRepository(repository)
  if (target === undefined) return undefined
  try {
    // Each segment encoded here and the template's `{+path}` keeps the slashes: a name with `#`,
    // `?` or `%` stays one path, and the URL is the one GitHub documents (`contents/dir/file`).
    const response = await client.request('GET /repos/{owner}/{repo}/contents/{+path}', {
      ...target,
      path: path.split('/').map(encodeURIComponent).join('/'),
      ref: sha,
      headers: { accept: 'application/vnd.github.raw+json', 'X-GitHub-Api-Version': '2022-11-28' }
    })
    // The raw media type answers with the bytes: octokit hands them over as a string for a text
    // content type, as an ArrayBuffer for any other.
    const data: unknown = response.data
    if (typeof data === 'string') return data
    if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
    throw new Error('the answer was not the raw file')
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw new Error(`Could not read ${path} at ${sha} through the GitHub contents API (${reasonOf(error)}).`)
  }
}
