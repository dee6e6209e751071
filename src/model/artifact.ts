/**
 * The step's workflow artifact as the reports show it. The upload is `src/artifact/`; the
 * reporter only renders this record (it never uploads, and never imports the uploader).
 */

/** One file in the artifact: the file the step wrote, and its name inside the artifact. */
export interface ArtifactFile {
  /** Absolute path of the file the step wrote (the plan, a Postman copy, a report). */
  source: string
  /** Its name in the artifact's zip. */
  entry: string
}

/** An artifact that was uploaded. */
export interface UploadedArtifact {
  /** The artifact's name, unique within the workflow run. */
  name: string
  files: ArtifactFile[]
  /** The run page's download link of the artifact, when the run and the artifact id are known. */
  url?: string
}
