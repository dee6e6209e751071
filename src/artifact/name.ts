/**
 * The artifact's name. Names must be unique within a workflow run (the service refuses a second
 * artifact of the same name), and the runner's variables do not tell matrix legs apart: every
 * leg has the same `GITHUB_JOB`, and a job may use the action in two steps. What does differ is
 * the job run itself: the runtime token's `Actions.Results:<run>:<job run>` scope names it (the
 * artifact client reads the same claim), and `GITHUB_ACTION` names the step. A short hash of both
 * makes the name unique per step of each job run, re-runs included; the job and the check name
 * (with its shard) keep it readable on the run page.
 */
import { createHash } from 'node:crypto'
import type { Shard } from '../settings.js'

/** The check name users leave as it is; any other, or a shard, is part of the name. */
const DEFAULT_CHECK_NAME = 'Postman'

/** `postman-sync-<job>[-<check name>][-shard-i-of-n]-<8 hex>`: the characters the service accepts only. */
export function artifactName(env: NodeJS.ProcessEnv, check: { checkName: string; shard: Shard }): string {
  const parts = ['postman-sync', slug(env.GITHUB_JOB ?? '')]
  if (check.checkName !== DEFAULT_CHECK_NAME) parts.push(slug(check.checkName))
  if (check.shard.total > 1) parts.push(`shard-${check.shard.index}-of-${check.shard.total}`)
  const jobRun = jobRunId(env.ACTIONS_RUNTIME_TOKEN) ?? `${env.GITHUB_RUN_ID ?? ''}.${env.GITHUB_RUN_ATTEMPT ?? ''}`
  parts.push(
    createHash('sha256')
      .update(`${jobRun}\n${env.GITHUB_ACTION ?? ''}`)
      .digest('hex')
      .slice(0, 8)
  )
  return parts.filter((part) => part !== '').join('-')
}

/** Letters, digits, `.`, `_` and `-` (the service refuses `"` `:` `<` `>` `|` `*` `?` `\` `/` and line breaks), at most 40. */
function slug(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
}

/**
 * The job run's id from the token's claims (its middle part, base64url JSON; nothing is verified:
 * only the service can, and only the name depends on it), or undefined when it is not there.
 */
export function jobRunId(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1]
  if (payload === undefined) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    const scopes = typeof claims === 'object' && claims !== null && 'scp' in claims && typeof claims.scp === 'string' ? claims.scp.split(' ') : []
    const results = scopes.map((scope) => scope.split(':')).find((scope) => scope[0] === 'Actions.Results' && scope.length === 3)
    return results?.[2]
  } catch {
    return undefined
  }
}
