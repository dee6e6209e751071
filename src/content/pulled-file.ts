/**
 * The text `sync: pull` writes for one file: Postman's version in the export form
 * (`export-form.ts`), merged into the file's own text (`structural-merge.ts`) so that everything
 * Postman did not change keeps its bytes, the file its indentation, line ends and final newline,
 * and an envelope (`{"collection": …}`) stays an envelope. Secret values are the file's or empty,
 * never Postman's.
 *
 * The result is checked before it is returned: read back, it must hold exactly the intended
 * content. Should the merge ever fall short, the whole document is written in export form instead
 * (still with the file's ids and style); should even that differ, nothing is written.
 */
import type { CollectionBody, EnvironmentBody } from '../model/resources.js'
import { collectionExportForm, environmentExportForm, withLocalSecrets } from './export-form.js'
import { COLLECTION_RULES, collectionRoot, ENVIRONMENT_RULES, environmentRoot } from './merge-rules.js'
import { detectStyle, mergeInto, parseText, renderMerged, type MergeRules, type ParsedText } from './structural-merge.js'
import { collectionsEqual, environmentsEqual, INFO_BOOKKEEPING, isBookkeeping, isSecretValue } from './normalize.js'
import { isRecord } from '../util/records.js'
import { scalarText } from '../util/scalar-text.js'

type Rec = Record<string, unknown>

/** The text to write, or why there is none. */
export type PulledText = { text: string } | { problem: string }

/** One kind of resource, as the pull handles it. */
interface PullKind<B, C extends string> {
  rules: MergeRules<C>
  root(value: unknown): C
  /** The resource inside the document (the envelope's content, or the document). */
  unwrap(value: unknown, ctx: C): unknown
  wrap(resource: B, ctx: C): unknown
  /** What the file should hold: Postman's version in export form, with the file's secrets. */
  intended(remote: B, local: Rec): B
  /** The intended document when the merge falls short: the file's own ids kept. */
  whole(intended: B, local: Rec): B
  equal(written: unknown, intended: B): boolean
}

const COLLECTION_PULL: PullKind<CollectionBody, ReturnType<typeof collectionRoot>> = {
  rules: COLLECTION_RULES,
  root: collectionRoot,
  unwrap: (value, ctx) => (ctx === 'envelope' && isRecord(value) ? value.collection : value),
  wrap: (resource, ctx) => (ctx === 'envelope' ? { collection: resource } : resource),
  intended: (remote, local) => {
    const out = collectionExportForm(remote)
    if (Array.isArray(out.variable)) out.variable = withLocalSecrets(out.variable, Array.isArray(local.variable) ? local.variable : [])
    return out
  },
  whole: (intended, local) => {
    const ids = isRecord(local.info) ? Object.entries(local.info).filter(([key]) => isBookkeeping(key, INFO_BOOKKEEPING)) : []
    return { ...intended, info: { ...intended.info, ...Object.fromEntries(ids) } }
  },
  equal: (written, intended) => isRecord(written) && isRecord(written.info) && collectionsEqual(written as CollectionBody, intended)
}

const ENVIRONMENT_PULL: PullKind<EnvironmentBody, ReturnType<typeof environmentRoot>> = {
  rules: ENVIRONMENT_RULES,
  root: environmentRoot,
  unwrap: (value, ctx) => (ctx === 'envelope' && isRecord(value) ? value.environment : value),
  wrap: (resource, ctx) => (ctx === 'envelope' ? { environment: resource } : resource),
  intended: (remote, local) => {
    const out = environmentExportForm(remote)
    out.values = withLocalSecrets(out.values ?? [], Array.isArray(local.values) ? local.values : []) as EnvironmentBody['values']
    return out
  },
  whole: (intended, local) => {
    const ids = Object.entries(local).filter(([key]) => key === 'id' || key.startsWith('_postman_'))
    return { ...Object.fromEntries(ids), ...intended }
  },
  equal: (written, intended) =>
    isRecord(written) && Array.isArray(written.values) && environmentsEqual(written as unknown as EnvironmentBody, intended) && sameSecrets(written, intended)
}

/** Postman's collection, as the file at `text` should hold it. */
export function pulledCollectionText(text: string, remote: CollectionBody): PulledText {
  return pulledText(COLLECTION_PULL, text, remote)
}

/** Postman's environment, as the file at `text` should hold it; secret values are the file's or empty. */
export function pulledEnvironmentText(text: string, remote: EnvironmentBody): PulledText {
  return pulledText(ENVIRONMENT_PULL, text, remote)
}

function pulledText<B, C extends string>(kind: PullKind<B, C>, text: string, remote: B): PulledText {
  const parsed = parseText(text)
  if (parsed === undefined) return { problem: 'the file is not one JSON value' }
  const ctx = kind.root(parsed.value)
  const local = kind.unwrap(parsed.value, ctx)
  if (!isRecord(local)) return { problem: 'the file holds no object to merge into' }
  const intended = kind.intended(remote, local)
  const style = detectStyle(text)
  const merged = renderMerged(mergeInto(kind.rules, ctx, parsed, kind.wrap(intended, ctx)), parsed, style)
  if (holds(kind, merged, ctx, intended)) return { text: merged }
  const whole = wholeText(parsed, kind.wrap(kind.whole(intended, local), ctx), style)
  if (holds(kind, whole, ctx, intended)) return { text: whole }
  return { problem: "Postman's version could not be written so that it reads back the same" }
}

function holds<B, C extends string>(kind: PullKind<B, C>, text: string, ctx: C, intended: B): boolean {
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return false
  }
  return kind.equal(kind.unwrap(value, ctx), intended)
}

/** The whole document as new text, in the file's style, with what surrounded the file's root. */
function wholeText(parsed: ParsedText, document: unknown, style: ReturnType<typeof detectStyle>): string {
  return renderMerged({ kind: 'new', value: document }, parsed, style)
}

/** Secret values are not content to `environmentsEqual`: here they must be exactly the intended ones. */
function sameSecrets(written: Rec, intended: EnvironmentBody): boolean {
  const secrets = (values: unknown[]): string[] =>
    values
      .filter((v): v is Rec => isRecord(v) && isSecretValue(v))
      .map((v) => `${scalarText(v.key ?? '')}\u0000${scalarText(v.value ?? '')}`)
      .sort()
  const a = secrets(written.values as unknown[])
  const b = secrets(intended.values)
  return a.length === b.length && a.every((x, i) => x === b[i])
}
