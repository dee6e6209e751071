/**
 * The action's error hierarchy. Every message says what failed and what to do; none carries a
 * secret. API errors live in `src/postman/errors.ts` and extend `ActionError`.
 */
export class ActionError extends Error {
  override name = 'ActionError'
}

/** An input has a value the action cannot use. */
export class InputError extends ActionError {
  override name = 'InputError'
  constructor(
    readonly input: string,
    readonly value: string,
    readonly expected: string
  ) {
    super(`Input '${input}' has the value '${value}', expected ${expected}.`)
  }
}
