/**
 * How large a collection may be to push. The body sent is compact JSON; MB here is 10⁶ bytes.
 * Postman's documentation has named 20 MB (the `max-collection-mb` default), yet real PUTs of
 * 10–12 MB collections have failed with "Request body size limit exceeded" or an HTML 504
 * (docs/postman-api.md): above 10 MB the plan warns, above the limit the file is refused at
 * plan time, so a push never starts what it cannot finish.
 */
import type { Finding } from '../model/finding.js'
import type { LocalFile } from '../model/sync-result.js'

/** Bytes in a MB, as the limit is stated. */
export const MB = 1_000_000

/** Above this a PUT has been seen to fail on the real API. */
export const RISKY_COLLECTION_BYTES = 10 * MB

/** Bytes of the body a write sends for `file` (`{"collection": …}`, compact JSON). */
export function collectionBodyBytes(file: LocalFile): number {
  return Buffer.byteLength(JSON.stringify({ collection: file.collection }))
}

/** `12.3 MB` */
export const formatMb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`

/** An error for each collection above `maxMb`, a warning for each above 10 MB (the body of a v3 collection is its conversion). */
export function collectionSizeFindings(files: readonly LocalFile[], maxMb: number): Finding[] {
  const findings: Finding[] = []
  for (const file of files) {
    if (file.kind !== 'collection' || !file.collection) continue
    const bytes = collectionBodyBytes(file)
    // A v3 collection is a directory: its definition stands for it (a directory has no lines).
    const place =
      file.v3 === undefined ? { file: file.path, line: 1 } : file.v3.definition === undefined ? { file: file.path } : { file: file.v3.definition, line: 1 }
    if (bytes > maxMb * MB) {
      findings.push({
        level: 'error',
        kind: 'invalid-file',
        ...place,
        title: 'Collection too large',
        message: `${file.path} is ${formatMb(bytes)} as sent, above max-collection-mb (${maxMb} MB); nothing is written. Split the collection or remove large saved responses.`
      })
    } else if (bytes > RISKY_COLLECTION_BYTES) {
      findings.push({
        level: 'warning',
        kind: 'sync-error',
        ...place,
        title: 'Large collection',
        message: `${file.path} is ${formatMb(bytes)} as sent: real Postman PUTs have failed from about 10 MB ("Request body size limit exceeded" or an HTML 504). Consider splitting it.`
      })
    }
  }
  return findings
}
