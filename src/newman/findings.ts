/**
 * Newman failures → findings (docs/architecture.md#runs-and-findings). Pure: the runner collects plain failure records while
 * newman runs; this module puts each one on its line in the committed file and words it.
 *
 * The line is the `exec` entry that declares the failing `pm.test('<name>'` (in the request's own
 * scripts, then its folders', then the collection's), else the line of the request item's `name`.
 */
import type { Finding } from '../model/finding.js'
import { jsonPositions, type JsonPath, type JsonPositions } from '../util/json-positions.js'
import type { CollectionFile, RawItem } from './collection-file.js'
import type { Redactor } from '../util/redact.js'

/** One failure as the runner saw it. */
export interface FailureRecord {
  kind: 'assertion' | 'script-error' | 'request-error'
  /** Indices of the item from the collection root down (`item[i0].item[i1]…`). */
  indexPath: number[]
  /** Folder names then the request name, from newman's `source.forEachParent`. */
  names: string[]
  /** The `pm.test` name (assertions). */
  assertion?: string
  /** newman's message (already free of secrets or not: it is redacted here). */
  message: string
  /** Error class (`AssertionError`, `ReferenceError`, `Error`, …). */
  errorName?: string
  /** Which script threw (script errors). */
  script?: string
  /** The `id` of the event whose script threw, when it has one (script errors). */
  scriptId?: string
  /** 0-based iteration. */
  iteration: number
  /** Request/response excerpt, already redacted. */
  excerpt?: string
}

/** Separator between folder path and request name in titles. */
export const PATH_SEPARATOR = ' › '

/**
 * Drops the aggregate failure that `bail` adds: when a test fails under `bail`, postman-runtime
 * also reports the test script as failed with an `AssertionFailure` carrying the test name
 * (seen in newman's own runs). It duplicates the assertion already recorded.
 */
export function dropBailDuplicates(records: FailureRecord[]): FailureRecord[] {
  const assertions = new Set(records.filter((r) => r.kind === 'assertion').map((r) => `${r.indexPath.join('/')}#${r.iteration}#${r.assertion}`))
  return records.filter(
    (r) => !(r.kind === 'script-error' && r.errorName === 'AssertionFailure' && assertions.has(`${r.indexPath.join('/')}#${r.iteration}#${r.message}`))
  )
}

/** Maps one collection's failure records to findings. */
export function toFindings(file: CollectionFile, records: FailureRecord[], redact: Redactor): Finding[] {
  let positions: JsonPositions | undefined
  const lines = (): JsonPositions => (positions ??= jsonPositions(file.text))
  return dropBailDuplicates(records).map((record) => {
    const request = record.names.join(PATH_SEPARATOR)
    const line = findLine(file, record, lines())
    const message = redact(describeFailure(record))
    return {
      level: 'error',
      kind: record.kind,
      file: file.path,
      ...(line === undefined ? {} : { line }),
      title: redact(record.assertion === undefined ? request : `${request}: ${record.assertion}`),
      message,
      collection: file.name,
      request: redact(request),
      ...(record.assertion === undefined ? {} : { assertion: redact(record.assertion) }),
      iteration: record.iteration,
      ...(record.excerpt === undefined ? {} : { excerpt: redact(record.excerpt) })
    }
  })
}

export function describeFailure(record: FailureRecord): string {
  const iteration = `iteration ${record.iteration + 1}`
  switch (record.kind) {
    case 'assertion':
      return `Test "${record.assertion}" failed: ${record.message} (${iteration}).`
    case 'script-error':
      return `${record.script ? `The ${record.script} script` : 'A script'} threw ${record.errorName ?? 'an error'}: ${record.message} (${iteration}).`
    case 'request-error':
      return `The request failed: ${record.message} (${iteration}).`
  }
}

/** The 1-based line for a record, or undefined when the item is not in the committed file. */
export function findLine(file: CollectionFile, record: FailureRecord, positions: JsonPositions): number | undefined {
  // The chain of nodes from the item up to the collection root, with their JSON paths.
  const chain: Array<{ node: RawItem; path: JsonPath }> = [{ node: file.collection, path: file.prefix }]
  for (const index of record.indexPath) {
    const parent = chain[chain.length - 1]! // the chain starts at the root and only grows
    const node = parent.node.item?.[index]
    if (node === undefined) return undefined
    chain.push({ node, path: [...parent.path, 'item', index] })
  }
  const item = chain[chain.length - 1]! // as above: never empty
  if (record.assertion !== undefined) {
    for (const link of [...chain].reverse()) {
      const path = testLine(link.node, link.path, record.assertion)
      if (path !== undefined) return positions.lineOf(path)
    }
  }
  return positions.lineOf([...item.path, 'name']) ?? positions.lineOf(item.path)
}

/** JSON path of the `exec` entry declaring test `name` in a node's scripts. */
function testLine(node: RawItem, path: JsonPath, name: string): JsonPath | undefined {
  const declaration = testDeclaration(name)
  const events = node.event ?? []
  for (let e = 0; e < events.length; e++) {
    const exec = events[e]?.script?.exec
    const execPath = [...path, 'event', e, 'script', 'exec']
    if (typeof exec === 'string') {
      if (declaration.test(exec)) return execPath
    } else if (Array.isArray(exec)) {
      const k = exec.findIndex((line) => typeof line === 'string' && declaration.test(line))
      if (k >= 0) return [...execPath, k]
    }
  }
  return undefined
}

/**
 * Matches `pm.test('name'`, `pm.test("name"`, `` pm.test(`name` `` and the legacy `tests['name']`.
 * Names are compared as written in the source, so a name with quotes inside also matches its
 * escaped form loosely (first 60 characters), which is enough to find the line.
 */
export function testDeclaration(name: string): RegExp {
  const head = escapeRegExp(name.slice(0, 60))
  return new RegExp(`(pm\\.test\\s*\\(|tests\\s*\\[)\\s*(['"\`])${head}`)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
