/**
 * Newman failures of a Native Git (Collection v3) collection → findings on the YAML files
 * (docs/architecture.md#runs-and-findings). The JSON rules of `findings.ts`, pointed at the files
 * the converted collection came from:
 *
 * - a failed `pm.test` is put on the `.request.yaml` or `definition.yaml` whose script declares it
 *   (the request's own scripts first, then its folders', then the collection's), at the line of that
 *   declaration inside `code`;
 * - a script error on the file of the script that threw, at the line its code begins. postman-runtime
 *   reports no line for a script error (the error crosses the sandbox without a stack), so only a
 *   `SyntaxError` gets a closer one: the script is compiled here, never run, and the compiler names
 *   the line;
 * - a request error on the request file, at its `url:`.
 */
import { Script } from 'node:vm'
import type { Finding } from '../model/finding.js'
import type { Redactor } from '../util/redact.js'
import { scriptKey } from '../content/native-git/convert-collection.js'
import type { RawItem } from './collection-file.js'
import { PATH_SEPARATOR, describeFailure, dropBailDuplicates, testDeclaration, type FailureRecord } from './findings.js'
import { scriptKeyOfEvent, type V3CollectionRun } from './v3-collection.js'

/** Where a failure is shown: a file of the collection and, when known, a line in it. */
export interface Place {
  file: string
  line?: number
}

/** Maps one v3 collection's failure records to findings on its YAML files. */
export function toV3Findings(run: V3CollectionRun, records: FailureRecord[], redact: Redactor): Finding[] {
  return dropBailDuplicates(records).map((record) => {
    const request = record.names.join(PATH_SEPARATOR)
    const place = placeOf(run, record)
    return {
      level: 'error',
      kind: record.kind,
      file: place.file,
      ...(place.line === undefined ? {} : { line: place.line }),
      title: redact(record.assertion === undefined ? request : `${request}: ${record.assertion}`),
      message: redact(describeFailure(record)),
      collection: run.name,
      request: redact(request),
      ...(record.assertion === undefined ? {} : { assertion: redact(record.assertion) }),
      iteration: record.iteration,
      ...(record.excerpt === undefined ? {} : { excerpt: redact(record.excerpt) })
    }
  })
}

/** The file and line of one failure. */
export function placeOf(run: V3CollectionRun, record: FailureRecord): Place {
  const itemKey = record.indexPath.join('/')
  const itemFile = run.files.get(itemKey) ?? run.path
  switch (record.kind) {
    case 'assertion':
      return (
        (record.assertion === undefined ? undefined : declarationOf(run, record.indexPath, record.assertion)) ?? firstScriptLine(run, record.indexPath, 'test')
      )
    case 'script-error':
      return scriptErrorPlace(run, record) ?? firstScriptLine(run, record.indexPath, record.script === 'prerequest' ? 'prerequest' : 'test')
    case 'request-error':
      return { file: itemFile, line: run.urlLines.get(itemKey) ?? 1 }
  }
}

/** The nodes from the item up to the collection, each with its index path. */
function chainOf(run: V3CollectionRun, indexPath: number[]): Array<{ node: RawItem; path: number[] }> {
  const chain: Array<{ node: RawItem; path: number[] }> = [{ node: run.collection, path: [] }]
  for (const index of indexPath) {
    const node = chain[chain.length - 1]!.node.item?.[index] // the chain starts at the root and only grows
    if (node === undefined) break
    chain.push({ node, path: [...chain[chain.length - 1]!.path, index] })
  }
  return chain.reverse()
}

/** The line declaring `pm.test('<name>'`, nearest the item first. */
function declarationOf(run: V3CollectionRun, indexPath: number[], name: string): Place | undefined {
  const declaration = testDeclaration(name)
  for (const { node } of chainOf(run, indexPath)) {
    for (const event of node.event ?? []) {
      const source = run.sources.get(scriptKeyOfEvent(event.id) ?? '')
      const exec = execOf(event)
      const k = exec.findIndex((line) => declaration.test(line))
      if (source !== undefined && k >= 0) return { file: source.file, line: source.lines[k] ?? source.lines[0] }
    }
  }
  return undefined
}

/** The script that threw, from the id of its event; its first line, or a syntax error's own line. */
function scriptErrorPlace(run: V3CollectionRun, record: FailureRecord): Place | undefined {
  const key = scriptKeyOfEvent(record.scriptId)
  const source = key === undefined ? undefined : run.sources.get(key)
  if (key === undefined || source === undefined) return undefined
  const exec = execOf(findEvent(run, record.indexPath, record.scriptId) ?? {})
  const index = record.errorName === 'SyntaxError' ? syntaxErrorIndex(exec) : undefined
  return { file: source.file, line: source.lines[index ?? 0] ?? source.lines[0] }
}

function findEvent(run: V3CollectionRun, indexPath: number[], id: string | undefined): NonNullable<RawItem['event']>[number] | undefined {
  for (const { node } of chainOf(run, indexPath)) {
    const event = node.event?.find((e) => e.id === id)
    if (event !== undefined) return event
  }
  return undefined
}

/** Without the event: the first script of that kind nearest the item, else the item's file at line 1. */
function firstScriptLine(run: V3CollectionRun, indexPath: number[], listen: 'prerequest' | 'test'): Place {
  for (const { path } of chainOf(run, indexPath)) {
    const source = run.sources.get(scriptKey(path, listen, 0))
    if (source !== undefined) return { file: source.file, line: source.lines[0] }
  }
  return { file: run.files.get(indexPath.join('/')) ?? run.path, line: 1 }
}

function execOf(event: { script?: { exec?: string | string[] } }): string[] {
  const exec = event.script?.exec
  return Array.isArray(exec) ? exec : typeof exec === 'string' ? exec.split('\n') : []
}

/** The 0-based code line of a syntax error, as V8 compiles the script; never runs it. */
export function syntaxErrorIndex(exec: string[]): number | undefined {
  const filename = 'postman-sync-script.js'
  try {
    // Wrapped as the sandbox runs scripts, so a top-level `await` or `return` is no error here.
    new Script(`(async function () {\n${exec.join('\n')}\n})`, { filename })
  } catch (error) {
    const match = new RegExp(`^${filename.replace('.', '\\.')}:(\\d+)`).exec((error as Error).stack ?? '')
    if (match === null) return undefined
    return Math.min(Math.max(Number(match[1]) - 2, 0), Math.max(exec.length - 1, 0))
  }
  return undefined
}
