/**
 * The display order of a folder's children. Postman writes `order: <number>` in each request file
 * and folder definition; a `$kind: folder` definition may instead list its children by name
 * (`order: [a, b]`). Children the list names come first, in its order; then children with a number,
 * by number; then the rest, by name — and ties by name, so the result never depends on the disk.
 */
import type { V3Folder, V3Node } from './tree.js'
import { isRecord } from '../../util/records.js'

function data(node: V3Node): Record<string, unknown> | undefined {
  const yaml = node.kind === 'request' ? node.yaml : node.definition
  const value = yaml?.data
  return isRecord(value) ? value : undefined
}

/** The names a child may be listed under: its display name and its file or directory name. */
function namesOf(node: V3Node): string[] {
  if (node.kind === 'request') return [node.name, node.stem, `${node.stem}.request.yaml`]
  return [node.name, node.dir.slice(node.dir.lastIndexOf('/') + 1)]
}

const byName = (a: V3Node, b: V3Node): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** Sorts `folder.children` in place. */
export function sortChildren(folder: V3Folder): void {
  const listed = data(folder)?.order
  const position = new Map<string, number>()
  if (Array.isArray(listed)) listed.forEach((name, i) => position.has(String(name)) || position.set(String(name), i))
  const rank = (node: V3Node): [number, number] => {
    for (const name of namesOf(node)) {
      const i = position.get(name)
      if (i !== undefined) return [0, i]
    }
    const order = data(node)?.order
    return typeof order === 'number' && Number.isFinite(order) ? [1, order] : [2, 0]
  }
  const ranks = new Map(folder.children.map((c) => [c, rank(c)]))
  folder.children.sort((a, b) => {
    const [ga, oa] = ranks.get(a)!
    const [gb, ob] = ranks.get(b)!
    return ga !== gb ? ga - gb : oa !== ob ? oa - ob : byName(a, b)
  })
}
