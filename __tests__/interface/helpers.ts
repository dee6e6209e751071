/**
 * Shared by the interface tests: action.yml as data, inputs set the way the runner sets them
 * (`INPUT_<NAME>` with action.yml's defaults applied), the environment restored afterwards, and
 * the workflow commands `@actions/core` prints captured.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'yaml'

export const ROOT = resolve(import.meta.dirname, '../..')

export interface ActionYml {
  name: string
  description: string
  inputs: Record<string, { description?: string; default?: string | number | boolean; required?: boolean }> // action.yml defaults are scalars
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
  branding?: { icon?: string; color?: string }
}

export function loadActionYml(): ActionYml {
  return parse(readFileSync(resolve(ROOT, 'action.yml'), 'utf8')) as ActionYml
}

/** The variable `core.getInput(name)` reads. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Sets every input as the runner would: action.yml's default unless overridden. The runner
 * evaluates `${{ github.token }}`; here there is no token, so it is empty.
 */
export function setInputs(overrides: Record<string, string> = {}): void {
  for (const [name, spec] of Object.entries(loadActionYml().inputs)) {
    const value = spec.default === undefined ? '' : String(spec.default)
    process.env[inputVariable(name)] = value.includes('${{') ? '' : value
  }
  for (const [name, value] of Object.entries(overrides)) process.env[inputVariable(name)] = value
}

/** Snapshot of `process.env`, and a function putting it back exactly (added keys removed). */
export function snapshotEnv(): () => void {
  const saved = { ...process.env }
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}

export { captureStdout } from '../helpers/stdout.js'

/** Runs `fn`, which must throw; returns the error. */
export function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a throw, got none')
}
