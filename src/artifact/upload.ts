/**
 * The step's one workflow artifact (`upload-artifact`): the plan, the Postman copy of every
 * conflicting resource, the JUnit and HTML reports, uploaded together after the step wrote them,
 * so the files a team needs to finish a conflict outlive the runner's temp directory. The artifact
 * is a convenience, never the step's outcome: where the service is unavailable (a local run,
 * GitHub Enterprise Server) it is skipped with one notice, and a failed upload is one warning.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { UploadedArtifact } from '../model/artifact.js'
import type { Shard } from '../settings.js'
import type { Redactor } from '../util/redact.js'
import { artifactFiles, stageFiles, type ArtifactSources } from './contents.js'
import type { ArtifactService } from './service.js'

export interface ArtifactRequest {
  /** The `upload-artifact` input. */
  enabled: boolean
  /** `check-name` and `shard`, which tell this step's artifact from its matrix siblings'. */
  check: { checkName: string; shard: Shard }
  sources: ArtifactSources
  /** The step's redactor: every file is passed through it again on its way into the artifact. */
  redact: Redactor
}

export interface ArtifactDeps {
  service: ArtifactService
  log: { info(message: string): void; notice(message: string): void; warning(message: string): void }
}

/** Uploads the artifact when asked and there is something to upload; what was uploaded, for the reports. */
export async function uploadStepArtifact(request: ArtifactRequest, deps: ArtifactDeps): Promise<UploadedArtifact | undefined> {
  if (!request.enabled) return undefined
  const files = artifactFiles(request.sources)
  if (files.length === 0) return undefined
  const unavailable = deps.service.unavailableReason()
  if (unavailable !== undefined) {
    deps.log.notice(`No workflow artifact: ${unavailable}. Its files stay on the runner until the job ends; \`upload-artifact: false\` turns this off.`)
    return undefined
  }
  const name = deps.service.nameFor(request.check)
  const dir = await fs.mkdtemp(join(request.sources.outDir, 'artifact-'))
  try {
    const staged = await stageFiles(files, dir, request.redact)
    const { url } = await deps.service.upload(name, staged, dir)
    deps.log.info(`Uploaded the workflow artifact '${name}': ${files.map((f) => f.entry).join(', ')}.`)
    return { name, files, ...(url === undefined ? {} : { url }) }
  } catch (error) {
    const reason = request.redact(error instanceof Error ? error.message : String(error))
    deps.log.warning(`The workflow artifact '${name}' could not be uploaded (${reason}); its files stay on the runner until the job ends.`)
    return undefined
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}
