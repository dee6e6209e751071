/**
 * A count with its noun in the right number — "1 error", "2 errors" — so no message says
 * "1 errors" or hedges with "error(s)". `many` for nouns that do not just take an "s".
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}
