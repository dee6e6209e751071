import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { convertV3Collection } from '../../src/content/native-git/convert-collection.js'
import { readV3Collection } from '../../src/discovery/native-git/read-collection.js'
import type { Finding } from '../../src/model/finding.js'

/** `__tests__/fixtures/native-git/` (README there names each tree's origin). */
export const NATIVE_GIT = fileURLToPath(new URL('../fixtures/native-git/', import.meta.url))
export const VARIANTS = `${NATIVE_GIT}variants/`

type Rec = Record<string, unknown>

/** Reads a hand-written variant collection; paths in findings and the tree are relative to `variants/`. */
export async function readVariant(name: string) {
  return readV3Collection(`${VARIANTS}${name}`, { relativeTo: VARIANTS })
}

/** Reads and converts a variant, failing the test on any error finding. */
export async function convertVariant(name: string) {
  const { tree, findings } = await readVariant(name)
  const errors = findings.filter((f) => f.level === 'error')
  if (errors.length > 0) throw new Error(`unexpected errors: ${JSON.stringify(errors)}`)
  return { ...convertV3Collection(tree), findings }
}

export const levelOf = (findings: Finding[], level: Finding['level']): Finding[] => findings.filter((f) => f.level === level)

/** The 1-based line `line` of a file under `variants/` (or any absolute path). */
export function lineOf(file: string, line: number): string {
  const path = file.startsWith('/') ? file : `${VARIANTS}${file}`
  return readFileSync(path, 'utf8').split(/\r\n|\r|\n/)[line - 1] ?? ''
}

/** Item names, nested: `['Folder', ['Request']]`. */
export function outline(items: unknown[]): unknown[] {
  return (items as Rec[]).map((i) => (Array.isArray(i.item) ? [i.name, outline(i.item)] : i.name))
}

/** The item at a path of names. */
export function itemAt(collection: { item: unknown[] }, ...names: string[]): Rec {
  let items = collection.item as Rec[]
  let found: Rec | undefined
  for (const name of names) {
    found = items.find((i) => i.name === name)
    if (found === undefined) throw new Error(`no item ${name}`)
    items = (found.item ?? []) as Rec[]
  }
  return found!
}
