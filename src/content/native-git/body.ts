/**
 * Request and example bodies: v3 `{type, content}` → v2.1 `{mode, …}`. Text types (json, text,
 * xml, html, javascript) are raw bodies with their language; urlencoded and formdata contents are
 * key/value lists (or maps); graphql is `{query, variables}`; file names the file's `src`.
 */
import { asText, isRec, keyValues, type Rec } from './key-values.js'

const RAW_LANGUAGES = new Set(['json', 'xml', 'html', 'javascript', 'text'])

/** A text body's content: a list of lines joins with `\n`; an object (hand-written JSON) is serialised. */
function rawText(content: unknown, type: string): string {
  if (Array.isArray(content) && content.every((l) => typeof l === 'string' || l === null)) return content.map(asText).join('\n')
  if (typeof content === 'object' && content !== null) return JSON.stringify(content, null, type === 'json' ? 2 : undefined)
  return asText(content)
}

function formFields(content: unknown): Rec[] {
  return keyValues(content).map((field) => {
    const out: Rec = { ...field }
    if (out.type === undefined) out.type = 'text'
    return out
  })
}

function graphqlBody(content: unknown): Rec {
  if (isRec(content)) return { query: asText(content.query), variables: asText(content.variables) }
  return { query: asText(content), variables: '' }
}

/** v2.1 body of a v3 `body`; `undefined` when there is none. */
export function convertBody(body: unknown): Rec | undefined {
  if (!isRec(body) || typeof body.type !== 'string') return undefined
  const { type, content } = body
  if (type === 'urlencoded') return { mode: 'urlencoded', urlencoded: keyValues(content) }
  if (type === 'formdata') return { mode: 'formdata', formdata: formFields(content) }
  if (type === 'graphql') return { mode: 'graphql', graphql: graphqlBody(content) }
  if (type === 'file') return { mode: 'file', file: isRec(content) ? content : { src: asText(content) } }
  const raw = rawText(content, type)
  return RAW_LANGUAGES.has(type) && type !== 'text' ? { mode: 'raw', raw, options: { raw: { language: type } } } : { mode: 'raw', raw }
}
