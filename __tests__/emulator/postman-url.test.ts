/** The URL string → object rewrite the emulator applies on store, as a table. */
import { describe, expect, it } from 'vitest'
import { parsePostmanUrl } from '../../emulator/postman-url.js'

describe('parsePostmanUrl', () => {
  it.each([
    ['{{baseUrl}}/users', { raw: '{{baseUrl}}/users', host: ['{{baseUrl}}'], path: ['users'] }],
    [
      '{{baseUrl}}/users/:id?x=1',
      {
        raw: '{{baseUrl}}/users/:id?x=1',
        host: ['{{baseUrl}}'],
        path: ['users', ':id'],
        query: [{ key: 'x', value: '1' }],
        variable: [{ key: 'id', value: '' }]
      }
    ],
    ['https://api.example.com/v1/', { raw: 'https://api.example.com/v1/', protocol: 'https', host: ['api', 'example', 'com'], path: ['v1', ''] }],
    ['http://localhost:3000', { raw: 'http://localhost:3000', protocol: 'http', host: ['localhost'], port: '3000' }],
    ['{{host.name}}:{{port}}/a#frag', { raw: '{{host.name}}:{{port}}/a#frag', host: ['{{host.name}}'], port: '{{port}}', path: ['a'], hash: 'frag' }],
    [
      '//httpbin.org/post?random=yeah&flag',
      {
        raw: '//httpbin.org/post?random=yeah&flag',
        host: ['httpbin', 'org'],
        path: ['post'],
        query: [
          { key: 'random', value: 'yeah' },
          { key: 'flag', value: null }
        ]
      }
    ],
    ['{{baseUrl}}/{{path}}/x', { raw: '{{baseUrl}}/{{path}}/x', host: ['{{baseUrl}}'], path: ['{{path}}', 'x'] }],
    ['{{fullUrl}}', { raw: '{{fullUrl}}', host: ['{{fullUrl}}'] }]
  ])('%s', (raw, expected) => {
    expect(parsePostmanUrl(raw)).toEqual(expected)
  })
})
