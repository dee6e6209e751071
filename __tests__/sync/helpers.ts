/** Small hand-written inputs for the sync's pure modules. */
import type { ResourceSummary } from '../../src/postman/api.js'
import type { LocalFile, ResourceKind } from '../../src/model/sync-result.js'

/** A validated local file with just what resolution reads. */
export function localFile(kind: ResourceKind, name: string, opts: { path?: string; localId?: string } = {}): LocalFile {
  const path = opts.path ?? `${kind}s/${name}.postman_${kind}.json`
  const file: LocalFile = { kind, path, absPath: `/repo/${path}`, name, localId: opts.localId }
  if (kind === 'collection') file.collection = { info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] }
  else file.environment = { name, values: [] }
  return file
}

/** A listed resource; uid = `12345678-<id>`. */
export function listed(id: string, name: string, extra: Partial<ResourceSummary> = {}): ResourceSummary {
  return { id, uid: `12345678-${id}`, name, updatedAt: '2026-01-01T00:00:00.000Z', ...extra }
}
