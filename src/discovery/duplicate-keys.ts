/**
 * One variable key twice in an environment, the rule JSON and Native Git environments share.
 * Postman refuses an environment with one key twice (400 `invalidParamsError`, docs/postman-api.md),
 * though the app lets an export carry a duplicate when at most one of them is enabled. Two enabled
 * ones are an error at the second (which of the two the file means is a guess); a disabled
 * duplicate has no effect in a run, so it is left out of what is sent, with a warning.
 */
import type { FindingLevel } from '../model/finding.js'
import { scalarText } from '../util/scalar-text.js'

/** A problem of one variable, by its position in the list given. */
export interface DuplicateKeyProblem {
  level: FindingLevel
  index: number
  title: string
  message: string
}

const isEnabled = (entry: Record<string, unknown>): boolean => entry.enabled !== false && entry.disabled !== true

/** The problems of `values`, and the positions to leave out of what is sent. */
export function duplicateKeyProblems(values: ReadonlyArray<Record<string, unknown>>): { problems: DuplicateKeyProblem[]; dropped: Set<number> } {
  const byKey = new Map<string, number[]>()
  values.forEach((entry, i) => {
    const key = scalarText(entry.key ?? '')
    const list = byKey.get(key)
    if (list) list.push(i)
    else byKey.set(key, [i])
  })
  const problems: DuplicateKeyProblem[] = []
  const dropped = new Set<number>()
  for (const [key, positions] of byKey) {
    if (positions.length < 2) continue
    const enabled = positions.filter((i) => isEnabled(values[i]!))
    if (enabled.length > 1) {
      problems.push({
        level: 'error',
        index: enabled[1]!,
        title: 'Duplicate variable',
        message: `The variable '${key}' is enabled twice in this environment; Postman refuses an environment with one key twice. Remove one, or disable it.`
      })
      continue
    }
    // The enabled one stays, else the first.
    const kept = enabled[0] ?? positions[0]
    for (const i of positions.filter((p) => p !== kept)) {
      dropped.add(i)
      problems.push({
        level: 'warning',
        index: i,
        title: 'Duplicate variable left out',
        message: `The disabled variable '${key}' duplicates another of the same key; it has no effect in a run and Postman refuses one key twice, so it is not sent. Remove it from the file.`
      })
    }
  }
  return { problems, dropped }
}
