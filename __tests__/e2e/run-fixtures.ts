/**
 * The fixture files the e2e runs share (`__tests__/fixtures/`): read as text, and the runs'
 * environment pointed at the sample API a test started (the fixture names port 3000).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const FIXTURES = resolve(import.meta.dirname, '../fixtures')

/** `__tests__/fixtures/<dir>/<name>` as text. */
export function fixtureText(dir: string, name: string): string {
  return readFileSync(resolve(FIXTURES, dir, name), 'utf8')
}

/** `e2e-runs/env.postman_environment.json` with its `baseUrl` at `sampleUrl`. */
export function sampleEnvironment(sampleUrl: string): string {
  return fixtureText('e2e-runs', 'env.postman_environment.json').replace('http://127.0.0.1:3000', sampleUrl)
}
