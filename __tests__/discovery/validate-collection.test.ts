import { describe, expect, it } from 'vitest'
import { validateCollectionText } from '../../src/discovery/validate.js'
import { generateCollection } from '../fixtures/generate-large-collection.js'
import { corpusFiles, errorsOf, fakeSecrets, fixtureText, lineText, positionOfText, warningsOf } from './helpers.js'

const V21 = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'
const V20 = 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json'

/** The shape of {@link collectionText}'s collection, for tests that break it on purpose. */
interface Small {
  info: Record<string, unknown>
  item: Array<{ item: Array<{ name: unknown; request?: Record<string, unknown> }> }>
  event?: unknown[]
}

/** A small valid collection, pretty-printed, with extra content merged at the root. */
function collectionText(extra: Record<string, unknown> = {}, schema = V21): string {
  return JSON.stringify(
    {
      info: { _postman_id: 'c0ffee00-0000-4000-8000-000000000001', name: 'Small', schema },
      item: [
        {
          name: 'Folder',
          item: [
            { name: 'Get', request: { method: 'GET', url: 'http://127.0.0.1/get', header: [] } },
            { name: 'Post', request: { method: 'POST', url: { raw: 'http://127.0.0.1/post' } } }
          ]
        }
      ],
      ...extra
    },
    null,
    2
  )
}

describe('validateCollectionText on the real corpus', () => {
  it.each(corpusFiles('collections'))('%s is valid, with no error', (name) => {
    const path = `corpus/collections/${name}`
    const text = fixtureText(path)
    const { file, findings } = validateCollectionText(path, text)
    expect(errorsOf(findings)).toEqual([])
    expect(file).toBeDefined()
    const parsed = JSON.parse(text)
    expect(file).toMatchObject({ kind: 'collection', path, absPath: path, name: parsed.info.name })
    expect(file!.localId).toBe(parsed.info._postman_id)
    expect(file!.format).toBe(parsed.info.schema.includes('v2.0.0') ? 'v2.0.0' : 'v2.1.0')
    expect(file!.collection).toEqual(parsed)
  })

  it('warns at the line of each variable type the schema does not list (Duo Admin: type "default")', () => {
    const path = 'corpus/collections/duosecurity__duo_postman_collection__Duo_Admin_API_v4.1.0.postman_collection.json'
    const text = fixtureText(path)
    const parsed = JSON.parse(text)
    const { file, findings } = validateCollectionText(path, text)
    expect(file).toBeDefined()
    const expected = (parsed.variable as Array<{ type?: string }>).flatMap((variable, index) => (variable.type === 'default' ? [index] : []))
    expect(expected.length).toBeGreaterThan(0)
    const warnings = warningsOf(findings)
    expect(warnings.map((warning) => warning.message.slice(0, `'variable[${expected[0]}].type'`.length))).toEqual(
      expected.map((index) => `'variable[${index}].type'`)
    )
    for (const warning of warnings) {
      expect(lineText(text, warning.line!)).toMatch(/"type": "default"/)
      expect(warning.message).toContain("'default'")
    }
  })

  it('warns about form-data type "default" (AEMaaCS) but keeps the file', () => {
    const path = 'corpus/collections/frappierer__AEMaaCS_postman_collection__AEMaaCs_CURL_Operations.postman_collection.json'
    const text = fixtureText(path)
    const { file, findings } = validateCollectionText(path, text)
    expect(file).toBeDefined()
    const warnings = warningsOf(findings)
    // 20 listed at their lines, then one count of the rest.
    expect(warnings).toHaveLength(21)
    for (const warning of warnings.slice(0, 20)) expect(lineText(text, warning.line!)).toMatch(/"type": "default"/)
    expect(warnings[20]!.line).toBeUndefined()
    expect(warnings[20]!.message).toMatch(/^\d+ more warnings/)
  })

  it('warns about info.version {} (box) at its line', () => {
    const path = 'corpus/collections/box__box-postman__box-collection.json'
    const text = fixtureText(path)
    const { file, findings } = validateCollectionText(path, text)
    expect(file).toBeDefined()
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/^'info\.version' is missing the properties 'major', 'minor', 'patch'; or must be string/)
    })
    const at = positionOfText(text, '"version": {}', countOccurrences(text, '"version": {}') - 1)
    expect(findings[0]).toMatchObject({ line: at.line, column: at.column + '"version": '.length })
  })

  it('accepts a v2.0.0 collection with object-form auth (commercetools)', () => {
    const path = 'corpus/collections/commercetools__commercetools-postman-collection__checkout_collection.json'
    const { file } = validateCollectionText(path, fixtureText(path))
    expect(file?.format).toBe('v2.0.0')
  })
})

function countOccurrences(text: string, needle: string): number {
  let count = 0
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) count++
  return count
}

describe('validateCollectionText on odd files', () => {
  it('rejects JavaScript in a JSON file at the line and column of the syntax error', () => {
    const path = 'corpus/odd/AverageJoesHosting__CyberSecurity-OWASPTop10-Postman-Collections__oversized-payloads.json'
    const text = fixtureText(path)
    const { file, findings } = validateCollectionText(path, text)
    expect(file).toBeUndefined()
    expect(findings).toEqual([expect.objectContaining({ level: 'error', title: 'Invalid JSON', ...positionOfText(text, '+ "x"') })])
  })

  it('rejects a v1 collection at its `requests`', () => {
    const path = 'corpus/odd/microsoftgraph__microsoftgraph-postman-collections__Microsoft_Graph_v1.0.postman_collection.json'
    const text = fixtureText(path)
    const { file, findings } = validateCollectionText(path, text)
    expect(file).toBeUndefined()
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ level: 'error', title: 'Collection Format v1' })
    expect(lineText(text, findings[0]!.line!)).toMatch(/"requests":/)
  })

  it('rejects the UTF-8 BOM at 1:1 and still validates the rest', () => {
    const path = 'corpus/odd/postmanlabs__newman__bom-in-collection-file.postman_collection.json'
    const text = fixtureText(path)
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const { file, findings } = validateCollectionText(path, text)
    expect(file).toBeUndefined()
    expect(findings).toEqual([expect.objectContaining({ level: 'error', title: 'UTF-8 byte order mark', line: 1, column: 1 })])
  })

  it('rejects a schema-invalid file (Twilio: `items` for `item`) at its root', () => {
    const path = 'corpus/odd/vernig__twilio-postman-collection__Twilio.postman_collection.json'
    const { file, findings } = validateCollectionText(path, fixtureText(path))
    expect(file).toBeUndefined()
    expect(errorsOf(findings)).toEqual([
      expect.objectContaining({ title: 'Invalid Collection Format', line: 1, column: 1, message: "The file is missing the property 'item'." })
    ])
  })

  it.each([
    { name: 'capellaspace__postman_collections__capella_env_postman_collection.json', message: /an environment/ },
    { name: 'duosecurity__duo_postman_collection__Duo_Auth_API.postman_environment.json', message: /an environment/ },
    { name: 'DEFRA__cdp-platform-postman__workspace.postman_globals.json', message: /a globals export/ },
    { name: 'dlenhart__postman-api-testing-board__ApiTestApp.master.json', message: /Newman JSON report/ },
    { name: 'postmanlabs__newman__globals-env-data-files.postman_globals.json', message: /not a JSON object/ }
  ])('rejects $name as not a collection', ({ name, message }) => {
    const { file, findings } = validateCollectionText(name, fixtureText(`corpus/odd/${name}`))
    expect(file).toBeUndefined()
    expect(findings).toEqual([
      expect.objectContaining({ level: 'error', title: 'Not a collection', line: 1, column: 1, message: expect.stringMatching(message) })
    ])
  })
})

describe('validateCollectionText rules', () => {
  it.each([
    { case: 'a trailing comma in an object', text: '{\n  "info": {},\n}\n', needle: '}\n', nth: 0, message: /property name expected/ },
    { case: 'a trailing comma in an array', text: '{\n  "item": [1, 2,\n  ]\n}', needle: ']', nth: 0, message: /value expected/ },
    { case: 'a line comment', text: '{\n  // a note\n  "item": []\n}', needle: '//', nth: 0, message: /comments are not allowed/ },
    { case: 'a block comment', text: '{ "item": [] /* x */ }', needle: '/*', nth: 0, message: /comments are not allowed/ },
    { case: 'a missing colon', text: '{\n\n    "info" {}\n}', needle: '{}', nth: 0, message: /colon expected/ },
    { case: 'an unterminated string', text: '{\n  "info": "abc\n}', needle: '"abc', nth: 0, message: /unterminated string|invalid character/ },
    { case: 'CRLF line ends', text: '{\r\n  "a": 1,\r\n  "b": tru\r\n}', needle: 'tru', nth: 0, message: /unexpected character|value expected/ }
  ])('reports $case at its line and column', ({ text, needle, nth, message }) => {
    const { file, findings } = validateCollectionText('c.json', text)
    expect(file).toBeUndefined()
    expect(findings).toEqual([
      expect.objectContaining({
        level: 'error',
        kind: 'invalid-file',
        file: 'c.json',
        title: 'Invalid JSON',
        message: expect.stringMatching(message),
        ...positionOfText(text, needle, nth)
      })
    ])
  })

  it('counts columns after a BOM as an editor shows them', () => {
    const text = '\uFEFF{"info": {},}'
    const { findings } = validateCollectionText('c.json', text)
    expect(findings.map((finding) => [finding.title, finding.line, finding.column])).toEqual([
      ['UTF-8 byte order mark', 1, 1],
      ['Invalid JSON', 1, 13]
    ])
  })

  it.each(['', '   \n\t\n', '\uFEFF'])('rejects the empty file %j', (text) => {
    const { file, findings } = validateCollectionText('c.json', text)
    expect(file).toBeUndefined()
    expect(findings.map((finding) => finding.title)).toContain('Empty file')
  })

  it.each([
    { schema: 'https://schema.getpostman.com/json/collection/v1.0.0/collection.json', message: /declares Collection Format v1\.0\.0/ },
    { schema: 'https://schema.postman.com/collection/json/v2.2.0/draft-07/collection.json', message: /declares Collection Format v2\.2\.0/ },
    { schema: 'https://example.com/my-schema.json', message: /names no Collection Format version/ }
  ])('rejects the schema URL $schema at its line', ({ schema, message }) => {
    const text = collectionText({}, schema)
    const { file, findings } = validateCollectionText('c.json', text)
    expect(file).toBeUndefined()
    expect(findings).toEqual([
      expect.objectContaining({
        level: 'error',
        title: 'Unsupported Collection Format',
        message: expect.stringMatching(message),
        ...positionOfText(text, `"${schema}"`)
      })
    ])
  })

  it.each([
    { schema: V21, format: 'v2.1.0' },
    { schema: 'https://schema.postman.com/collection/json/v2.1.0/draft-07/collection.json', format: 'v2.1.0' },
    { schema: 'https://schema.getpostman.com/json/draft-07/collection/v2.1.0/', format: 'v2.1.0' },
    { schema: V20, format: 'v2.0.0' }
  ])('reads the format from $schema', ({ schema, format }) => {
    expect(validateCollectionText('c.json', collectionText({}, schema)).file?.format).toBe(format)
  })

  it('unwraps an API response envelope with a notice, and positions stay in the file', () => {
    const inner = JSON.parse(collectionText())
    inner.item[0].item[1].request.header = { not: 'a list' }
    const text = JSON.stringify({ collection: inner }, null, 2)
    const header = positionOfText(text, '"header": {')
    const { file, findings } = validateCollectionText('c.json', text)
    expect(file).toBeUndefined()
    expect(findings).toEqual([
      expect.objectContaining({ level: 'notice', title: 'Collection unwrapped', ...positionOfText(text, '{', 1) }),
      expect.objectContaining({ level: 'error', title: 'Invalid Collection Format', line: header.line, column: header.column + '"header": '.length })
    ])
    const ok = validateCollectionText('c.json', JSON.stringify({ collection: JSON.parse(collectionText()) }))
    expect(ok.file?.name).toBe('Small')
    expect(ok.file?.collection).toEqual(JSON.parse(collectionText()))
    expect(ok.findings.map((finding) => finding.level)).toEqual(['notice'])
  })

  it('rejects an envelope with other properties', () => {
    const text = JSON.stringify({ collection: JSON.parse(collectionText()), meta: 1 })
    expect(validateCollectionText('c.json', text).findings).toEqual([expect.objectContaining({ level: 'error', title: 'Not a collection' })])
  })

  it.each([{ type: 'jwt' }, { type: 'asap' }, { type: 'akamai-edgegrid-future' }])(
    'warns about the auth type $type at the line of the value and keeps the file',
    ({ type }) => {
      const text = collectionText({ auth: { type, [type]: [{ key: 'algorithm', value: 'HS256', type: 'string' }] } })
      const { file, findings } = validateCollectionText('c.json', text)
      expect(file).toBeDefined()
      expect(findings).toEqual([
        expect.objectContaining({
          level: 'warning',
          title: 'Unknown Collection Format value',
          ...positionOfText(text, `"${type}"`),
          message: expect.stringContaining(`'auth.type' has the value '${type}'`)
        })
      ])
    }
  )

  it('accepts edgegrid in v2.1.0 and warns about it in v2.0.0, whose schema predates it', () => {
    const v21 = validateCollectionText('c.json', collectionText({ auth: { type: 'edgegrid', edgegrid: [] } }))
    expect(v21.findings).toEqual([])
    const v20 = validateCollectionText('c.json', collectionText({ auth: { type: 'edgegrid', edgegrid: {} } }, V20))
    expect(v20.file).toBeDefined()
    expect(warningsOf(v20.findings)).toHaveLength(1)
  })

  it.each([
    { format: 'v2.1.0', schema: V21, auth: { type: 'basic', basic: { username: 'u' } }, bad: true },
    { format: 'v2.1.0', schema: V21, auth: { type: 'basic', basic: [{ key: 'username', value: 'u' }] }, bad: false },
    { format: 'v2.0.0', schema: V20, auth: { type: 'basic', basic: { username: 'u' } }, bad: false },
    { format: 'v2.0.0', schema: V20, auth: { type: 'basic', basic: [{ key: 'username', value: 'u' }] }, bad: true }
  ])('checks auth parameters in the $format form (bad: $bad)', ({ schema, auth, bad }) => {
    const text = collectionText({ auth }, schema)
    const { file, findings } = validateCollectionText('c.json', text)
    expect(file === undefined).toBe(bad)
    const key = positionOfText(text, '"basic": ')
    const expected = `'auth.basic' must be ${schema === V21 ? 'array' : 'object'}.`
    if (bad) expect(errorsOf(findings)).toEqual([expect.objectContaining({ line: key.line, column: key.column + '"basic": '.length, message: expected })])
  })

  it.each([
    {
      case: 'a header list that is a number',
      mutate: (c: Small) => (c.item[0]!.item[0]!.request!.header = 42),
      needle: '"header": ',
      message: "'item[0].item[0].request.header' must be array or string"
    },
    { case: 'a name that is a number', mutate: (c: Small) => (c.item[0]!.item[1]!.name = 42), needle: '42', message: "'item[0].item[1].name' must be string" },
    {
      case: 'an item with neither request nor item',
      mutate: (c: Small) => delete c.item[0]!.item[1]!.request,
      needle: '{\n          "name": "Post"',
      message: "'item[0].item[1]' is missing the property 'request'; or is missing the property 'item'"
    },
    { case: 'info without name', mutate: (c: Small) => delete c.info.name, needle: '"info": ', message: "'info' is missing the property 'name'" },
    {
      case: 'an event without listen',
      mutate: (c: Small) => (c.event = [{ script: { exec: ['1'] } }]),
      needle: '{\n      "script"',
      message: "'event[0]' is missing the property 'listen'"
    }
  ])('reports $case as an error at the line of the value', ({ mutate, needle, message }) => {
    const collection = JSON.parse(collectionText())
    mutate(collection)
    const text = JSON.stringify(collection, null, 2)
    const { file, findings } = validateCollectionText('c.json', text)
    expect(file).toBeUndefined()
    const at = positionOfText(text, needle)
    const position = needle.endsWith(': ') ? { line: at.line, column: at.column + needle.length } : at
    expect(findings).toEqual([expect.objectContaining({ level: 'error', title: 'Invalid Collection Format', message: `${message}.`, ...position })])
  })

  it('lists at most 20 errors and counts the rest', () => {
    const collection = JSON.parse(collectionText())
    collection.item = Array.from({ length: 30 }, (_, index) => ({ name: index, request: 'http://127.0.0.1/' }))
    const { findings } = validateCollectionText('c.json', JSON.stringify(collection, null, 2))
    expect(findings).toHaveLength(21)
    expect(findings[20]).toMatchObject({ level: 'error', message: '10 more errors like these in this file are not listed.' })
  })

  it.each([
    { kind: 'a Postman API key', secret: fakeSecrets.postman },
    { kind: 'a GitHub token', secret: fakeSecrets.githubClassic },
    { kind: 'a GitHub token', secret: fakeSecrets.githubFineGrained }
  ])('rejects $kind at its line without repeating it', ({ kind, secret }) => {
    const collection = JSON.parse(collectionText())
    collection.item[0].item[0].request.header = [{ key: 'X-Api-Key', value: secret }]
    const text = JSON.stringify(collection, null, 2)
    const { file, findings } = validateCollectionText('c.json', text)
    expect(file).toBeUndefined()
    expect(findings).toEqual([expect.objectContaining({ level: 'error', title: 'Credential in file', ...positionOfText(text, secret) })])
    expect(findings[0]!.message).toContain(kind)
    const serialized = JSON.stringify(findings)
    expect(serialized).not.toContain(secret)
    expect(serialized).not.toContain(secret.slice(5, 25))
  })

  it.each([
    { case: 'too short', value: `${'gh'}p_${'a'.repeat(20)}` },
    { case: 'inside a longer word', value: `x${['PMAK', '0123456789abcdef01234567', '0123456789abcdef0123456789abcdef01'].join('-')}` },
    { case: 'a placeholder', value: 'PMAK-your-key-here' }
  ])('does not flag $case', ({ value }) => {
    const text = collectionText({ variable: [{ key: 'k', value }] })
    expect(validateCollectionText('c.json', text).findings).toEqual([])
  })

  it('finds a credential even in a file that is not valid JSON', () => {
    const text = `{\n  "key": "${fakeSecrets.postman}",\n}`
    const titles = validateCollectionText('c.json', text).findings.map((finding) => [finding.title, finding.line])
    expect(titles).toEqual([
      ['Credential in file', 2],
      ['Invalid JSON', 3]
    ])
  })

  it('validates a generated collection of 2,000 requests without a finding', () => {
    const collection = generateCollection(2000) as { item: Array<{ item: unknown[] }> }
    expect(collection.item).toHaveLength(40)
    expect(collection.item.reduce((sum, folder) => sum + folder.item.length, 0)).toBe(2000)
    const { file, findings } = validateCollectionText('big.json', JSON.stringify(collection, null, 2))
    expect(findings).toEqual([])
    expect(file?.collection).toEqual(collection)
  })
})
