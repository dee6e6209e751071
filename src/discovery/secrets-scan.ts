/**
 * Finds credentials committed inside a Postman file: a Postman API key or a GitHub token. Such a
 * file must not be pushed (Postman would hold the secret too) and the credential must be revoked.
 * Reports where and what kind — never the value, not even a part of it.
 */
import { LineIndex, type TextPosition } from '../util/json-positions.js'

/** One credential found in a text. */
export interface SecretHit {
  /** What was found, for the message: `a Postman API key`, `a GitHub token`. */
  kind: string
  position: TextPosition
}

interface SecretPattern {
  kind: string
  source: string
}

/**
 * Token formats, as their issuers document them:
 * - Postman API keys: `PMAK-` + 24 hex + `-` + 34 hex.
 * - GitHub: `ghp_` (classic PAT), `gho_` (OAuth), `ghu_`/`ghs_` (app user/installation),
 *   `ghr_` (refresh) + 36 or more alphanumerics; fine-grained PATs `github_pat_` + 82 of
 *   `[A-Za-z0-9_]` (22 + `_` + 59).
 * Each is anchored so it is not the tail of a longer word (a hex id that happens to contain it).
 */
const PATTERNS: SecretPattern[] = [
  { kind: 'a Postman API key', source: '(?<![A-Za-z0-9])PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}(?![A-Za-z0-9])' },
  { kind: 'a GitHub token', source: '(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}' },
  { kind: 'a GitHub token', source: '(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,}' }
]

// One alternation, so a 50 MB file is scanned once, not once per pattern.
const COMBINED = new RegExp(PATTERNS.map((pattern) => `(${pattern.source})`).join('|'), 'g')

/**
 * Every credential in `text`, in order. `lines` lets a caller share one line index between
 * checks; it is built here when a hit needs one.
 */
export function scanSecrets(text: string, lines?: LineIndex): SecretHit[] {
  const hits: SecretHit[] = []
  let index = lines
  COMBINED.lastIndex = 0
  for (let match = COMBINED.exec(text); match !== null; match = COMBINED.exec(text)) {
    const group = match.slice(1).findIndex((value) => value !== undefined)
    index ??= new LineIndex(text)
    // COMBINED is the alternation of PATTERNS, one group each, so exactly one group matched.
    hits.push({ kind: PATTERNS[group]!.kind, position: index.positionAt(match.index) })
  }
  return hits
}

/** The title and message of a credential found in a file, the same for JSON and YAML files. */
export const CREDENTIAL_TITLE = 'Credential in file'

export function credentialMessage(hit: SecretHit): string {
  return `Line ${hit.position.line} holds ${hit.kind}. Revoke it now (it is in the git history), remove it from the file and reference a {{variable}} fed from a secret instead. Nothing is pushed while it is there.`
}
