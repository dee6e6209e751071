import { describe, expect, it } from 'vitest'
import { convertVariant, itemAt, outline } from './helpers.js'

describe('convertV3Collection', () => {
  it('turns map and list key/values into the same v2.1 lists, with disabled and described entries kept', async () => {
    const { collection } = await convertVariant('key-values')
    expect(collection.variable).toEqual([
      { key: 'baseUrl', value: 'https://api.example.test' },
      { key: 'retries', value: 3 }
    ])
    const mapForm = itemAt(collection, 'Map form').request as Record<string, unknown>
    expect(mapForm.method).toBe('POST')
    expect(mapForm.header).toEqual([
      { key: 'Accept', value: 'application/json' },
      { key: 'X-Count', value: '5' }
    ])
    expect(mapForm.url).toEqual({
      raw: '{{baseUrl}}/items/:id?page=2',
      host: ['{{baseUrl}}'],
      path: ['items', ':id'],
      query: [{ key: 'page', value: '2' }],
      variable: [{ key: 'id', value: '42' }]
    })
    expect(mapForm.body).toEqual({
      mode: 'urlencoded',
      urlencoded: [
        { key: 'grant_type', value: 'client_credentials' },
        { key: 'scope', value: 'read' }
      ]
    })
    expect(mapForm.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] })
    const listForm = itemAt(collection, 'List form').request as Record<string, unknown>
    expect(listForm.header).toEqual([
      { key: 'Accept', value: 'application/json' },
      { key: 'X-Debug', value: '1', disabled: true, description: 'only while debugging' }
    ])
    expect((listForm.url as Record<string, unknown>).query).toEqual([
      { key: 'page', value: '2' },
      { key: 'verbose', value: 'true', disabled: true }
    ])
    expect((listForm.url as Record<string, unknown>).variable).toEqual([{ key: 'id', value: '42', description: 'the item id' }])
    expect(collection.auth).toEqual({
      type: 'apikey',
      apikey: [
        { key: 'key', value: 'X-Api-Key', type: 'string' },
        { key: 'value', value: '{{apiKey}}', type: 'string' },
        { key: 'in', value: 'header', type: 'string' }
      ]
    })
  })

  it('takes the first configuration of a multi-auth list, at collection and folder level', async () => {
    const { collection } = await convertVariant('multi-auth')
    expect(collection.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] })
    expect(itemAt(collection, 'Admin').auth).toEqual({
      type: 'basic',
      basic: [
        { key: 'username', value: 'admin', type: 'string' },
        { key: 'password', value: '{{adminPassword}}', type: 'string' }
      ]
    })
    expect((itemAt(collection, 'Public').request as Record<string, unknown>).auth).toEqual({ type: 'noauth' })
    expect((itemAt(collection, 'Admin', 'Stats').request as Record<string, unknown>).auth).toBeUndefined()
    expect(outline(collection.item)).toEqual(['Public', ['Admin', ['Stats']], 'Signed'])
  })

  it('orders by `order` list, then number, then name, and names folders without definitions by directory', async () => {
    expect(outline((await convertVariant('folder-order')).collection.item)).toEqual([['Flow', ['Create', 'Read', ['Nested', ['Inner']], 'Delete', 'Unlisted']]])
    const { collection } = await convertVariant('no-definitions')
    expect(collection.info.name).toBe('no-definitions')
    expect(outline(collection.item)).toEqual(['a request', ['b folder', ['First', 'Second']], 'c request'])
    expect((itemAt(collection, 'c request').request as Record<string, unknown>).method).toBe('GET')
  })

  it('turns examples into saved responses, in their order', async () => {
    const { collection } = await convertVariant('examples')
    const responses = itemAt(collection, 'With dot').response as Array<Record<string, unknown>>
    expect(responses.map((r) => [r.name, r.code, r.status, r.body])).toEqual([
      ['Found', 200, 'OK', '{"ok": true}'],
      ['Not found', 404, 'Not Found', '{"ok": false}']
    ])
    expect(responses[0]!.header).toEqual([{ key: 'Content-Type', value: 'application/json' }])
    expect(responses[0]!.originalRequest).toMatchObject({ method: 'GET', url: { raw: 'https://example.test/things' } })
    expect((itemAt(collection, 'Without dot').response as Array<Record<string, unknown>>)[0]).toMatchObject({ name: 'Only', code: 200, body: 'plain' })
    expect(itemAt(collection, 'Nowhere').response).toBeUndefined()
  })

  it('converts every body type, settings and ids', async () => {
    const { collection } = await convertVariant('bodies')
    expect(collection.info).toMatchObject({ _postman_id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', name: 'Bodies', description: 'Every body type.' })
    const json = itemAt(collection, 'Json')
    expect(json.id).toBe('1a2b3c4d-0000-4000-8000-000000000001')
    expect((json.request as Record<string, unknown>).body).toEqual({ mode: 'raw', raw: '{"a": 1}', options: { raw: { language: 'json' } } })
    expect(json.protocolProfileBehavior).toEqual({ strictSSL: false, disabledSystemHeaders: { 'user-agent': true } })
    const body = (name: string): unknown => (itemAt(collection, name).request as Record<string, unknown>).body
    expect(body('Text lines')).toEqual({ mode: 'raw', raw: 'first line\nsecond line' })
    expect(body('Form')).toEqual({
      mode: 'formdata',
      formdata: [
        { key: 'name', value: 'Ada', type: 'text' },
        { key: 'avatar', type: 'file', src: './avatar.png' }
      ]
    })
    expect(body('Graphql body')).toEqual({ mode: 'graphql', graphql: { query: '{ me { id } }', variables: '{"a": 1}' } })
    expect(body('File')).toEqual({ mode: 'file', file: { src: './payload.bin' } })
    expect(body('Xml')).toEqual({ mode: 'raw', raw: '<a/>', options: { raw: { language: 'xml' } } })
  })

  it('sends a graphql-request as a POST with a GraphQL body, and leaves unsupported kinds out', async () => {
    const { collection, findings } = await convertVariant('kinds')
    expect(outline(collection.item)).toEqual(['Query', 'Http'])
    expect(itemAt(collection, 'Query').request).toEqual({
      method: 'POST',
      header: [{ key: 'X-Trace', value: '1' }],
      body: { mode: 'graphql', graphql: { query: 'query Me { me { id } }', variables: '{"x": 1}' } },
      url: { raw: 'https://example.test/graphql', protocol: 'https', host: ['example', 'test'], path: ['graphql'] }
    })
    expect(findings.filter((f) => f.level === 'warning')).toHaveLength(2)
  })

  it('converts scripts to events with `\\r\\n` normalised, at collection and request level', async () => {
    const { collection } = await convertVariant('scripts')
    expect(collection.event).toEqual([
      { listen: 'prerequest', script: { type: 'text/javascript', exec: ["pm.variables.set('startedAt', Date.now())"] } },
      {
        listen: 'test',
        script: {
          type: 'text/javascript',
          exec: ["pm.test('collection-level check', function () {", '  pm.expect(pm.response.code).to.be.below(500)', '})']
        }
      }
    ])
    const exec = (name: string): unknown =>
      ((itemAt(collection, name).event as Array<{ script: { exec: string[] } }>).at(-1) as { script: { exec: string[] } }).script.exec
    const twoTests = [
      "pm.test('first', function () {",
      '  pm.expect(1).to.eql(1)',
      '})',
      '',
      "pm.test('second', function () {",
      '  pm.expect(2).to.eql(2)',
      '})'
    ]
    expect(exec('Windows quoted')).toEqual(twoTests)
    expect(exec('List of lines')).toEqual(twoTests)
    expect(exec('Folded')).toEqual(['var data = pm.response.json();', '', "pm.test('has id', function () {", '  pm.expect(data.id).to.exist;', '});', ''])
    expect(exec('Quoted multi-line')).toEqual(["pm.test('one', function () {", '   pm.expect(1).to.eql(1)', '})', "pm.test('two', function () {})"])
    expect(exec('CRLF file')).toEqual(["pm.test('crlf', function () {", '  pm.response.to.have.status(200)', '})'])
    expect((itemAt(collection, 'Literal block').event as Array<{ listen: string }>).map((e) => e.listen)).toEqual(['prerequest', 'test'])
  })

  it('names requests from their `name:` field', async () => {
    const { collection } = await convertVariant('sanitised-names')
    expect(outline(collection.item)).toEqual([
      'GET /users/{id}',
      'Time: 10:00',
      'A very long request name that Postman truncated when it wrote the file name',
      'Copy',
      'Copy'
    ])
  })
})
