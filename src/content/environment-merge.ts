/**
 * The environment body a push sends (docs/architecture.md#apply). The repository file says what it defines; the
 * workspace keeps everything else:
 * - a remote variable the file does not define is kept as it is (never removed or changed);
 * - a `secret`-typed or vault-linked remote variable keeps its remote value (and stays secret: a
 *   push never turns a secret into plain text, where its value would show);
 * - a secret value committed to the repository (a `secret`-typed or vault-linked file variable
 *   with a value) is never uploaded: the remote value is sent, or `''` for a new variable, and the
 *   key is reported so the caller can warn;
 * - `text`/`any`/missing types become `default`; values are strings (the API rejects others);
 * - the body never holds one key twice (Postman refuses it): a remote duplicate of a key the file
 *   defines is replaced by the file's variable along with the first one.
 */
import type { EnvironmentBody, EnvironmentValue } from '../model/resources.js'
import { environmentType, environmentValueString, isSecretValue, isVaultLinked, normalizeDescription } from './normalize.js'
import { isRecord } from '../util/records.js'
import { scalarText } from '../util/scalar-text.js'

type Rec = Record<string, unknown>

/**
 * The body to PUT/POST: the file's variables, plus every remote variable the file does not define
 * (never removed); secret-typed and vault-linked remote variables keep their remote values; a
 * repository secret value is never uploaded (sent as the remote value, or '' when new) and
 * reported; `text`/`any`/missing type → `default`; values String()ed.
 */
export function mergeEnvironment(
  local: EnvironmentBody,
  remote: EnvironmentBody | undefined
): { body: EnvironmentBody; committedSecrets: string[] /* keys only */ } {
  // Duplicate keys pair up in order: the second `token` in the file with the second remote one.
  const remoteByKey = new Map<string, Rec[]>()
  for (const r of asRecs(remote?.values)) {
    const key = scalarText(r.key ?? '')
    const list = remoteByKey.get(key)
    if (list) list.push(r)
    else remoteByKey.set(key, [r])
  }
  const used = new Set<Rec>()
  const committedSecrets: string[] = []
  const values: EnvironmentValue[] = []

  for (const l of asRecs(local.values)) {
    const key = scalarText(l.key ?? '')
    const r = remoteByKey.get(key)?.find((x) => !used.has(x))
    if (r) used.add(r)
    const localValue = environmentValueString(l.value)
    let type = environmentType(l.type)
    let value = localValue
    if (isSecretValue(l)) {
      if (localValue !== '' && !committedSecrets.includes(key)) committedSecrets.push(key)
      value = r ? environmentValueString(r.value) : ''
    }
    if (r && isSecretValue(r)) {
      value = environmentValueString(r.value)
      if (environmentType(r.type) === 'secret') type = 'secret'
    }
    const out: EnvironmentValue = { key, value, type, enabled: l.enabled !== false && l.disabled !== true }
    const description = normalizeDescription(l.description)
    if (typeof description === 'string') out.description = description
    // Keep the vault link: it names where the value lives, the value itself is never here.
    const link = r && isVaultLinked(r) ? r : isVaultLinked(l) ? l : undefined
    if (link) {
      if (link.secret === true) out.secret = true
      if (isRecord(link.source)) out.source = link.source
    }
    values.push(out)
  }

  const defined = new Set(values.map((v) => v.key))
  for (const r of asRecs(remote?.values)) {
    if (used.has(r) || defined.has(scalarText(r.key ?? ''))) continue
    const out: EnvironmentValue = {
      ...(r as unknown as EnvironmentValue),
      key: scalarText(r.key ?? ''),
      value: environmentValueString(r.value),
      type: environmentType(r.type),
      enabled: r.enabled !== false
    }
    values.push(out)
  }

  return { body: { name: local.name, values }, committedSecrets }
}

const asRecs = (x: unknown): Rec[] => (Array.isArray(x) ? x.filter(isRecord) : [])
