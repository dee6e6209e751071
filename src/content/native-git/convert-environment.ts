/**
 * A Native Git environment (`*.environment.yaml`) → the environment body the Postman API and
 * Newman take: `name` and `values: [{key, value, type, enabled}]`. Values are strings (YAML may
 * read `port: 8080` as a number); `values` may also be a map, as other v3 key/value lists are.
 * Cloud bookkeeping (owner, team, dates, color, revision) is left out; a v2-style `id` is kept,
 * as a `.postman_environment.json` keeps it.
 */
import type { EnvironmentBody, EnvironmentValue } from '../../postman/api.js'
import type { YamlFile } from '../../discovery/native-git/yaml-file.js'
import { asText, isRec, keyValues } from './key-values.js'

function convertValue(entry: Record<string, unknown>): EnvironmentValue {
  const out: EnvironmentValue = { key: asText(entry.key), value: asText(entry.value) }
  out.type = typeof entry.type === 'string' && entry.type !== '' ? entry.type : 'default'
  out.enabled = entry.enabled === false || entry.disabled === true ? false : true
  if (typeof entry.description === 'string' && entry.description !== '') out.description = entry.description
  return out
}

/** Converts a parsed environment file (see `readV3Environment`). */
export function convertV3Environment(yaml: YamlFile): EnvironmentBody {
  const data = isRec(yaml.data) ? yaml.data : {}
  const values = keyValues(data.values, false).map((v) => convertValue(v))
  const stem = yaml.file.slice(yaml.file.lastIndexOf('/') + 1).replace(/(\.environment)?\.ya?ml$/i, '')
  const name = data.name === undefined || data.name === null || data.name === '' ? stem : asText(data.name)
  const body: EnvironmentBody = { name, values }
  if (typeof data.id === 'string' && data.id !== '') body.id = data.id
  return body
}
