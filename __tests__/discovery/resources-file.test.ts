import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
        workspaceFrom: '.postman/resources.yaml',
        collections: { 'postman/collections/Orders.postman_collection.json': '12345678-0b1c2d3e-0000-4000-8000-000000000001' },
        environments: { 'postman/environments/Dev.postman_environment.json': '12345678-76fce2d0-0000-4000-8000-000000000002' },
        lines: { 'collection:postman/collections/Orders.postman_collection.json': 5, 'environment:postman/environments/Dev.postman_environment.json': 7 },
        local: [{ kind: 'collection', path: 'api/Orders', line: 10 }]
      },
      findings: []
    })
  })

  it.each([
    { case: 'a bare workspace id', yaml: 'workspace: ws-1\n', workspace: 'ws-1', collections: {} },
    { case: 'an empty workspace id (no workspace chosen yet)', yaml: 'workspace:\n  id: ""\n', workspace: undefined, collections: {} },
    { case: 'a null workspace id', yaml: 'workspace:\n  id:\n', workspace: undefined, collections: {} },
    {
      case: 'a root-relative path that exists',
      yaml: 'cloudResources:\n  collections:\n    api/Users.postman_collection.json: 00000000-0000-4000-8000-000000000001\n',
      workspace: undefined,
      collections: { 'api/Users.postman_collection.json': '00000000-0000-4000-8000-000000000001' }
    },
    {
      case: 'an absolute path inside the repository',
      yaml: `cloudResources:\n  collections:\n    ${'REPO'}/api/Users.postman_collection.json: 1234-00000000-0000-4000-8000-000000000002\n`,
      workspace: undefined,
      collections: { 'api/Users.postman_collection.json': '1234-00000000-0000-4000-8000-000000000002' }
    },
    {
      case: 'a path to a file not yet created, from .postman/',
      yaml: 'cloudResources:\n  collections:\n    ../new/New.postman_collection.json: 00000000-0000-4000-8000-000000000003\n',
      workspace: undefined,
      collections: { 'new/New.postman_collection.json': '00000000-0000-4000-8000-000000000003' }
    },
    { case: 'empty sections', yaml: 'cloudResources:\n  collections:\n  environments: {}\n', workspace: undefined, collections: {} },
    { case: 'an empty file', yaml: '', workspace: undefined, collections: {} }
  ])('reads $case', async ({ yaml, workspace, collections }) => {
    writeResources(yaml.replace('REPO', repo))
    const { map, findings } = await readResourcesMap(repo)
    expect(findings).toEqual([])
    expect({ workspace: map?.workspace, collections: map?.collections, environments: map?.environments }).toEqual({ workspace, collections, environments: {} })
  })

  it('drops entries that leave the repository, with a warning at their line', async () => {
    writeResources(
      [
        'cloudResources:',
        '  collections:',
        '    ../../outside.json: c-1',
        '    /etc/passwd: c-2',
        '    ../api/Users.postman_collection.json: 00000000-0000-4000-8000-000000000003',
        ''
      ].join('\n')
    )
    const { map, findings } = await readResourcesMap(repo)
    expect(map?.collections).toEqual({ 'api/Users.postman_collection.json': '00000000-0000-4000-8000-000000000003' })
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

describe('readResourcesMap: the forms Native Git repositories write', () => {
  const DOT_POSTMAN = nodePath.join(import.meta.dirname, '../fixtures/native-git/dot-postman')
  const realFile = (tree: string, name = 'resources.yaml'): string => readFileSync(nodePath.join(DOT_POSTMAN, tree, name), 'utf8')
  const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

  function makeDirs(...dirs: string[]): void {
    for (const dir of dirs) mkdirSync(nodePath.join(repo, dir), { recursive: true })
  }

  it('maps v3 collection directories and YAML environments, each with the line of its entry', async () => {
    makeDirs('postman/collections/Acme Flights API', 'postman/collections/Acme Flights API Copy')
    writeResources(realFile('anothererikjames+acme-flights-api'))
    const { map, findings } = await readResourcesMap(repo)
    expect(findings).toEqual([])
    expect(map?.workspace).toBe('37eae555-29e7-4cc0-9f33-b7158bf1e542')
    expect(map?.collections['postman/collections/Acme Flights API']).toBe('ae2421de-844b-4ace-90a4-9d6e842a680c')
    expect(map?.collections['postman/collections/Acme Flights API Copy']).toBe('7d1f104f-c8b7-454b-8be6-cbd6451ec7d5')
    expect(map?.environments['postman/environments/Flights API — Staging.environment.yaml']).toBe('52274286-e10ca5da-728b-4577-8e55-f421d2ccc499')
    const text = realFile('anothererikjames+acme-flights-api').split('\n')
    const lineOf = (needle: string): number => text.findIndex((l) => l.includes(needle)) + 1
    expect(map?.lines?.['collection:postman/collections/Acme Flights API']).toBe(lineOf('Acme Flights API: '))
    expect(map?.lines?.['environment:postman/environments/Flights API — Production.environment.yaml']).toBe(lineOf('Production.environment.yaml'))
  })

  it.each([
    ['AdguardTeam+HostlistCompiler', '6ecd702e-33b6-4860-86b4-e32f7e65a5b1', 1, 0],
    ['AdguardTeam+HostlistCompiler@974dd653', '6ecd702e-33b6-4860-86b4-e32f7e65a5b1', 3, 2],
    ['DannyDainton+library-api', 'e45a25d3-83ab-44ab-81cf-70ede59fb8ea', 0, 0],
    ['Postman-James+hcsc-demo', 'f69ec198-a27b-4c19-9d80-d3cec8ffbd53', 1, 0],
    ['PostmanAcademy+UserAPI-Vinay-For-Training', undefined, 1, 1],
    ['anothererikjames+acme-flights-api', '37eae555-29e7-4cc0-9f33-b7158bf1e542', 3, 3],
    ['jasonspriggs+postman-provisions-demo-template', '8dc9f8ae-3504-445c-a671-cf151df0b7b0', 3, 1],
    ['josephmassie-postman+postman_actions_sandbox', '80a3c108-58c1-49d3-9c06-ace26e9a2f53', 1, 2]
  ])('reads the real file of %s without a finding (workspace %s, %i collections, %i environments)', async (tree, workspace, collections, environments) => {
    writeResources(realFile(tree))
    const { map, findings } = await readResourcesMap(repo)
    // Specs, `localResources` paths this repository lacks, `version: 2`, null sections: no finding.
    expect(findings).toEqual([])
    expect(map?.workspace).toBe(workspace)
    expect(Object.keys(map?.collections ?? {})).toHaveLength(collections)
    expect(Object.keys(map?.environments ?? {})).toHaveLength(environments)
    expect(Object.keys(map?.lines ?? {})).toHaveLength(collections + environments)
  })

  it('reads `version: 2` with `canonical:`, and `\\` separators as `/`', async () => {
    makeDirs('postman/collections/Orders')
    writeResources(
      [
        'version: 2',
        'workspace:',
        `  id: ${uuid(9)}`,
        'canonical:',
        '  collections:',
        `    ..\\postman\\collections\\Orders: 1234-${uuid(1)}`,
        '  environments:',
        `    ..\\postman\\environments\\Dev.environment.yaml: ${uuid(2)}`,
        '  specs:',
        `    ..\\api\\openapi.yaml: ${uuid(3)}`,
        ''
      ].join('\n')
    )
    const { map, findings } = await readResourcesMap(repo)
    expect(findings).toEqual([])
    expect(map).toMatchObject({
      workspace: uuid(9),
      collections: { 'postman/collections/Orders': `1234-${uuid(1)}` },
      environments: { 'postman/environments/Dev.environment.yaml': uuid(2) },
      lines: { 'collection:postman/collections/Orders': 6, 'environment:postman/environments/Dev.environment.yaml': 8 }
    })
  })

  it('reads a missing or null cloudResources as no mapping', async () => {
    for (const text of [
      `workspace:\n  id: ${uuid(1)}\n`,
      `workspace:\n  id: ${uuid(1)}\ncloudResources:\n`,
      'cloudResources:\n  collections:\n  environments:\n'
    ]) {
      writeResources(text)
      const { map, findings } = await readResourcesMap(repo)
      expect(findings).toEqual([])
      expect(map?.collections).toEqual({})
      expect(map?.environments).toEqual({})
    }
  })

  it('reports an id the public API may not serve (24 hex digits) at its line, naming the file, and keeps the other entries', async () => {
    makeDirs('postman/collections/Native', 'postman/collections/Classic')
    writeResources(
      [
        'cloudResources:',
        '  collections:',
        '    ../postman/collections/Native: 65f1c2d3e4f5a6b7c8d9e0f1',
        `    ../postman/collections/Classic: ${uuid(1)}`,
        ''
      ].join('\n')
    )
    const { map, findings } = await readResourcesMap(repo)
    expect(map?.collections).toEqual({ 'postman/collections/Native': '65f1c2d3e4f5a6b7c8d9e0f1', 'postman/collections/Classic': uuid(1) })
    expect(findings).toEqual([
      expect.objectContaining({
        level: 'warning',
        file: '.postman/resources.yaml',
        line: 3,
        title: 'Id the Postman API may not serve',
        message: expect.stringContaining('postman/collections/Native')
      })
    ])
  })

  it('lists localResources paths with their lines, ignoring specs', async () => {
    makeDirs('tests/E2E Test Collection')
    writeResources(
      [
        'localResources:',
        '  collections:',
        '    - ../tests/E2E Test Collection/',
        '    - ..\\docs\\postman\\postman-collection.json',
        '  environments:',
        '    - ../docs/postman/postman-environment.json',
        '  specs:',
        '    - ../docs/api/openapi.yaml',
        ''
      ].join('\n')
    )
    const { map, findings } = await readResourcesMap(repo)
    expect(findings).toEqual([])
    expect(map?.local).toEqual([
      { kind: 'collection', path: 'tests/E2E Test Collection', line: 3 },
      { kind: 'collection', path: 'docs/postman/postman-collection.json', line: 4 },
      { kind: 'environment', path: 'docs/postman/postman-environment.json', line: 6 }
    ])
  })
})

describe('readResourcesMap: the older .postman/config.json', () => {
  function writeConfig(text: string): void {
    mkdirSync(nodePath.join(repo, '.postman'), { recursive: true })
    writeFileSync(nodePath.join(repo, '.postman/config.json'), text)
  }

  it.each([
    ['Postman-James+hcsc-demo', 'f69ec198-a27b-4c19-9d80-d3cec8ffbd53'],
    ['anothererikjames+acme-flights-api', '37eae555-29e7-4cc0-9f33-b7158bf1e542']
  ])('names the workspace when there is no resources.yaml (%s)', async (tree, workspace) => {
    writeConfig(readFileSync(nodePath.join(import.meta.dirname, '../fixtures/native-git/dot-postman', tree, 'config.json'), 'utf8'))
    expect(await readResourcesMap(repo)).toEqual({ map: { workspace, workspaceFrom: '.postman/config.json', collections: {}, environments: {} }, findings: [] })
  })

  it('is not read beside a resources.yaml', async () => {
    writeConfig('{"workspaceId": "from-config"}')
    writeResources('workspace:\n  id: from-resources\n')
    expect((await readResourcesMap(repo)).map?.workspace).toBe('from-resources')
  })

  it('is a warning at its line when it is not JSON, and names no workspace', async () => {
    writeConfig('{\n  "workspaceId": \n}\n')
    const { map, findings } = await readResourcesMap(repo)
    expect(map).toBeUndefined()
    expect(findings).toEqual([expect.objectContaining({ level: 'warning', file: '.postman/config.json', line: 3 })])
  })
})
