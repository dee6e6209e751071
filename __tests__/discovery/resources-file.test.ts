import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readResourcesMap } from '../../src/discovery/resources-file.js'

let base: string
let repo: string

beforeEach(() => {
  base = mkdtempSync(nodePath.join(tmpdir(), 'resources-'))
  repo = nodePath.join(base, 'repo')
  for (const file of [
    'postman/collections/Orders.postman_collection.json',
    'postman/environments/Dev.postman_environment.json',
    'api/Users.postman_collection.json'
  ]) {
    mkdirSync(nodePath.dirname(nodePath.join(repo, file)), { recursive: true })
    writeFileSync(nodePath.join(repo, file), '{}')
  }
})
afterEach(() => rmSync(base, { recursive: true, force: true }))

function writeResources(text: string): void {
  mkdirSync(nodePath.join(repo, '.postman'), { recursive: true })
  writeFileSync(nodePath.join(repo, '.postman/resources.yaml'), text)
}

describe('readResourcesMap', () => {
  it('returns no map and no finding without the file', async () => {
    expect(await readResourcesMap(repo)).toEqual({ findings: [] })
  })

  it('reads the Postman CLI format, paths relative to .postman/', async () => {
    writeResources(
      [
        'workspace:',
        '  id: 8d00dc0f-cd89-4d04-a828-ae8284c8b4fe',
        'cloudResources:',
        '  collections:',
        '    ../postman/collections/Orders.postman_collection.json: 12345678-0b1c2d3e-0000-4000-8000-000000000001',
        '  environments:',
        '    ../postman/environments/Dev.postman_environment.json: 12345678-76fce2d0-0000-4000-8000-000000000002',
        'localResources:',
        '  collections:',
        '    - ../api/Orders',
        ''
      ].join('\n')
    )
    expect(await readResourcesMap(repo)).toEqual({
      map: {
        workspace: '8d00dc0f-cd89-4d04-a828-ae8284c8b4fe',
        collections: { 'postman/collections/Orders.postman_collection.json': '12345678-0b1c2d3e-0000-4000-8000-000000000001' },
        environments: { 'postman/environments/Dev.postman_environment.json': '12345678-76fce2d0-0000-4000-8000-000000000002' }
      },
      findings: []
    })
  })

  it.each([
    { case: 'a bare workspace id', yaml: 'workspace: ws-1\n', workspace: 'ws-1', collections: {} },
    {
      case: 'a root-relative path that exists',
      yaml: 'cloudResources:\n  collections:\n    api/Users.postman_collection.json: c-1\n',
      workspace: undefined,
      collections: { 'api/Users.postman_collection.json': 'c-1' }
    },
    {
      case: 'an absolute path inside the repository',
      yaml: `cloudResources:\n  collections:\n    ${'REPO'}/api/Users.postman_collection.json: c-2\n`,
      workspace: undefined,
      collections: { 'api/Users.postman_collection.json': 'c-2' }
    },
    {
      case: 'a path to a file not yet created, from .postman/',
      yaml: 'cloudResources:\n  collections:\n    ../new/New.postman_collection.json: c-3\n',
      workspace: undefined,
      collections: { 'new/New.postman_collection.json': 'c-3' }
    },
    { case: 'empty sections', yaml: 'cloudResources:\n  collections:\n  environments: {}\n', workspace: undefined, collections: {} },
    { case: 'an empty file', yaml: '', workspace: undefined, collections: {} }
  ])('reads $case', async ({ yaml, workspace, collections }) => {
    writeResources(yaml.replace('REPO', repo))
    const { map, findings } = await readResourcesMap(repo)
    expect(findings).toEqual([])
    expect(map).toEqual({ ...(workspace === undefined ? {} : { workspace }), collections, environments: {} })
  })

  it('drops entries that leave the repository, with a warning at their line', async () => {
    writeResources(
      ['cloudResources:', '  collections:', '    ../../outside.json: c-1', '    /etc/passwd: c-2', '    ../api/Users.postman_collection.json: c-3', ''].join(
        '\n'
      )
    )
    const { map, findings } = await readResourcesMap(repo)
    expect(map?.collections).toEqual({ 'api/Users.postman_collection.json': 'c-3' })
    expect(findings.map(({ level, file, line, column, title }) => ({ level, file, line, column, title }))).toEqual([
      { level: 'warning', file: '.postman/resources.yaml', line: 3, column: 5, title: 'Resources entry outside the repository' },
      { level: 'warning', file: '.postman/resources.yaml', line: 4, column: 5, title: 'Resources entry outside the repository' }
    ])
  })

  it.each([
    { case: 'bad indentation', yaml: 'workspace:\n  id: a\n cloudResources: [\n', line: 3 },
    { case: 'an unclosed flow sequence', yaml: 'cloudResources:\n  collections: [a, b\nworkspace: x\n', line: 3 },
    { case: 'a tab indent', yaml: 'workspace:\n\tid: x\n', line: 2 }
  ])('reports invalid YAML ($case) at its line', async ({ yaml, line }) => {
    writeResources(yaml)
    const { map, findings } = await readResourcesMap(repo)
    expect(map).toBeUndefined()
    expect(findings.length).toBeGreaterThan(0)
    expect(findings[0]).toMatchObject({ level: 'error', kind: 'invalid-file', file: '.postman/resources.yaml', title: 'Invalid YAML', line })
  })

  it.each([
    { case: 'a list at the root', yaml: '- a\n- b\n', line: 1, title: 'Invalid resources file' },
    { case: 'cloudResources as a list', yaml: 'workspace: w\ncloudResources:\n  - a\n', line: 3, title: 'Invalid resources file' },
    { case: 'a workspace without id', yaml: 'workspace:\n  name: x\n', line: 2, title: 'Invalid resources file' },
    { case: 'collections as a string', yaml: 'cloudResources:\n  collections: abc\n', line: 2, title: 'Invalid resources file' },
    { case: 'an entry without id', yaml: 'cloudResources:\n  collections:\n    a.json:\n', line: 3, title: 'Invalid resources entry' }
  ])('reports $case at its line', async ({ yaml, line, title }) => {
    writeResources(yaml)
    const { findings } = await readResourcesMap(repo)
    expect(findings).toEqual([expect.objectContaining({ file: '.postman/resources.yaml', title, line })])
  })
})
