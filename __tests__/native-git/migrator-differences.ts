/**
 * What Postman's own migrator (`postman collection migrate`, postman-cli 1.34.0) loses when it
 * writes a v2.1 collection as v3. The equality test applies these to the v2.1 original before
 * comparing it with the conversion of the migrated tree: each is a difference of the migrator (the
 * information is not in the v3 files, so no converter can restore it), not of ours.
 *
 * 1. Descriptions: v3 holds a description as a string; `{content, type: 'text/markdown'}` loses its type.
 * 2. Header, query and form field `type: 'string'`/`'default'` and header `name` (leftovers of
 *    old exporters): v3 fields have no such keys; a form field's `default` type is written as `text`.
 * 3. Collection and folder variable `type`: v3 variables are plain key/values.
 * 4. `protocolProfileBehavior.disableBodyPruning`: never written (only `strictSSL` and the disabled system
 *    headers are).
 * 5. Whitespace-only lines inside long text (descriptions, raw bodies): the migrator writes them in
 *    YAML's folded style (`>-`), which cannot hold a whitespace-only line after a more-indented one;
 *    every YAML parser (`yaml` and `js-yaml` alike) reads an extra line break there. Such texts are
 *    compared with whitespace-only lines removed.
 * 6. `info.version`, a request's `name` inside `request` (another old-exporter leftover) and the
 *    description of a saved response's original request: not written.
 * 7. A saved response without a status text gets the standard one for its code (`200` → `OK`), and
 *    one without a code gets `200 OK`.
 * 8. Saved responses' `cookie` lists: v3 examples have no cookies.
 * 9. A body without a mode (`body: {}`, which Postman exports for "none") is written as an empty
 *    text body.
 * 10. A raw body's `options.raw.headerFamily` (Postman's hint for the Content-Type header): only
 *     the language is written.
 */
import { STATUS_CODES } from 'node:http'

type Rec = Record<string, unknown>
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x)

/** Difference 5, applied to both sides: whitespace-only lines removed. */
export function withoutBlankLines(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]*(?=\n)/g, '')
    .replace(/\n[ \t]+$/, '')
}

const TEXT_KEYS = new Set(['description', 'raw', 'content'])

/** A deep copy with the migrator's losses applied to the v2.1 original (or to our conversion: 5 only). */
export function applyMigratorLosses(value: unknown, original: boolean, key = ''): unknown {
  if (typeof value === 'string') return TEXT_KEYS.has(key) ? withoutBlankLines(value) : value
  if (Array.isArray(value)) return value.map((v) => applyMigratorLosses(v, original, key))
  if (!isRec(value)) return value
  const out: Rec = {}
  if (original && key === 'response' && (value.status === undefined || value.status === '')) {
    out.code = typeof value.code === 'number' ? value.code : 200
    out.status = STATUS_CODES[out.code as number]
  }
  for (const [k, v] of Object.entries(value)) {
    if (original && k === 'description' && isRec(v)) out[k] = applyMigratorLosses(v.content, original, k)
    else if (
      original &&
      (key === 'header' || key === 'query' || key === 'formdata' || key === 'urlencoded') &&
      k === 'type' &&
      (v === 'string' || v === 'default')
    )
      out[k] = key === 'formdata' ? 'text' : undefined
    else if (original && key === 'header' && k === 'name') continue
    else if (original && key === 'variable' && k === 'type') continue
    else if (original && ((key === 'info' && k === 'version') || (key === 'request' && k === 'name'))) continue
    else if (original && k === 'protocolProfileBehavior' && isRec(v)) {
      const { disableBodyPruning: _dropped, ...rest } = v
      out[k] = rest
    } else if (original && key === 'originalRequest' && k === 'description') continue
    else if (original && key === 'response' && k === 'cookie') continue
    else if (original && key === 'raw' && k === 'headerFamily') continue
    else if (original && k === 'body' && isRec(v) && v.mode === undefined) out[k] = { mode: 'raw', raw: '' }
    else if (!(k in out)) out[k] = applyMigratorLosses(v, original, k)
  }
  return out
}
