import { describe, expect, it } from 'vitest'
import { validateEnvironmentText } from '../../src/discovery/validate.js'
import { corpusFiles, errorsOf, fakeSecrets, fixtureText, lineText, positionOfText } from './helpers.js'

function environmentText(extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      id: 'e0000000-0000-4000-8000-000000000001',
      name: 'Dev',
      values: [
        { key: 'baseUrl', value: 'http://127.0.0.1:3000', type: 'default', enabled: true },
        { key: 'token', value: '', type: 'secret', enabled: true }
      ],
      _postman_variable_scope: 'environment',
      _postman_exported_at: '2024-05-01T10:00:00.000Z',
      _postman_exported_using: 'Postman/11.0.0',
      ...extra
    },
    null,
    2
  )
}

describe('validateEnvironmentText on the real corpus', () => {
  const DUPLICATES = 'postmanlabs__newman__disabled-and-duplicates.postman_environment.json'
  it.each(corpusFiles('environments').filter((name) => name !== DUPLICATES))('%s is valid, with no finding', (name) => {
    const path = `corpus/environments/${name}`
    const text = fixtureText(path)
    const parsed = JSON.parse(text)
    const { file, findings } = validateEnvironmentText(path, text)
    expect(findings).toEqual([])
    expect(file).toMatchObject({ kind: 'environment', path, name: parsed.name })
    expect(file!.localId).toBe(parsed.id)
    expect(file!.environment!.values.map((value) => value.key)).toEqual(parsed.values.map((value: { key: string }) => value.key))
  })

  it('accepts an environment without _postman_variable_scope (Duo Auth)', () => {
    const path = 'corpus/odd/duosecurity__duo_postman_collection__Duo_Auth_API.postman_environment.json'
    const { file, findings } = validateEnvironmentText(path, fixtureText(path))
    expect(findings).toEqual([])
    expect(file?.name).toBe(JSON.parse(fixtureText(path)).name)
  })

  it('accepts an environment misnamed as a collection (capellaspace)', () => {
    const path = 'corpus/odd/capellaspace__postman_collections__capella_env_postman_collection.json'
    expect(validateEnvironmentText(path, fixtureText(path)).file).toBeDefined()
  })

  it('two enabled variables of one key: an error at the second, so nothing is sent', () => {
    const path = `corpus/environments/${DUPLICATES}`
    const text = fixtureText(path)
    const { file, findings } = validateEnvironmentText(path, text)
    expect(file).toBeUndefined()
    const errors = errorsOf(findings)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.line).toBe(positionOfText(text, '"duplicate"', 1).line)
    expect(errors[0]!.message).toMatch(/'duplicate' is enabled twice/)
  })

  it('a disabled duplicate is left out with a warning at its line; legacy `disabled` maps to `enabled`', () => {
    const path = `corpus/environments/${DUPLICATES}`
    const source = JSON.parse(fixtureText(path))
    source.values.splice(4, 1) // the second enabled 'duplicate'
    const text = JSON.stringify(source, null, 2)
    const { file, findings } = validateEnvironmentText(path, text)
    expect(findings.map((f) => [f.level, f.line])).toEqual([['warning', positionOfText(text, '"oneDisabled"', 1).line]])
    expect(file?.environment).toEqual({
      id: '466fce1f-6998-4513-8001-74481c37a7ee',
      name: 'disabled-and-duplicates',
      values: [
        { key: 'justDisabled', value: '1', enabled: false },
        { key: 'oneDisabled', value: '1' },
        { key: 'duplicate', value: '1', type: 'text' }
      ]
    })
  })

  it('of two disabled variables of one key the first is kept', () => {
    const text = environmentText({
      values: [
        { key: 'a', value: '1', enabled: false },
        { key: 'a', value: '2', enabled: false }
      ]
    })
    const { file, findings } = validateEnvironmentText('e.json', text)
    expect(findings.map((f) => [f.level, f.line])).toEqual([['warning', positionOfText(text, '"a"', 1).line]])
    expect(file?.environment?.values).toEqual([{ key: 'a', value: '1', enabled: false }])
  })

  it('keeps a non-string value and drops exporter metadata', () => {
    const path = 'corpus/environments/gothinkster__realworld__Conduit.postman_integration_test_environment.json'
    const { file } = validateEnvironmentText(path, fixtureText(path))
    expect(file!.environment!.values.some((value) => (value.value as unknown) === true)).toBe(true)
    const source = JSON.parse(fixtureText(path))
    expect(Object.keys(source)).toContain('_postman_variable_scope')
    expect(Object.keys(file!.environment!).sort()).toEqual(['name', 'values'])
  })
})

describe('validateEnvironmentText on odd files', () => {
  it('rejects a modern globals export at its _postman_variable_scope', () => {
    const path = 'corpus/odd/DEFRA__cdp-platform-postman__workspace.postman_globals.json'
    const text = fixtureText(path)
    const { file, findings } = validateEnvironmentText(path, text)
    expect(file).toBeUndefined()
    const at = positionOfText(text, '"globals"')
    expect(findings).toEqual([expect.objectContaining({ level: 'error', title: 'Globals, not an environment', ...at })])
  })

  it('rejects a legacy globals export (a bare array)', () => {
    const path = 'corpus/odd/postmanlabs__newman__globals-env-data-files.postman_globals.json'
    const { findings } = validateEnvironmentText(path, fixtureText(path))
    expect(findings).toEqual([
      expect.objectContaining({ level: 'error', title: 'Not an environment', line: 1, column: 1, message: expect.stringMatching(/legacy globals/) })
    ])
  })

  it('rejects a collection misnamed as an environment (WoodWing)', () => {
    const path = 'corpus/odd/WoodWing__ww-studio-postman-collection__Studio_Server_Environment.postman_environment.json'
    const { findings } = validateEnvironmentText(path, fixtureText(path))
    expect(findings).toEqual([expect.objectContaining({ level: 'error', title: 'Not an environment', message: expect.stringMatching(/a collection/) })])
  })

  it('rejects the BOM at 1:1 and reads the rest', () => {
    const path = 'corpus/odd/postmanlabs__newman__bom-in-environment-file.postman_environment.json'
    const { file, findings } = validateEnvironmentText(path, fixtureText(path))
    expect(file).toBeUndefined()
    expect(findings).toEqual([expect.objectContaining({ level: 'error', title: 'UTF-8 byte order mark', line: 1, column: 1 })])
  })
})

describe('validateEnvironmentText rules', () => {
  it.each([
    { case: 'values that are not a list', extra: { values: { baseUrl: 'x' } }, needle: '"values": ', message: "'values' must be array." },
    { case: 'a variable without key', extra: { values: [{ value: 'x' }] }, needle: '{\n      "value"', message: "'values[0]' is missing the property 'key'." },
    { case: 'a key that is a number', extra: { values: [{ key: 7, value: 'x' }] }, needle: '7', message: "'values[0].key' must be string." },
    {
      case: 'an object value',
      extra: { values: [{ key: 'k', value: { a: 1 } }] },
      needle: '"value": ',
      message: "'values[0].value' must be string or number or boolean or null."
    },
    {
      case: 'enabled as a string',
      extra: { values: [{ key: 'k', value: 'v', enabled: 'yes' }] },
      needle: '"yes"',
      message: "'values[0].enabled' must be boolean."
    },
    { case: 'an empty name', extra: { name: '' }, needle: '""', message: "'name' must NOT have fewer than 1 characters." },
    {
      case: 'another scope',
      extra: { _postman_variable_scope: 'collection' },
      needle: '"collection"',
      message: "'_postman_variable_scope' has the value 'collection'; expected 'environment'."
    }
  ])('reports $case at the line of the value', ({ extra, needle, message }) => {
    const text = environmentText(extra)
    const { file, findings } = validateEnvironmentText('e.json', text)
    expect(file).toBeUndefined()
    const at = positionOfText(text, needle)
    const position = needle.endsWith(': ') ? { line: at.line, column: at.column + needle.length } : at
    expect(findings).toEqual([
      expect.objectContaining({ level: 'error', kind: 'invalid-file', file: 'e.json', title: 'Invalid environment', message, ...position })
    ])
  })

  it('reports a missing name at the root', () => {
    const environment = JSON.parse(environmentText())
    delete environment.name
    const { findings } = validateEnvironmentText('e.json', JSON.stringify(environment, null, 2))
    expect(findings).toEqual([expect.objectContaining({ line: 1, column: 1, message: "The file is missing the property 'name'." })])
  })

  it('unwraps an API response envelope with a notice', () => {
    const inner = JSON.parse(environmentText())
    const text = JSON.stringify({ environment: inner }, null, 2)
    const { file, findings } = validateEnvironmentText('e.json', text)
    expect(findings).toEqual([expect.objectContaining({ level: 'notice', title: 'Environment unwrapped', line: 2, column: 18 })])
    expect(file?.environment?.name).toBe('Dev')
    expect(file?.localId).toBe(inner.id)
  })

  it('rejects invalid JSON at its position', () => {
    const text = '{\n  "name": "Dev",\n  "values": [\n    { "key": "a", "value": "b" },\n  ]\n}'
    const { findings } = validateEnvironmentText('e.json', text)
    expect(findings).toEqual([expect.objectContaining({ title: 'Invalid JSON', ...positionOfText(text, ']') })])
  })

  it('rejects a committed GitHub token at its line, never echoing it', () => {
    const environment = JSON.parse(environmentText())
    environment.values.push({ key: 'GITHUB_TOKEN', value: fakeSecrets.githubClassic, type: 'secret', enabled: true })
    const text = JSON.stringify(environment, null, 2)
    const { file, findings } = validateEnvironmentText('e.json', text)
    expect(file).toBeUndefined()
    expect(errorsOf(findings)).toHaveLength(1)
    expect(lineText(text, findings[0]!.line!)).toContain(fakeSecrets.githubClassic)
    expect(JSON.stringify(findings)).not.toContain(fakeSecrets.githubClassic)
  })

  it('passes absPath through to the LocalFile', () => {
    expect(validateEnvironmentText('e.json', environmentText(), { absPath: '/repo/e.json' }).file?.absPath).toBe('/repo/e.json')
  })
})
