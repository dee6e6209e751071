import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import {
  MAX_PARALLEL,
  MAX_TIMER_MS,
  SecretInputError,
  parseApiUrl,
  parseBoolean,
  parseEnum,
  parseEnvVars,
  parseGlobs,
  parseInteger,
  parseLines,
  parseOptionalHttpUrl,
  parseOptionalInteger,
  parseShard,
  readSettings
} from '../../src/inputs.js'
import type { Settings } from '../../src/settings.js'
import { captureStdout, inputVariable, loadActionYml, setInputs, snapshotEnv, thrown } from './helpers.js'
import { DEFAULT_SETTINGS } from '../fixtures/settings.js'

/** Asserts an `InputError` for `input` whose message names the value and the expected form. */
function expectInputError(error: Error, input: string, value: string, expected: RegExp): void {
  expect(error).toBeInstanceOf(InputError)
  expect((error as InputError).input).toBe(input)
  expect(error.message).toContain(`'${input}'`)
  expect(error.message).toContain(`'${value}'`)
  expect(error.message).toMatch(expected)
}

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false]
  ])('%s → %s', (raw, value) => {
    expect(parseBoolean('run', raw)).toBe(value)
  })

  it.each(['yes', 'no', 'tRue', '1', '0', 'on', ''])('refuses %j', (raw) => {
    expectInputError(
      thrown(() => parseBoolean('run', raw)),
      'run',
      raw,
      /expected true or false/
    )
  })
})

describe('parseEnum', () => {
  const cases: Array<[string, readonly string[], string[]]> = [
    ['sync', ['auto', 'push', 'plan', 'pull', 'off'], ['sometimes', 'pulled', 'on']],
    ['on-conflict', ['fail', 'skip', 'overwrite'], ['merge', 'ignore']],
    ['state', ['workspace', 'off'], ['file', 'git']],
    ['check-run', ['auto', 'true', 'false'], ['yes', 'always']],
    ['comment', ['auto', 'always', 'changes', 'failures', 'off'], ['on', 'never', 'false']],
    ['fail-on', ['error', 'sync-error', 'never'], ['warning', 'test-error', 'errors']]
  ]

  it.each(cases)('%s accepts each of its values', (name, allowed) => {
    for (const value of allowed) expect(parseEnum(name, value, allowed)).toBe(value)
  })

  it.each(cases)('%s compares case-insensitively and returns lower case', (name, allowed) => {
    expect(parseEnum(name, allowed[0]!.toUpperCase(), allowed)).toBe(allowed[0])
  })

  it.each(cases)('%s refuses other values, listing the allowed ones', (name, allowed, bad) => {
    for (const raw of [...bad, '']) {
      expectInputError(
        thrown(() => parseEnum(name, raw, allowed)),
        name,
        raw,
        new RegExp(`expected one of ${allowed.join(', ')}`)
      )
    }
  })
})

describe('parseInteger', () => {
  it.each([
    ['parallel', '1', { min: 1, max: MAX_PARALLEL }, 1],
    ['parallel', '64', { min: 1, max: MAX_PARALLEL }, 64],
    ['timeout-request', '30000', { min: 1, max: MAX_TIMER_MS }, 30000],
    ['timeout', '2147483647', { min: 1, max: MAX_TIMER_MS }, 2147483647],
    ['iteration-count', '007', { min: 1 }, 7]
  ])('%s %j → %d', (name, raw, range, value) => {
    expect(parseInteger(name, raw, range)).toBe(value)
  })

  it.each([
    ['parallel', '0', { min: 1, max: MAX_PARALLEL }, /expected a whole number from 1 to 64/],
    ['parallel', '65', { min: 1, max: MAX_PARALLEL }, /expected a whole number from 1 to 64/],
    ['timeout', '2147483648', { min: 1, max: MAX_TIMER_MS }, /from 1 to 2147483647/],
    ['timeout-request', '-1', { min: 1, max: MAX_TIMER_MS }, /whole number/],
    ['timeout-request', '1.5', { min: 1, max: MAX_TIMER_MS }, /whole number/],
    ['timeout-request', '1e3', { min: 1, max: MAX_TIMER_MS }, /whole number/],
    ['timeout-request', '0x10', { min: 1, max: MAX_TIMER_MS }, /whole number/],
    ['timeout-request', '30s', { min: 1, max: MAX_TIMER_MS }, /whole number/],
    ['timeout-request', '', { min: 1, max: MAX_TIMER_MS }, /whole number/],
    ['iteration-count', '0', { min: 1 }, /expected a whole number ≥ 1/],
    ['iteration-count', '99999999999999999999', { min: 1 }, /expected a whole number ≥ 1/]
  ])('%s refuses %j', (name, raw, range, expected) => {
    expectInputError(
      thrown(() => parseInteger(name, raw, range)),
      name,
      raw,
      expected
    )
  })

  it('treats empty as unset only where the input is optional', () => {
    expect(parseOptionalInteger('iteration-count', '', { min: 1 })).toBeUndefined()
    expect(parseOptionalInteger('iteration-count', '3', { min: 1 })).toBe(3)
    expect(() => parseOptionalInteger('iteration-count', '0', { min: 1 })).toThrow(InputError)
  })
})

describe('parseGlobs', () => {
  it.each([
    ['**/*.postman_collection.json', ['**/*.postman_collection.json']],
    ['a/*.json,b/*.json', ['a/*.json', 'b/*.json']],
    ['a/*.json\n  b/*.json  \n\n , c.json,', ['a/*.json', 'b/*.json', 'c.json']],
    ['a.json\r\nb.json', ['a.json', 'b.json']],
    ['**/*.{json,yaml}', ['**/*.{json,yaml}']],
    ['{a,b}/{c,{d,e}}.json, f.json', ['{a,b}/{c,{d,e}}.json', 'f.json']],
    ['[a,b].json,c.json', ['[a,b].json', 'c.json']],
    ['**/*.json\n!legacy/**', ['**/*.json', '!legacy/**']],
    ['! legacy/**', ['!legacy/**']],
    ['./api/*.json', ['api/*.json']],
    ['!./api/old.json', ['!api/old.json']],
    ['..foo/*.json', ['..foo/*.json']],
    ['', []],
    [' , \n ,', []]
  ])('%j → %j', (raw, globs) => {
    expect(parseGlobs('collections', raw)).toEqual(globs)
  })

  it.each([
    ['/etc/*.json', '/etc/*.json'],
    ['../other/*.json', '../other/*.json'],
    ['a/../../b.json', 'a/../../b.json'],
    ['a/..', 'a/..'],
    ['ok.json, !../x.json', '!../x.json'],
    ['C:\\repo\\*.json', 'C:\\repo\\*.json'],
    ['a.json,!', '!'],
    ['a\\..\\b.json', 'a\\..\\b.json']
  ])('refuses %j, naming the bad item', (raw, item) => {
    expectInputError(
      thrown(() => parseGlobs('environments', raw)),
      'environments',
      item,
      /expected relative globs separated by newlines or commas/
    )
  })
})

describe('parseLines', () => {
  it('splits on line breaks only (folder names may contain commas), trims and drops blanks', () => {
    expect(parseLines('Users, admin\n  Orders \r\n\n')).toEqual(['Users, admin', 'Orders'])
    expect(parseLines('')).toEqual([])
  })
})

describe('parseEnvVars', () => {
  it.each([
    ['A=1', { A: '1' }],
    ['A=1\nB=x=y==', { A: '1', B: 'x=y==' }],
    [' A = spaced value \r\nB=2', { A: 'spaced value', B: '2' }],
    ['# a comment\n\nA=\n   # indented comment', { A: '' }],
    ['URL=https://h/?a=b&c=d', { URL: 'https://h/?a=b&c=d' }],
    ['', {}]
  ])('%j → %j', (raw, vars) => {
    expect(parseEnvVars(raw, () => {})).toEqual(vars)
  })

  it('keeps a key named __proto__ as a plain entry', () => {
    const vars = parseEnvVars('__proto__=x\nconstructor=y', () => {})
    expect(Object.keys(vars)).toEqual(['__proto__', 'constructor'])
    expect(vars['__proto__']).toBe('x')
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype)
  })

  it('masks every value, and every line without =, before it validates anything', () => {
    const masked: string[] = []
    const error = thrown(() => parseEnvVars('FIRST=s3cr3t-one\npasted-s3cr3t-token\nLAST=s3cr3t=two', (s) => masked.push(s)))
    expect(masked).toEqual(['s3cr3t-one', 'pasted-s3cr3t-token', 's3cr3t=two'])
    expect(error).toBeInstanceOf(SecretInputError)
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toBe(
      "Input 'env-vars' line 2 has no '=' (the value is not shown: it is secret), expected KEY=VALUE lines (blank lines and lines starting with # are ignored)."
    )
  })

  it.each([
    ['A=1\n\nno-equals-s3cr3t', /line 3 has no '='/],
    ['=s3cr3t', /line 1 has no name before '='/],
    ['TOKEN=s3cr3t-a\nTOKEN=s3cr3t-b', /line 2 sets 'TOKEN' again \(first set on line 1\)/]
  ])('refuses %j naming the line, never a value', (raw, problem) => {
    const error = thrown(() => parseEnvVars(raw, () => {}))
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe('env-vars')
    expect((error as InputError).value).toBe('')
    expect(error.message).toMatch(problem)
    expect(error.message).toMatch(/expected KEY=VALUE lines/)
    expect(error.message).not.toMatch(/s3cr3t/)
  })
})

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, total: 1 }],
    ['2/4', { index: 2, total: 4 }],
    ['3 / 3', { index: 3, total: 3 }]
  ])('%j → %j', (raw, shard) => {
    expect(parseShard('shard', raw)).toEqual(shard)
  })

  it.each(['0/1', '5/4', '1/0', '0/0', 'a/b', '1', '1/2/3', '-1/2', '1.5/2', '', '1of2'])('refuses %j', (raw) => {
    expectInputError(
      thrown(() => parseShard('shard', raw)),
      'shard',
      raw,
      /expected i\/n with 1 ≤ i ≤ n/
    )
  })
})

describe('parseApiUrl', () => {
  it.each([
    ['https://api.postman.com', 'https://api.postman.com'],
    ['https://api.postman.com/', 'https://api.postman.com'],
    ['https://api.getpostman.com', 'https://api.getpostman.com'],
    ['https://api.eu.postman.com//', 'https://api.eu.postman.com'],
    ['HTTPS://API.Postman.COM', 'https://api.postman.com'],
    ['https://gateway.example.com/postman/', 'https://gateway.example.com/postman'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.255.3.4:4010/', 'http://127.255.3.4:4010'],
    ['http://127.1:4010', 'http://127.0.0.1:4010'],
    ['http://localhost:4010/', 'http://localhost:4010'],
    ['http://[::1]:4010', 'http://[::1]:4010']
  ])('%j → %j', (raw, url) => {
    expect(parseApiUrl('api-url', raw)).toBe(url)
  })

  it.each([
    'http://api.postman.com',
    'http://10.0.0.1:4010',
    'http://128.0.0.1',
    'http://localhost.example.com',
    'http://127.0.0.1.nip.io',
    'http://[::2]:4010',
    'ftp://api.postman.com',
    'api.postman.com',
    'https://',
    '',
    'https://api.postman.com/?apikey=1',
    'https://api.postman.com/#x'
  ])('refuses %j', (raw) => {
    expectInputError(
      thrown(() => parseApiUrl('api-url', raw)),
      'api-url',
      raw,
      /expected an https:\/\/ base URL/
    )
  })

  it('refuses credentials in the URL without showing them', () => {
    const error = thrown(() => parseApiUrl('api-url', 'https://user:hunter2@api.postman.com'))
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).not.toContain('hunter2')
    expect(error.message).not.toContain('user')
    expect(error.message).toContain("'https://***@api.postman.com/'")
  })
})

describe('parseOptionalHttpUrl', () => {
  it.each([
    ['', ''],
    ['http://localhost:3000/health', 'http://localhost:3000/health'],
    ['https://staging.example.com', 'https://staging.example.com/']
  ])('%j → %j', (raw, url) => {
    expect(parseOptionalHttpUrl('wait-for', raw)).toBe(url)
  })

  it.each(['localhost:3000', 'ftp://host/file', 'not a url'])('refuses %j', (raw) => {
    expectInputError(
      thrown(() => parseOptionalHttpUrl('wait-for', raw)),
      'wait-for',
      raw,
      /expected an http:\/\/ or https:\/\/ URL/
    )
  })
})

describe('readSettings', () => {
  let restoreEnv: () => void
  beforeEach(() => {
    restoreEnv = snapshotEnv()
  })
  afterEach(() => restoreEnv())

  it("returns action.yml's defaults as a typed Settings", () => {
    setInputs()
    expect(readSettings()).toStrictEqual(DEFAULT_SETTINGS)
  })

  it('maps each input to its field', () => {
    const stdout = captureStdout()
    try {
      setInputs({
        'postman-api-key': 'PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01',
        'api-url': 'http://127.0.0.1:4010/',
        workspace: ' 1f0df51a-8658-4ee8-a2a1-d2567dfa09a9 ',
        collections: 'api/**/*.json\n!api/legacy/**',
        environments: 'envs/*.json',
        'v3-collections': 'api/v3/*, !api/v3/Old',
        sync: 'push',
        'create-missing': 'false',
        'on-conflict': 'overwrite',
        state: 'off',
        'max-collection-mb': '12',
        'base-ref': 'v1.2.0',
        run: 'true',
        'run-collections': 'api/smoke.json',
        'run-environment': 'envs/ci.postman_environment.json',
        globals: 'globals.json',
        'env-vars': 'BASE_URL=http://localhost:3000\nTOKEN=abc=',
        'iteration-count': '3',
        'iteration-data': 'data.csv',
        folder: 'Users\nOrders, admin',
        bail: 'TRUE',
        insecure: 'True',
        'timeout-request': '5000',
        timeout: '600000',
        'wait-for': 'http://localhost:3000/health',
        'wait-timeout': '1000',
        parallel: '4',
        shard: '2/3',
        'junit-report': 'reports/junit.xml',
        'upload-artifact': 'false',
        'github-token': 'ghs_0123456789',
        'check-run': 'false',
        'check-name': 'Postman API tests',
        comment: 'off',
        'fail-on': 'sync-error'
      })
      expect(readSettings()).toStrictEqual({
        apiKey: 'PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01',
        apiUrl: 'http://127.0.0.1:4010',
        workspace: '1f0df51a-8658-4ee8-a2a1-d2567dfa09a9',
        collections: ['api/**/*.json', '!api/legacy/**'],
        environments: ['envs/*.json'],
        v3Collections: ['api/v3/*', '!api/v3/Old'],
        sync: 'push',
        createMissing: false,
        onConflict: 'overwrite',
        state: 'off',
        maxCollectionMb: 12,
        baseRef: 'v1.2.0',
        run: true,
        runCollections: ['api/smoke.json'],
        runEnvironment: 'envs/ci.postman_environment.json',
        globals: 'globals.json',
        envVars: { BASE_URL: 'http://localhost:3000', TOKEN: 'abc=' },
        iterationCount: 3,
        iterationData: 'data.csv',
        folder: ['Users', 'Orders, admin'],
        bail: true,
        insecure: true,
        timeoutRequest: 5000,
        timeout: 600000,
        waitFor: 'http://localhost:3000/health',
        waitTimeout: 1000,
        parallel: 4,
        shard: { index: 2, total: 3 },
        junitReport: 'reports/junit.xml',
        htmlReport: '',
        uploadArtifact: false,
        githubToken: 'ghs_0123456789',
        checkRun: 'false',
        checkName: 'Postman API tests',
        comment: 'off',
        failOn: 'sync-error'
      } satisfies Settings)
      // Every secret was masked: the key, the token and each env-vars value.
      expect(stdout.lines()).toEqual([
        '::add-mask::PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01',
        '::add-mask::ghs_0123456789',
        '::add-mask::http://localhost:3000',
        '::add-mask::abc='
      ])
    } finally {
      stdout.restore()
    }
  })

  it('reads exactly the inputs action.yml declares', () => {
    setInputs()
    const read = new Set<string>()
    const real = process.env
    const variables = new Map(Object.keys(loadActionYml().inputs).map((name) => [inputVariable(name), name]))
    process.env = new Proxy(real, {
      get(target, key, receiver) {
        if (typeof key === 'string' && key.startsWith('INPUT_')) read.add(variables.get(key) ?? key)
        return Reflect.get(target, key, receiver)
      }
    })
    try {
      readSettings()
    } finally {
      process.env = real
    }
    expect([...read].sort()).toEqual([...variables.values()].sort())
  })

  it.each([
    ['api-url', 'http://api.postman.com'],
    ['collections', '/abs/*.json'],
    ['environments', '../envs/*.json'],
    ['sync', 'maybe'],
    ['create-missing', 'yes'],
    ['on-conflict', 'merge'],
    ['state', 'file'],
    ['run', '1'],
    ['run-collections', '/x.json'],
    ['iteration-count', '0'],
    ['bail', 'y'],
    ['insecure', 'n'],
    ['timeout-request', '0'],
    ['timeout', '1.5'],
    ['wait-for', 'ftp://host'],
    ['wait-timeout', '-1'],
    ['parallel', '0'],
    ['parallel', String(MAX_PARALLEL + 1)],
    ['shard', '2/1'],
    ['check-run', 'maybe'],
    ['check-name', ''],
    ['comment', 'sometimes'],
    ['fail-on', 'warning']
  ])('a bad %s (%j) fails with an InputError naming it and the value', (name, raw) => {
    setInputs({ [name]: raw })
    const error = thrown(() => readSettings())
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe(name)
    expect(error.message).toContain(`Input '${name}' has the value '${raw}', expected `)
  })

  it.each([
    ['postman-api-key', 'PMAK-abc def-s3cr3t', 'PMAK-abc def-s3cr3t'],
    ['postman-api-key', 'PMAK-abc\ns3cr3t', 'PMAK-abc%0As3cr3t'],
    ['github-token', 'ghs_s3cr3t\tx', 'ghs_s3cr3t\tx']
  ])('a %s with a space or line break is masked, then refused without its value', (name, raw, maskLine) => {
    const stdout = captureStdout()
    try {
      setInputs({ [name]: raw })
      const error = thrown(() => readSettings())
      expect(stdout.lines()).toContain(`::add-mask::${maskLine}`)
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).input).toBe(name)
      expect(error.message).toMatch(
        new RegExp(`^Input '${name}' contains a space, a line break or a control character \\(the value is not shown: it is secret\\), expected`)
      )
      expect(error.message).not.toMatch(/s3cr3t/)
    } finally {
      stdout.restore()
    }
  })

  it('masks every secret before an unrelated input fails', () => {
    const stdout = captureStdout()
    try {
      setInputs({ 'postman-api-key': 'PMAK-key', 'github-token': 'ghs_token', 'env-vars': 'A=value-a\nbroken-line', parallel: '0' })
      const error = thrown(() => readSettings())
      // env-vars fails first (line 2), yet every secret, the bad line included, was masked before.
      expect(error.message).toMatch(/^Input 'env-vars' line 2 has no '='/)
      expect(error.message).not.toMatch(/value-a|broken-line|PMAK|ghs_/)
      expect(stdout.lines()).toEqual(['::add-mask::PMAK-key', '::add-mask::ghs_token', '::add-mask::value-a', '::add-mask::broken-line'])
    } finally {
      stdout.restore()
    }
  })

  it('masks the secrets even when api-url, read after them, is bad', () => {
    const stdout = captureStdout()
    try {
      setInputs({ 'postman-api-key': 'PMAK-key', 'github-token': 'ghs_token', 'env-vars': 'A=value-a', 'api-url': 'http://example.com' })
      expect(() => readSettings()).toThrow(/^Input 'api-url' has the value 'http:\/\/example.com'/)
      expect(stdout.lines()).toEqual(['::add-mask::PMAK-key', '::add-mask::ghs_token', '::add-mask::value-a'])
    } finally {
      stdout.restore()
    }
  })
})
