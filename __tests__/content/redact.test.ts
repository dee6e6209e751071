import { describe, expect, it } from 'vitest'
import type { CollectionBody } from '../../src/postman/api.js'
import { redactCollection, redactEnvironment } from '../../src/content/redact.js'
import { col, corpusCollections, folder, req } from './helpers.js'

const SECRETS = ['bearer-SECRET-1', 'basic-SECRET-2', 'apikey-SECRET-3', 'oauth-SECRET-4', 'query-SECRET-5', 'header-SECRET-6', 'raw-SECRET-7', 'v20-SECRET-8']

function withSecrets(): CollectionBody {
  return col(
    [
      folder(
        'F',
        [
          req('bearer', 'GET', { auth: { type: 'bearer', bearer: [{ key: 'token', value: SECRETS[0], type: 'string' }] } }),
          req('basic', 'GET', {
            auth: {
              type: 'basic',
              basic: [
                { key: 'username', value: 'alice' },
                { key: 'password', value: SECRETS[1] }
              ]
            }
          }),
          req('query', 'GET', {
            url: {
              raw: `https://x.test/a?api_key=${SECRETS[4]}&page=2&token=${SECRETS[6]}`,
              query: [
                { key: 'api_key', value: SECRETS[4] },
                { key: 'page', value: '2' },
                { key: 'token', value: SECRETS[6] }
              ]
            },
            header: [
              { key: 'Authorization', value: `Bearer ${SECRETS[5]}` },
              { key: 'Accept', value: 'application/json' }
            ]
          }),
          req(
            'v2.0 auth',
            'GET',
            { auth: { type: 'bearer', bearer: { token: SECRETS[7] } } },
            { response: [{ name: 'OK', originalRequest: { url: `https://x.test/?key=${SECRETS[4]}` } }] }
          )
        ],
        {
          auth: {
            type: 'oauth2',
            oauth2: [
              { key: 'clientSecret', value: SECRETS[3] },
              { key: 'grant_type', value: 'client_credentials' }
            ]
          }
        }
      )
    ],
    {
      auth: {
        type: 'apikey',
        apikey: [
          { key: 'key', value: 'X-Api-Key' },
          { key: 'value', value: SECRETS[2] },
          { key: 'in', value: 'header' }
        ]
      }
    }
  )
}

describe('redactCollection', () => {
  it('blanks auth attributes, secret query values and credential headers at every level', () => {
    const text = JSON.stringify(redactCollection(withSecrets()))
    for (const secret of SECRETS) expect(text).not.toContain(secret)
  })

  it('keeps what names rather than holds, and everything else', () => {
    const out = redactCollection(withSecrets())
    const text = JSON.stringify(out)
    for (const kept of ['alice', 'X-Api-Key', 'client_credentials', 'page=2', 'application/json', '"header"']) expect(text).toContain(kept)
    expect(JSON.stringify(withSecrets())).toContain(SECRETS[0]) // the input is untouched
  })

  it.each(corpusCollections())('%s: the structure is unchanged', (_file, c) => {
    const out = redactCollection(c)
    const shape = (x: unknown): unknown =>
      Array.isArray(x) ? x.map(shape) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, shape(v)])) : typeof x
    expect(shape(out)).toEqual(shape(c))
  })
})

describe('redactEnvironment', () => {
  it('blanks secret (any case) and vault-linked values only', () => {
    const out = redactEnvironment({
      name: 'E',
      values: [
        { key: 's', value: 'S1', type: 'Secret ' },
        { key: 'v', value: 'S2', secret: true, source: { provider: 'p' } },
        { key: 'p', value: 'plain' }
      ]
    })
    expect(out.values.map((v) => v.value)).toEqual(['', '', 'plain'])
  })
})
