import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { convertV3Collection } from '../../src/content/native-git/convert-collection.js'
import { readV3Collection } from '../../src/discovery/native-git/read-collection.js'
import { parseYamlFile } from '../../src/discovery/native-git/yaml-file.js'
import { levelOf, lineOf, outline, readVariant } from './helpers.js'

describe('parseYamlFile', () => {
  it('reports an unquoted `{{var}}/path` at the line and column where YAML stops', () => {
    const { findings } = parseYamlFile('r.request.yaml', '$kind: http-request\nurl: {{baseUrl}}/health\n')
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ level: 'error', file: 'r.request.yaml', line: 2, column: 17 })
    expect(findings[0]!.message).toMatch(/must be quoted/)
  })

  it('reports an unquoted `{{var}}` alone (YAML accepts it as a flow mapping) at the value', () => {
    const { findings, yaml } = parseYamlFile('r.request.yaml', '$kind: http-request\nurl: {{baseUrl}}\n')
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ level: 'error', line: 2, column: 6 })
    expect(findings[0]!.message).toMatch(/quote the whole value/)
    expect(yaml.data).toBeUndefined()
  })

  it('parses a valid file into plain data', () => {
    const { findings, yaml } = parseYamlFile('r.request.yaml', '$kind: http-request\nurl: "{{baseUrl}}"\n')
    expect(findings).toEqual([])
    expect(yaml.data).toEqual({ $kind: 'http-request', url: '{{baseUrl}}' })
  })

  it('reports nesting too deep for the parser as an error, without throwing', () => {
    const text = `$kind: http-request\nurl: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`
    const { findings, yaml } = parseYamlFile('r.request.yaml', text)
    expect(findings[0]).toMatchObject({ level: 'error', line: 2 })
    expect(yaml.data).toBeUndefined()
  })

  it('reports a duplicate key at its line', () => {
    const { findings } = parseYamlFile('r.request.yaml', '$kind: http-request\nurl: a\nurl: b\n')
    expect(findings[0]).toMatchObject({ level: 'error', line: 3 })
  })
})

describe('readV3Collection on the variants of the format', () => {
  it('accepts key/value lists both as maps and as lists', async () => {
    const { findings, tree } = await readVariant('key-values')
    expect(findings).toEqual([])
    expect(outline(tree.root.children as never)).toEqual(['Map form', 'List form'])
  })

  it('accepts multi-auth definitions and credentials as lists', async () => {
    const { findings, tree } = await readVariant('multi-auth')
    expect(findings).toEqual([])
    expect(tree.root.name).toBe('Multi auth')
  })

  it('reads a collection and folders without definitions, ordered by name', async () => {
    const { findings, tree } = await readVariant('no-definitions')
    expect(findings).toEqual([])
    expect(tree.root.name).toBe('no-definitions')
    expect(tree.root.definition).toBeUndefined()
    const names = tree.root.children.map((c) => (c.kind === 'folder' ? [c.name, c.children.map((g) => g.name)] : c.name))
    expect(names).toEqual(['a request', ['b folder', ['First', 'Second']], 'c request'])
  })

  it('orders the children of a `$kind: folder` by its `order` list, then the unlisted by name', async () => {
    const { findings, tree } = await readVariant('folder-order')
    expect(findings).toEqual([])
    const flow = tree.root.children[0]!
    expect(flow.kind === 'folder' && flow.children.map((c) => c.name)).toEqual(['Create', 'Read', 'Nested', 'Delete', 'Unlisted'])
  })

  it('follows `examples:` with and without `./`, and notes one that points nowhere', async () => {
    const { findings, tree } = await readVariant('examples')
    const requests = Object.fromEntries(tree.root.children.map((c) => [c.name, c.kind === 'request' ? c.examples.map((e) => e.file) : []]))
    expect(requests['With dot']).toEqual([
      'examples/.resources/With dot.resources/examples/a.example.yaml',
      'examples/.resources/With dot.resources/examples/b.example.yaml'
    ])
    expect(requests['Without dot']).toEqual(['examples/.resources/Without dot.resources/examples/Only.example.yaml'])
    expect(requests.Nowhere).toEqual([])
    expect(findings).toEqual([expect.objectContaining({ level: 'notice', file: 'examples/Nowhere.request.yaml', line: 4, column: 11 })])
    expect(lineOf('examples/Nowhere.request.yaml', 4)).toMatch(/^examples:/)
  })

  it('refuses an `examples:` path that leaves the collection directory', async () => {
    const { findings } = await readVariant('examples-outside')
    expect(findings).toEqual([expect.objectContaining({ level: 'error', file: 'examples-outside/Outside.request.yaml', line: 4 })])
    expect(findings[0]!.message).toMatch(/outside the collection/)
  })

  it('names requests by their `name:` field when the file name was sanitised', async () => {
    const { findings, tree } = await readVariant('sanitised-names')
    expect(findings).toEqual([])
    expect(tree.root.children.map((c) => c.name)).toEqual([
      'GET /users/{id}',
      'Time: 10:00',
      'A very long request name that Postman truncated when it wrote the file name',
      'Copy',
      'Copy'
    ])
  })

  it('reads scripts in every form: block, folded, quoted, lists of lines, CRLF files', async () => {
    const { findings, tree } = await readVariant('scripts')
    expect(findings).toEqual([])
    expect(tree.root.children).toHaveLength(6)
  })

  it('skips unsupported request kinds with a warning per file at its `$kind`, and keeps the rest', async () => {
    const { findings, tree } = await readVariant('kinds')
    expect(levelOf(findings, 'error')).toEqual([])
    expect(levelOf(findings, 'warning')).toEqual([
      expect.objectContaining({ file: 'kinds/Rpc.request.yaml', line: 1, column: 8 }),
      expect.objectContaining({ file: 'kinds/Socket.request.yaml', line: 1, column: 8 })
    ])
    expect(findings[0]!.message).toMatch(/grpc-request/)
    expect(findings[0]!.title).toBe('Unsupported request kind')
    expect(tree.root.children.map((c) => c.name)).toEqual(['Query', 'Http'])
  })

  it('reports invalid YAML and schema errors at their lines, and keeps the valid files', async () => {
    const { findings, tree } = await readVariant('invalid')
    const errors = levelOf(findings, 'error').map((f) => [f.file, f.line, f.column])
    expect(errors).toEqual([
      ['invalid/Unquoted suffix.request.yaml', 3, 17],
      ['invalid/Unquoted whole.request.yaml', 3, 6],
      ['invalid/Wrong types.request.yaml', 4, 3],
      ['invalid/Wrong types.request.yaml', 7, 11]
    ])
    expect(lineOf('invalid/Wrong types.request.yaml', 7)).toBe('    code: 42')
    expect(tree.root.children.map((c) => c.name)).toEqual(['Fine'])
  })
})

describe('readV3Collection depth bound', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  async function nested(levels: number): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'v3-depth-'))
    dirs.push(root)
    let dir = join(root, 'c')
    for (let i = 0; i < levels; i++) dir = join(dir, 'f')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'Deep.request.yaml'), '$kind: http-request\nurl: https://example.test/deep\n')
    return root
  }

  it('reads 500 levels of folders', async () => {
    const root = await nested(500)
    const { findings, tree } = await readV3Collection(join(root, 'c'), { relativeTo: root })
    expect(findings).toEqual([])
    let node = tree.root
    let depth = 0
    while (node.children[0]?.kind === 'folder') {
      node = node.children[0]
      depth++
    }
    expect(depth).toBe(500)
    expect(node.children[0]).toMatchObject({ kind: 'request', name: 'Deep' })
    // The converter walks it without recursion, and the result serialises.
    const { collection, files } = convertV3Collection(tree)
    expect(JSON.parse(JSON.stringify(collection)).info.name).toBe('c')
    expect(files.get(Array(501).fill(0).join('/'))).toBe(`c${'/f'.repeat(500)}/Deep.request.yaml`)
  })

  it('stops at the folder where the bound is crossed, with an error naming it', async () => {
    const root = await nested(501)
    const { findings } = await readV3Collection(join(root, 'c'), { relativeTo: root })
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ level: 'error', file: `c${'/f'.repeat(500)}` })
    expect(findings[0]!.message).toMatch(/deeper than 500 levels/)
  })

  it('honours a smaller bound', async () => {
    const root = await nested(3)
    const { findings } = await readV3Collection(join(root, 'c'), { relativeTo: root, maxDepth: 2 })
    expect(findings).toEqual([expect.objectContaining({ level: 'error', file: 'c/f/f' })])
  })
})
