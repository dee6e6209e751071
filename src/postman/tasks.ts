/**
 * Async collection updates (`Prefer: respond-async`, docs/postman-api.md): the PUT answers 202
 * with a task, polled with backoff until it ends or the call's time budget does.
 */
import { ServerError, ValidationError } from './errors.js'
import { decodeTaskStatus } from './decode.js'
import type { Call, Requester } from './request.js'

/** Waits for the task of `call` (the PUT); throws when it failed or outlasted the budget. */
export async function waitForTask(requester: Requester, call: Call, taskId: string): Promise<void> {
  const { o } = requester
  const started = o.clock.now()
  let delay = Math.min(500, o.maxBackoffMs)
  const poll: Call = { method: 'GET', path: `/collection-updates-tasks/${encodeURIComponent(taskId)}` }
  for (;;) {
    await o.clock.sleep(delay)
    const status = decodeTaskStatus(poll, (await requester.request(poll)).data)
    if (status === 'successful') return
    if (status === 'failed') {
      throw new ValidationError(
        requester.details(call, 200, { name: 'taskFailed', message: `update task ${taskId} failed` }),
        'Postman could not apply the collection update; check the collection in Postman and run again.'
      )
    }
    if (o.clock.now() - started + delay > o.maxRetryTimeMs) {
      const seconds = Math.round((o.clock.now() - started) / 1000)
      throw new ServerError(requester.details(call, 202, { message: `update task ${taskId} still in progress after ${seconds} s` }), 1)
    }
    delay = Math.min(delay * 2, o.maxBackoffMs)
  }
}
