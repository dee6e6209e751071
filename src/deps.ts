/**
 * The composition root: the one place the real side effects are wired (checkout's
 * `createCommandManager`). Tests build `RunDeps` from fakes or loopback servers instead.
 */
import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventInfo } from './context.js'
import type { RunDeps } from './run.js'
import type { Settings } from './settings.js'
import { createPostmanClient } from './postman/client.js'
import { createGitSource } from './sync/git-base.js'
import { createGitHubClient } from './github/client.js'
import { coreRunLog } from './newman/run-log.js'
import { createReporter } from './report/publish.js'

export function createDeps(settings: Settings, event: EventInfo): RunDeps {
  return {
    createApi: (s) =>
      createPostmanClient({
        apiKey: s.apiKey,
        baseUrl: s.apiUrl,
        logger: { debug: core.debug, info: core.info, warning: core.warning }
      }),
    createGit: (s, e) =>
      createGitSource({
        root: e.workspaceDir,
        github: s.githubToken ? createGitHubClient(s.githubToken) : undefined,
        repository: e.repository
      }),
    reporter: createReporter(settings, event),
    runLog: coreRunLog,
    log: {
      info: core.info,
      notice: (m) => core.notice(m),
      warning: (m) => core.warning(m),
      setOutput: core.setOutput,
      setFailed: core.setFailed
    },
    // RUNNER_TEMP is emptied between jobs, so plan, report and conflict copies never leak across runs.
    outDir: join(process.env.RUNNER_TEMP || tmpdir(), 'postman-sync')
  }
}
