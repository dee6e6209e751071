/**
 * The plan of a v3 collection names request files: the diff's item labels (`siblingLabels`, with
 * `[METHOD]` when two siblings share a name) mapped to the files the conversion read them from.
 */
import { describe, expect, it } from 'vitest'
import { diffCollections } from '../../src/content/diff.js'
import { withRequestFiles } from '../../src/content/native-git/plan-paths.js'
import type { CollectionBody } from '../../src/model/resources.js'

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'
const req = (name: string, method: string, url: string) => ({ name, request: { method, url } })

describe('withRequestFiles', () => {
  const DIR = 'postman/collections/Shop'
  const local: CollectionBody = {
    info: { name: 'Shop', schema: SCHEMA },
    item: [
      { name: 'Orders (admin)', item: [req('Get', 'GET', 'https://x.test/a'), req('Get', 'POST', 'https://x.test/b')] },
      req('Ping', 'GET', 'https://x.test/ping')
    ]
  }
  // The folder's definition names it otherwise than its directory; two requests share a name.
  const files = new Map([
    ['', `${DIR}/.resources/definition.yaml`],
    ['0', `${DIR}/orders-admin/.resources/definition.yaml`],
    ['0/0', `${DIR}/orders-admin/Get.request.yaml`],
    ['0/1', `${DIR}/orders-admin/Get 1.request.yaml`],
    ['1', `${DIR}/Ping.request.yaml`]
  ])

  it('names added and changed items by their files, folders by their directories; removed items keep their item path', () => {
    const remote: CollectionBody = {
      info: { name: 'Shop', schema: SCHEMA },
      item: [{ name: 'Orders (admin)', item: [req('Get', 'GET', 'https://x.test/old')] }, req('Gone', 'GET', 'https://x.test/gone')]
    }
    const diff = withRequestFiles(diffCollections(remote, local), local, files, DIR)
    expect(diff.added.sort()).toEqual(['Ping.request.yaml', 'orders-admin/Get 1.request.yaml'])
    expect(diff.removed).toEqual(['Gone'])
    expect(diff.changed).toEqual([{ path: 'orders-admin/Get.request.yaml', aspects: ['url'] }])
  })

  it('names a whole new folder and everything in it on a create', () => {
    const empty: CollectionBody = { info: { name: 'Shop', schema: SCHEMA }, item: [] }
    const diff = withRequestFiles(diffCollections(empty, local), local, files, DIR)
    expect(diff.added).toEqual(['orders-admin/', 'orders-admin/Get.request.yaml', 'orders-admin/Get 1.request.yaml', 'Ping.request.yaml'])
  })
})
