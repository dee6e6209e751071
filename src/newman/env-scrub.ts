/**
 * Removes credentials from `process.env` while collection scripts run: the scripts are code from
 * the pull request, and must not reach the API key, the GitHub token or the runner's variables.
 *
 * Why in-process is enough here: newman runs scripts in postman-sandbox, a separate `vm` context
 * without `process` or `require` (a test asserts that the classic `constructor.constructor`
 * escape finds no `process`). What scripts *can* influence is what this process does on their
 * behalf — requests, `pm.sendRequest` — and everything this process reads from its environment
 * while doing so. So for the duration of the runs the environment holds no credential at all.
 */

/** Variable names that are always removed: the inputs (they hold the API key and the token), the
 * runner's own tokens, and common credential names. */
const ALWAYS = [/^INPUT_/i, /^ACTIONS_/i, /^GITHUB_TOKEN$/i, /^GH_TOKEN$/i, /^POSTMAN_API_KEY$/i]

/** Names that look like credentials. Proxy settings are kept: requests need them to leave the runner. */
const CREDENTIAL_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_KEY|CREDENTIAL)/i

/**
 * The names to remove from `env`: the patterns above, and any variable whose value is (or
 * contains) one of `secrets` (the API key, the GitHub token, the `env-vars` values).
 */
export function variablesToScrub(env: NodeJS.ProcessEnv, secrets: Iterable<string>): string[] {
  const values = [...secrets].filter((value) => value.length >= 4)
  return Object.keys(env).filter((name) => {
    if (ALWAYS.some((pattern) => pattern.test(name)) || CREDENTIAL_NAME.test(name)) return true
    const value = env[name] ?? ''
    return values.some((secret) => value.includes(secret))
  })
}

/**
 * Removes the variables `variablesToScrub` names from `env` and returns the function that puts
 * them back. Call it in a `finally`.
 */
export function scrubEnvironment(env: NodeJS.ProcessEnv, secrets: Iterable<string>): () => void {
  const removed = new Map<string, string>()
  for (const name of variablesToScrub(env, secrets)) {
    const value = env[name]
    if (value !== undefined) removed.set(name, value)
    delete env[name]
  }
  return () => {
    for (const [name, value] of removed) env[name] = value
  }
}
