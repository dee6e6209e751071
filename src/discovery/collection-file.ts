/**
 * Validation of one collection file's text (docs/architecture.md#discovery-and-validation): strict JSON, no BOM, no credentials,
 * Collection Format v2.1.0 or v2.0.0 by its schema URL, the JSON Schema of that version.
 */
import type { CollectionBody } from '../model/resources.js'
import type { Finding } from '../model/finding.js'
import type { LocalFile } from '../model/sync-result.js'
import { FileFindings } from './file-findings.js'
import { checkCollectionSchema, type CollectionFormat } from './schema-check.js'
import { addSchemaIssues, checkFileText, type TextValidationOptions } from './file-checks.js'
import { isRecord } from '../util/records.js'

/** Validates the text of a collection file; `file` is set only when there is no error. */
export function validateCollectionText(path: string, text: string, options: TextValidationOptions = {}): { file?: LocalFile; findings: Finding[] } {
  const { out, parsed } = checkFileText(path, text)
  if (!parsed.ok) return { findings: out.findings }

  let root = parsed.value
  if (isRecord(root) && isRecord(root.collection) && !('info' in root)) {
    const others = Object.keys(root).filter((key) => key !== 'collection')
    if ('run' in root) {
      out.at(
        'error',
        [],
        'Not a collection',
        'This is a Newman JSON report (it has `collection` and `run`), not a collection. Commit the collection itself, or narrow the `collections` globs.'
      )
      return { findings: out.findings }
    }
    if (others.length > 0) {
      out.at(
        'error',
        [],
        'Not a collection',
        `The file wraps a collection in \`collection\` next to other properties (${others.join(', ')}); save the collection alone.`
      )
      return { findings: out.findings }
    }
    out.at(
      'notice',
      ['collection'],
      'Collection unwrapped',
      'The file holds a Postman API response (`{"collection": …}`); the collection inside it is used. Export it from Postman to drop the envelope.'
    )
    out.setPrefix(['collection'])
    root = root.collection
  }
  if (!isRecord(root)) {
    out.at('error', [], 'Not a collection', 'The file is not a JSON object, so it is not a Postman collection.')
    return { findings: out.findings }
  }
  if (!wrongKind(out, root)) {
    const format = detectFormat(out, root)
    if (format !== undefined) addSchemaIssues(out, checkCollectionSchema(root, format), 'Collection Format')
    if (!out.hasErrors() && format !== undefined) {
      const info = root.info as Record<string, unknown>
      const file: LocalFile = {
        kind: 'collection',
        path,
        absPath: options.absPath ?? path,
        name: info.name as string,
        format,
        collection: root as CollectionBody
      }
      if (typeof info._postman_id === 'string' && info._postman_id !== '') file.localId = info._postman_id
      return { file, findings: out.findings }
    }
  }
  return { findings: out.findings }
}

/** Catches files that are something else than a v2 collection; true when one was reported. */
function wrongKind(out: FileFindings, root: Record<string, unknown>): boolean {
  if ('info' in root) return false
  if ('requests' in root || 'order' in root) {
    out.at(
      'error',
      'requests' in root ? ['requests'] : ['order'],
      'Collection Format v1',
      'This is a Collection Format v1 file (`requests`/`order` at the root, no `info`). Postman no longer imports v1 through its API: open it in Postman and export it again as Collection v2.1.'
    )
    return true
  }
  if (Array.isArray(root.values)) {
    const scope = root._postman_variable_scope === 'globals' ? 'globals' : 'an environment'
    out.at(
      'error',
      [],
      'Not a collection',
      `This is ${scope === 'globals' ? 'a globals export' : 'an environment'} (it has \`values\`), not a collection. Rename it or narrow the \`collections\` globs.`
    )
    return true
  }
  return false
}

/**
 * Collection Format version from `info.schema`, e.g.
 * `https://schema.getpostman.com/json/collection/v2.1.0/collection.json` or
 * `https://schema.postman.com/collection/json/v2.1.0/draft-07/collection.json`.
 * Undefined when an error was reported; a missing or non-string URL is left to the schema check.
 */
function detectFormat(out: FileFindings, root: Record<string, unknown>): CollectionFormat | undefined {
  const url = isRecord(root.info) ? root.info.schema : undefined
  if (typeof url !== 'string') return 'v2.1.0'
  const version = /\bv(\d+\.\d+\.\d+)\b/.exec(url)?.[1]
  if (version === '2.1.0' || version === '2.0.0') return `v${version}`
  out.at(
    'error',
    ['info', 'schema'],
    'Unsupported Collection Format',
    version === undefined
      ? 'The schema URL in `info.schema` names no Collection Format version; expected a v2.1.0 (or v2.0.0) schema URL such as https://schema.getpostman.com/json/collection/v2.1.0/collection.json.'
      : `The schema URL in \`info.schema\` declares Collection Format v${version}; Postman Sync accepts v2.1.0 and v2.0.0. Export the collection again as Collection v2.1.`
  )
  return undefined
}
