/**
 * Collects the findings of one file, with positions looked up lazily: the position map of a
 * 50 MB file is built only when a finding needs a line, and at most once.
 */
import type { Finding, FindingLevel } from '../model/finding.js'
import { jsonPositions, type JsonPath, type JsonPositions, type TextPosition } from '../util/json-positions.js'

export class FileFindings {
  readonly findings: Finding[] = []
  private positions: JsonPositions | undefined

  /**
   * @param path repository-relative path the findings name
   * @param text the file's text without its BOM (positions as an editor shows them)
   * @param prefix JSON path of the document inside the text (`['collection']` for an API envelope)
   */
  constructor(
    readonly path: string,
    private readonly text: string,
    private prefix: JsonPath = []
  ) {}

  /** Later paths are relative to `prefix` (after unwrapping an envelope). */
  setPrefix(prefix: JsonPath): void {
    this.prefix = prefix
  }

  hasErrors(): boolean {
    return this.findings.some((finding) => finding.level === 'error')
  }

  /** Position of the value at `path` (relative to the prefix); the document's start if absent. */
  positionOf(path: JsonPath): TextPosition | undefined {
    this.positions ??= jsonPositions(this.text)
    return this.positions.positionOf([...this.prefix, ...path]) ?? this.positions.positionOf(this.prefix)
  }

  add(level: FindingLevel, title: string, message: string, position?: TextPosition): void {
    this.findings.push({
      level,
      kind: 'invalid-file',
      file: this.path,
      ...(position === undefined ? {} : { line: position.line, column: position.column }),
      title,
      message
    })
  }

  /** A finding at the value at `path`. */
  at(level: FindingLevel, path: JsonPath, title: string, message: string): void {
    this.add(level, title, message, this.positionOf(path))
  }
}
