/**
 * The request-level plan of a Native Git (v3) collection names the files a reviewer opens:
 * `Orders/Create order.request.yaml` for a request, `Orders/` for a folder (its directory), both
 * relative to the collection directory, where a JSON collection's plan names item paths
 * (`Orders/Create order`). Added and changed paths are the repository's, so each has a file;
 * removed ones exist only in Postman and keep their item path.
 *
 * The diff (`content/diff.ts`) labels items by `siblingLabels` of the side pushed, which has the
 * converted collection's structure and names, so the same labels computed here find each item's
 * index path, and the conversion's file map (`convertV3Collection().files`) its file.
 */
import type { CollectionBody } from '../../model/resources.js'
import type { CollectionDiff } from '../../model/sync-result.js'
import { itemKind, siblingLabels } from '../item-match.js'
import { isRecord } from '../../util/records.js'

/** A folder's entry in the file map: its `definition.yaml`, or its directory when it has none. */
const DEFINITION_TAIL = /\/\.resources\/definition\.yaml$/

/** `diff` with the added and changed paths of `collection`'s items replaced by their files, relative to `dir`. */
export function withRequestFiles(diff: CollectionDiff, collection: CollectionBody, files: ReadonlyMap<string, string>, dir: string): CollectionDiff {
  const byLabel = labelFiles(collection, files, dir)
  const name = (path: string): string => byLabel.get(path) ?? path
  return {
    ...diff,
    added: diff.added.map(name),
    changed: diff.changed.map((c) => ({ ...c, path: name(c.path) }))
  }
}

/** Label path (`Folder/Request`, folders with a trailing `/`) → file path relative to `dir`. */
function labelFiles(collection: CollectionBody, files: ReadonlyMap<string, string>, dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const prefix = `${dir}/`
  // An explicit work list: collections nest as deep as the reader allows.
  const work: Array<{ items: unknown[]; labelPrefix: string; indexPath: number[] }> = [{ items: collection.item, labelPrefix: '', indexPath: [] }]
  while (work.length > 0) {
    const { items, labelPrefix, indexPath } = work.pop()!
    const labels = siblingLabels(items)
    items.forEach((item, i) => {
      const at = [...indexPath, i]
      const file = files.get(at.join('/'))
      const folder = itemKind(item) === 'folder'
      const label = `${labelPrefix}${labels[i]}${folder ? '/' : ''}`
      if (file !== undefined && file.startsWith(prefix)) {
        const relative = file.slice(prefix.length)
        out.set(label, folder ? `${relative.replace(DEFINITION_TAIL, '')}/` : relative)
      }
      if (folder && isRecord(item) && Array.isArray(item.item)) work.push({ items: item.item, labelPrefix: label, indexPath: at })
    })
  }
  return out
}
