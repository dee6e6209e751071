/**
 * `String(value)` for a value of unknown type read from a file or a response, where a scalar is
 * expected. Deliberately `String`'s own result, `[object Object]` for a misplaced object included:
 * Postman's server and newman coerce such values with JavaScript's `String`, and what this text is
 * compared with (normalized bodies, ids, keys) must be made the same way. It is one named place for
 * the coercion that the type-aware lint (no-base-to-string) otherwise asks each caller to justify.
 */
export function scalarText(value: unknown): string {
  return String(value)
}
