/**
 * The GitHub API client the reports use: `@actions/github`'s octokit with `baseUrl` from
 * `GITHUB_API_URL` (GitHub Enterprise Server, and the loopback stand-in in tests).
 */
import * as github from '@actions/github'

/** The octokit type `@actions/github` returns. */
export type GitHubClient = ReturnType<typeof github.getOctokit>

/** An octokit for `token`, talking to `GITHUB_API_URL` (default `https://api.github.com`). */
export function createGitHubClient(token: string, env: NodeJS.ProcessEnv = process.env): GitHubClient {
  return github.getOctokit(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com' })
}

/** The HTTP status of an octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status
  return typeof status === 'number' ? status : undefined
}

/** A short reason for an API failure, without request details (they could carry the token). */
export function reasonOf(error: unknown): string {
  const status = statusOf(error)
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '').slice(0, 200) : 'unknown error'
  return status === undefined ? message : `${status} ${message}`
}
