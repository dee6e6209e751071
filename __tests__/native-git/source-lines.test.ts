import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { convertV3Collection, scriptKey, type ScriptSource } from '../../src/content/native-git/convert-collection.js'
import { readV3Collection } from '../../src/discovery/native-git/read-collection.js'
import { convertVariant, itemAt, lineOf, NATIVE_GIT } from './helpers.js'

type Exec = { listen: string; script: { exec: string[] } }

/** The source of the last event of a request (the converter keys scripts by index path). */
function sourceOf(sources: Map<string, ScriptSource>, path: number[], listen: 'prerequest' | 'test'): ScriptSource {
  const source = sources.get(scriptKey(path, listen))
  if (source === undefined) throw new Error(`no source for ${path.join('/')} ${listen}`)
  return source
}

describe('script source lines', () => {
  it('maps each line of every script form to its line in the YAML file', async () => {
    const { collection, sources } = await convertVariant('scripts')
    const names = (collection.item as Array<{ name: string }>).map((i) => i.name)
    const at = (name: string, listen: 'prerequest' | 'test' = 'test') => sourceOf(sources, [names.indexOf(name)], listen)
    // Literal block: one line per line, blank lines included (the code starts on line 12); with
    // `|` (not `|-`) the code ends with a line break, whose empty last line is the next one.
    expect(at('Literal block')).toEqual({ file: 'scripts/Literal block.request.yaml', names: ['Literal block'], lines: [12, 13, 14, 15, 16, 17, 18] })
    expect(at('Literal block', 'prerequest').lines).toEqual([7, 8, 9])
    // A list of lines: one element per line.
    expect(at('List of lines').lines).toEqual([7, 8, 9, 10, 11, 12, 13])
    // `\r\n` escapes inside one double-quoted line: every code line is on that line.
    expect(at('Windows quoted').lines).toEqual([6, 6, 6, 6, 6, 6, 6])
    // Folded block: the blank source lines make the line breaks; the last entry is the final break.
    expect(at('Folded').lines).toEqual([7, 9, 10, 11, 12, 12])
    // Double-quoted over several lines: a `\n` escape ending line 6 (the next code line starts on
    // line 7), another inside line 7, and a blank line (a line break) before line 9.
    expect(at('Quoted multi-line').lines).toEqual([6, 7, 7, 9])
    expect(at('CRLF file').lines).toEqual([7, 8, 9])
    // Collection-level scripts come from the definition.
    expect(sourceOf(sources, [], 'prerequest')).toEqual({ file: 'scripts/.resources/definition.yaml', names: [], lines: [6] })
    expect(sourceOf(sources, [], 'test').lines).toEqual([10, 11, 12])
    // The mapped lines hold the code lines they are said to hold.
    const literal = (itemAt(collection, 'Literal block').event as Exec[])[1]!.script.exec
    at('Literal block').lines.forEach((line, i) => expect(lineOf('scripts/Literal block.request.yaml', line).trim()).toBe(literal[i]!.trim()))
  })

  it('records the file of each item', async () => {
    const { files } = await convertVariant('multi-auth')
    expect(Object.fromEntries(files)).toEqual({
      '': 'multi-auth/.resources/definition.yaml',
      '0': 'multi-auth/Public.request.yaml',
      '1': 'multi-auth/Admin/.resources/definition.yaml',
      '1/0': 'multi-auth/Admin/Stats.request.yaml',
      '2': 'multi-auth/Signed.request.yaml'
    })
  })
})

/** Every collection directory of the real and migrated fixture trees. */
function fixtureCollections(): string[] {
  const dirs: string[] = []
  for (const repo of readdirSync(`${NATIVE_GIT}corpus`)) {
    const base = `${NATIVE_GIT}corpus/${repo}/postman/collections/`
    for (const entry of readdirSync(base, { withFileTypes: true })) if (entry.isDirectory()) dirs.push(`${base}${entry.name}`)
  }
  for (const name of readdirSync(`${NATIVE_GIT}migrated`)) dirs.push(`${NATIVE_GIT}migrated/${name}`)
  return dirs.sort()
}

/** How a code line's start appears in YAML source: as is, or with double-quote escapes. */
function appearsIn(sourceLine: string, codeLine: string): boolean {
  const start = codeLine.trim().slice(0, 8)
  return sourceLine.includes(start) || sourceLine.includes(JSON.stringify(start).slice(1, -1))
}

describe('script source lines on every real and migrated tree', () => {
  it.each(fixtureCollections().map((d) => [d.slice(NATIVE_GIT.length), d]))('%s: each code line is on its mapped line', async (_name, dir) => {
    const { tree } = await readV3Collection(dir, { relativeTo: NATIVE_GIT })
    const { collection, sources } = convertV3Collection(tree)
    const texts = new Map<string, string[]>()
    const lines = (file: string): string[] => {
      if (!texts.has(file)) texts.set(file, readFileSync(`${NATIVE_GIT}${file}`, 'utf8').split(/\r?\n/))
      return texts.get(file)!
    }
    let checked = 0
    for (const [key, source] of sources) {
      const [path, listen, index] = key.split('#')
      let holder: { item?: unknown[]; event?: Exec[] } = collection
      for (const i of path === '' ? [] : path!.split('/').map(Number)) holder = (holder.item as never[])[i]!
      const exec = (holder.event ?? []).filter((e) => e.listen === listen)[Number(index)]!.script.exec
      expect(source.lines).toHaveLength(exec.length)
      exec.forEach((code, i) => {
        if (code.trim() === '') return
        expect(appearsIn(lines(source.file)[source.lines[i]! - 1]!, code), `${source.file}:${source.lines[i]} should hold ${code}`).toBe(true)
        checked++
      })
    }
    if (sources.size > 0) expect(checked).toBeGreaterThan(0)
  })
})
