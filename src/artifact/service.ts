/**
 * The workflow artifact service, behind the one small interface the step needs: may it upload
 * here, and upload. The real one is `@actions/artifact` (the toolkit's client, which `actions/upload-artifact`
 * uses too): it reads `ACTIONS_RUNTIME_TOKEN` and `ACTIONS_RESULTS_URL`, which the runner gives
 * JavaScript actions on github.com and GHE.com. Tests fake this interface, or point the real
 * client at a loopback stand-in of the service through those two variables.
 */

import type { Shard } from '../settings.js'
import { artifactName } from './name.js'

export interface ArtifactService {
  /** Why no artifact can be uploaded from here, or undefined when it can. */
  unavailableReason(): string | undefined
  /** This step's artifact name, unique within the workflow run. */
  nameFor(check: { checkName: string; shard: Shard }): string
  /** Uploads `files` (each under `rootDirectory`) as one zipped artifact; its download link, when it can be known. */
  upload(name: string, files: string[], rootDirectory: string): Promise<{ url?: string }>
}

/** The real service. `env` is read when asked (the runner's environment in production). */
export function createArtifactService(env: NodeJS.ProcessEnv = process.env): ArtifactService {
  return {
    unavailableReason: () => unavailableReason(env),
    nameFor: (check) => artifactName(env, check),
    upload: async (name, files, rootDirectory) => {
      // Loaded when an upload happens, not at start: the client and the Azure SDK under it are a
      // sixth of the bundle, and a step without an artifact should not pay to evaluate them.
      const { DefaultArtifactClient } = await import('@actions/artifact')
      const result = await new DefaultArtifactClient().uploadArtifact(name, files, rootDirectory)
      const url = artifactUrl(env, result.id)
      return url === undefined ? {} : { url }
    }
  }
}

/** The run page's link to an artifact: `<server>/<owner>/<repo>/actions/runs/<run id>/artifacts/<id>`. */
export function artifactUrl(env: NodeJS.ProcessEnv, id: number | undefined): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env
  if (id === undefined || !server || !repository || !runId) return undefined
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${encodeURIComponent(runId)}/artifacts/${id}`
}

/**
 * Why the service cannot be used: it needs both runner variables (a local run, `npm start` or a
 * `run:` step has neither), and it does not exist on GitHub Enterprise Server (the client refuses
 * any server but github.com, *.ghe.com and *.localhost, as this check does: asked there, it would
 * print a warning of its own before failing).
 */
export function unavailableReason(env: NodeJS.ProcessEnv): string | undefined {
  if (isEnterpriseServer(env.GITHUB_SERVER_URL)) return 'GitHub Enterprise Server has no artifact service for actions'
  const missing = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((name) => !env[name])
  if (missing.length > 0) return `the artifact service is not available here (no ${missing.join(' or ')}: a local run, or a runner without it)`
  return undefined
}

/** The client's own rule (`isGhes`): any server but github.com, *.ghe.com and *.localhost. */
function isEnterpriseServer(serverUrl: string | undefined): boolean {
  let host: string
  try {
    host = new URL(serverUrl || 'https://github.com').hostname.toUpperCase()
  } catch {
    return false
  }
  return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST')
}
