/**
 * Workflow annotations (`::error file=…,line=…::`): GitHub shows at most 10 per level per step,
 * so the action emits the first 10 of each level and then one notice saying how many more are in
 * the job summary (or the check run), instead of letting them vanish silently.
 */
import type { AnnotationProperties } from '@actions/core'
import type { Finding, FindingLevel } from '../model/finding.js'

/** GitHub's cap per level per step. */
export const ANNOTATIONS_PER_LEVEL = 10

/** The part of `@actions/core` that emits annotations; `core` itself satisfies it. */
export interface AnnotationSink {
  error(message: string, properties?: AnnotationProperties): void
  warning(message: string, properties?: AnnotationProperties): void
  notice(message: string, properties?: AnnotationProperties): void
}

/** The properties of one finding's annotation. */
export function annotationProperties(finding: Finding): AnnotationProperties {
  return {
    title: finding.title,
    // A finding about an input (a glob that matched nothing) has no file: no `file=` at all,
    // rather than an empty one GitHub would attach to nothing.
    ...(finding.file === '' ? {} : { file: finding.file }),
    ...(finding.line === undefined ? {} : { startLine: finding.line }),
    ...(finding.column === undefined ? {} : { startColumn: finding.column })
  }
}

/** How many annotations of each level were emitted outside `emitAnnotations` (log warnings and notices). */
export type AnnotationCounts = Partial<Record<FindingLevel, number>>

/** `counts` plus the one notice the caller emits before the annotations (no check run: findings fall back to annotations). */
export function withOneMoreNotice(counts: AnnotationCounts = {}): AnnotationCounts {
  return { ...counts, notice: (counts.notice ?? 0) + 1 }
}

/**
 * Emits at most `ANNOTATIONS_PER_LEVEL` annotations per level, then one notice with the count of
 * those left out; that notice, and the `reserved` annotations the step emits itself (a warning or
 * notice logged by the sync or the artifact upload, the fallback notice of the check run), count
 * against their level's 10 too. `@actions/core` escapes messages and properties, so a message from
 * a response cannot start a command of its own. Returns how many were left out.
 */
export function emitAnnotations(findings: Finding[], sink: AnnotationSink, where = 'the job summary', reserved: AnnotationCounts = {}): number {
  const total: Record<FindingLevel, number> = { error: 0, warning: 0, notice: 0 }
  for (const finding of findings) total[finding.level]++
  const left = (level: FindingLevel, kept = 0): number => Math.max(0, ANNOTATIONS_PER_LEVEL - kept - (reserved[level] ?? 0))
  const cap: Record<FindingLevel, number> = {
    // The step's own failure message (`setFailed`) is an error annotation too: one slot is kept
    // for it, or GitHub would drop it as the 11th.
    error: left('error', 1),
    warning: left('warning'),
    notice: left('notice')
  }
  const overflows = (Object.keys(total) as FindingLevel[]).some((level) => total[level] > cap[level])
  // The closing notice needs a notice slot of its own.
  if (overflows) cap.notice = Math.max(0, cap.notice - 1)

  const shown: Record<FindingLevel, number> = { error: 0, warning: 0, notice: 0 }
  let omitted = 0
  for (const finding of findings) {
    if (shown[finding.level] >= cap[finding.level]) {
      omitted++
      continue
    }
    shown[finding.level]++
    sink[finding.level](finding.message, annotationProperties(finding))
  }
  if (omitted > 0) {
    sink.notice(
      `${omitted} more finding${omitted === 1 ? '' : 's'} than GitHub shows as annotations in one step (${ANNOTATIONS_PER_LEVEL} per level): see ${where}.`,
      {
        title: 'More findings'
      }
    )
  }
  return omitted
}
