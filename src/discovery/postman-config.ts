/**
 * `.postman/config.json`, what earlier Postman versions wrote before `.postman/resources.yaml`:
 * `{"workspace": {"id": …}, "entities": {…}}`, or `{"workspaceId": …, "workspaceName": …}`. Read
 * only when there is no resources file, and only for the workspace id: its other fields list
 * folders, not a map of files to cloud ids (docs/architecture.md#the-resources-file).
 */
import { promises as fs } from 'node:fs'
import nodePath from 'node:path'
import type { Finding } from '../model/finding.js'
import type { ResourcesMap } from '../model/sync-result.js'
import { isRecord } from '../util/records.js'
import { parseJsonText } from './json-text.js'

export const LEGACY_CONFIG_FILE = '.postman/config.json'

/** The workspace the older config file names; no file: no map and no finding. */
export async function readLegacyConfig(root: string): Promise<{ map?: ResourcesMap; findings: Finding[] }> {
  let text: string
  try {
    text = await fs.readFile(nodePath.join(root, ...LEGACY_CONFIG_FILE.split('/')), 'utf8')
  } catch {
    // Absent (or unreadable, which only matters when it would have named the workspace: the
    // missing workspace is then reported by the sync, naming both files).
    return { findings: [] }
  }
  const parsed = parseJsonText(text)
  if (!parsed.ok) {
    // A warning only: the file is not used for anything else, and the workspace input may be set.
    return {
      findings: [{ ...configFinding(`${LEGACY_CONFIG_FILE} is not valid JSON (${parsed.message}); its workspace id is not read.`), ...parsed.position }]
    }
  }
  const value = parsed.value
  const id = isRecord(value) ? (isRecord(value.workspace) ? value.workspace.id : value.workspaceId) : undefined
  const map: ResourcesMap = { collections: {}, environments: {} }
  if (typeof id === 'string' && id.trim() !== '') Object.assign(map, { workspace: id.trim(), workspaceFrom: LEGACY_CONFIG_FILE })
  return { map, findings: [] }
}

function configFinding(message: string): Finding {
  return { level: 'warning', kind: 'invalid-file', file: LEGACY_CONFIG_FILE, title: 'Invalid Postman config', message }
}
