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
import { createArtifactService } from './artifact/service.js'
import { safeLog } from './util/log-text.js'

export function createDeps(settings: Settings, event: EventInfo): RunDeps {
  return {
    createApi: (s) =>
      createPostmanClient({
        apiKey: s.apiKey,
        baseUrl: s.apiUrl,
        logger: safeLog
      }),
    createGit: (s, e) =>
      createGitSource({
        root: e.workspaceDir,
        github: s.githubToken ? createGitHubClient(s.githubToken) : undefined,
        repository: e.repository
      }),
    reporter: createReporter(settings, event),
    artifacts: createArtifactService(),
    runLog: coreRunLog,
    log: {
      info: safeLog.info,
      notice: safeLog.notice,
      warning: safeLog.warning,
      setOutput: core.setOutput,
      setFailed: core.setFailed
    },
    // RUNNER_TEMP is emptied between jobs, so plan, report and conflict copies never leak across runs.
    outDir: join(process.env.RUNNER_TEMP || tmpdir(), 'postman-sync'),
    // `junit-report` may point into RUNNER_TEMP (the repository's own e2e workflow does).
    tempDir: process.env.RUNNER_TEMP || undefined
  }
}
