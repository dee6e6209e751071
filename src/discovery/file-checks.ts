/** Checks shared by collection and environment files. */
import { parseJsonText, stripBom, type JsonTextResult } from './json-text.js'
import { FileFindings } from './file-findings.js'
import { MAX_SCHEMA_ISSUES, type SchemaIssue } from './schema-check.js'
import { CREDENTIAL_TITLE, credentialMessage, scanSecrets } from './secrets-scan.js'

/** Options of the text validators. */
export interface TextValidationOptions {
  /** Absolute path on disk, for the LocalFile; defaults to the repository-relative path. */
  absPath?: string
}

/**
 * Parses a file's text and checks what every file is checked for before its content: credentials,
 * BOM, empty file, syntax. The content checks then add to `out`; `parsed.ok` false means stop.
 */
export function checkFileText(path: string, text: string): { out: FileFindings; parsed: JsonTextResult } {
  const body = stripBom(text)
  const out = new FileFindings(path, body)
  const parsed = parseJsonText(text)
  checkCommon(out, body, parsed)
  return { out, parsed }
}

const PROBLEM_TITLES = { empty: 'Empty file', syntax: 'Invalid JSON', depth: 'Nested too deeply' } as const

function checkCommon(out: FileFindings, body: string, parsed: JsonTextResult): void {
  for (const hit of scanSecrets(body)) {
    out.add('error', CREDENTIAL_TITLE, credentialMessage(hit), hit.position)
  }
  if (parsed.bom) {
    out.add('error', 'UTF-8 byte order mark', 'The file starts with a UTF-8 byte order mark (BOM), which JSON does not allow. Save it as UTF-8 without BOM.', {
      line: 1,
      column: 1
    })
  }
  if (!parsed.ok) out.add('error', PROBLEM_TITLES[parsed.problem], parsed.message, parsed.position)
}

/** Schema issues as findings, at most {@link MAX_SCHEMA_ISSUES} per level and then a count. */
export function addSchemaIssues(out: FileFindings, issues: SchemaIssue[], schemaName: string): void {
  for (const level of ['error', 'warning'] as const) {
    const ofLevel = issues.filter((issue) => issue.level === level)
    for (const issue of ofLevel.slice(0, MAX_SCHEMA_ISSUES)) {
      out.at(level, issue.path, level === 'error' ? `Invalid ${schemaName}` : `Unknown ${schemaName} value`, issue.message)
    }
    if (ofLevel.length > MAX_SCHEMA_ISSUES) {
      out.add(
        level,
        level === 'error' ? `Invalid ${schemaName}` : `Unknown ${schemaName} value`,
        `${ofLevel.length - MAX_SCHEMA_ISSUES} more ${level}s like these in this file are not listed.`
      )
    }
  }
}
