/**
 * action.yml is the public interface workflows depend on: the input names and documented
 * defaults below must not change by accident.
 */
import { describe, expect, it } from 'vitest'
import { OUTPUTS } from '../../src/constants.js'
import { loadActionYml } from './helpers.js'
import { DEFAULT_PATTERNS } from '../../src/constants.js'

/** Input → documented default (`undefined` where there is none: newman's own, all matched files, or the event's base). */
const PUBLIC_INPUTS: Record<string, string | undefined> = {
  'postman-api-key': undefined,
  'api-url': 'https://api.postman.com',
  workspace: undefined,
  collections: '**/*.postman_collection.json',
  environments: '**/*.postman_environment.json, postman/environments/*.environment.yaml',
  'v3-collections': 'postman/collections/*',
  sync: 'auto',
  'create-missing': 'true',
  'on-conflict': 'fail',
  state: 'workspace',
  // Issue 9: the documented 20 MB limit on a collection body.
  'max-collection-mb': '20',
  'base-ref': undefined,
  run: 'false',
  'run-collections': undefined,
  'run-environment': undefined,
  globals: undefined,
  'env-vars': undefined,
  'iteration-count': undefined,
  'iteration-data': undefined,
  folder: undefined,
  // newman's defaults for these flags: off.
  bail: 'false',
  insecure: 'false',
  'timeout-request': '30000',
  // "the whole run, ms (default 30 minutes)"
  timeout: String(30 * 60 * 1000),
  'wait-for': undefined,
  'wait-timeout': '60000',
  parallel: '1',
  shard: '1/1',
  'junit-report': undefined,
  'html-report': undefined,
  'upload-artifact': 'true',
  'github-token': '${{ github.token }}',
  'check-run': 'auto',
  'check-name': 'Postman',
  comment: 'auto',
  'fail-on': 'error'
}

const action = loadActionYml()

describe('action.yml', () => {
  it.each(Object.entries(PUBLIC_INPUTS))('declares %s with the documented default %j', (name, documented) => {
    expect(action.inputs, `input '${name}' is missing`).toHaveProperty([name])
    const spec = action.inputs[name]
    // YAML would turn an unquoted `true` or `30000` into a boolean or a number: defaults must be strings.
    expect(spec!.default).toStrictEqual(documented)
  })

  it('keeps DEFAULT_PATTERNS equal to the collections and environments defaults', () => {
    expect(DEFAULT_PATTERNS).toEqual({
      collections: action.inputs.collections!.default,
      environments: action.inputs.environments!.default,
      v3Collections: action.inputs['v3-collections']!.default
    })
  })

  it('declares no input the table above does not have (add it there when one is added on purpose)', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(PUBLIC_INPUTS).sort())
  })

  it('describes every input and output', () => {
    for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) {
      expect(spec.description?.trim().length ?? 0, `'${name}' has no description`).toBeGreaterThan(10)
    }
  })

  it('does not require the API key (fork pull requests and Dependabot runs have none)', () => {
    expect(action.inputs['postman-api-key']!.required).not.toBe(true)
  })

  it('declares exactly the outputs the code sets (src/constants.ts OUTPUTS)', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(OUTPUTS).sort())
  })

  it('runs the committed bundle on node24, with branding', () => {
    expect(action.runs).toStrictEqual({ using: 'node24', main: 'dist/index.js' })
    expect(action.name).toBe('Postman Sync')
    expect(action.description.length).toBeGreaterThan(20)
    expect(action.branding?.icon).toMatch(/^[a-z-]+$/)
    expect(action.branding?.color).toMatch(/^(white|black|yellow|blue|green|orange|red|purple|gray-dark)$/)
  })
})
