/**
 * `wait-for`: poll a URL until it answers before the runs start (the service under test was
 * started in an earlier step). Any HTTP answer counts, even a 404 or a 500: the server is up.
 */
import http from 'node:http'
import https from 'node:https'
import { ActionError } from '../errors.js'
import type { Clock } from '../util/clock.js'

/** One attempt: resolves to undefined when the server answered, else to the error's short text. */
export type Probe = (url: string, timeoutMs: number) => Promise<string | undefined>

/** Time between attempts, ms. */
export const WAIT_INTERVAL_MS = 1000
/** Longest single attempt, ms: a server that accepts but never answers is retried, not waited on. */
export const WAIT_ATTEMPT_TIMEOUT_MS = 5000

/**
 * Waits until `url` answers or `timeoutMs` has passed, then throws an error naming `wait-for`.
 * The URL in the message is shown without userinfo or query (they may carry credentials).
 */
export async function waitForUrl(url: string, timeoutMs: number, clock: Clock, probe: Probe = httpProbe): Promise<number> {
  const shown = describeUrl(url)
  const started = clock.now()
  let attempts = 0
  for (;;) {
    attempts++
    const remaining = timeoutMs - (clock.now() - started)
    const failure = await probe(url, Math.max(1, Math.min(WAIT_ATTEMPT_TIMEOUT_MS, remaining)))
    if (failure === undefined) return attempts
    const left = timeoutMs - (clock.now() - started)
    if (left <= 0) {
      throw new ActionError(
        `Input 'wait-for': ${shown} did not answer within ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'}, last: ${failure}). ` +
          `Check that the service started in an earlier step, or raise 'wait-timeout'.`
      )
    }
    await clock.sleep(Math.min(WAIT_INTERVAL_MS, left))
  }
}

/** `scheme://host:port/path` of a URL, or a placeholder when it does not parse. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  } catch {
    return '(not a valid URL)'
  }
}

/**
 * A GET with a timeout on a fresh connection (a kept-alive socket to a server that restarted would
 * fail for the wrong reason); the body is discarded. Certificates are not checked: any answer counts.
 */
export const httpProbe: Probe = (url, timeoutMs) =>
  new Promise((resolve) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      resolve('not a valid URL')
      return
    }
    const client = parsed.protocol === 'https:' ? https : http
    const request = client.get(parsed, { timeout: timeoutMs, rejectUnauthorized: false, agent: false }, (response) => {
      response.resume()
      resolve(undefined)
    })
    request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)))
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
