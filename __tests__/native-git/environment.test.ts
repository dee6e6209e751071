import { describe, expect, it } from 'vitest'
import { convertV3Environment } from '../../src/content/native-git/convert-environment.js'
import { readV3Environment } from '../../src/discovery/native-git/read-environment.js'
import { VARIANTS } from './helpers.js'

const read = (name: string) => readV3Environment(`${VARIANTS}environments/${name}`, { relativeTo: VARIANTS })

describe('Native Git environments', () => {
  it('converts `values` given as a map, with values as strings', async () => {
    const { yaml, findings } = await read('Map values.environment.yaml')
    expect(findings).toEqual([])
    expect(convertV3Environment(yaml!)).toEqual({
      name: 'Map values',
      values: [
        { key: 'baseUrl', value: 'https://example.test', type: 'default', enabled: true },
        { key: 'port', value: '8080', type: 'default', enabled: true }
      ]
    })
  })

  it('converts `values` given as a list, keeps the id and drops cloud bookkeeping', async () => {
    const { yaml } = await read('List values.environment.yaml')
    expect(convertV3Environment(yaml!)).toEqual({
      id: '5e6f7a8b-1111-4222-8333-444455556666',
      name: 'List values',
      values: [
        { key: 'baseUrl', value: 'https://example.test', type: 'default', enabled: true },
        { key: 'token', value: '', type: 'secret', enabled: false }
      ]
    })
  })

  it('reports an entry without a key at its line', async () => {
    const { yaml, findings } = await read('Broken.environment.yaml')
    expect(yaml).toBeUndefined()
    expect(findings).toEqual([expect.objectContaining({ level: 'error', file: 'environments/Broken.environment.yaml', line: 3, column: 5 })])
    expect(findings[0]!.message).toMatch(/key/)
  })

  it('reports a missing file without throwing', async () => {
    const { findings } = await read('Missing.environment.yaml')
    expect(findings).toEqual([expect.objectContaining({ level: 'error', file: 'environments/Missing.environment.yaml' })])
  })
})
