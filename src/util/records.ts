/**
 * The one record guard: a JSON object (not null, not an array). Parsed files, stored content and
 * API answers are `unknown` until this says otherwise.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
