/**
 * Rewrites the inputs and outputs tables of README.md from action.yml (`npm run docs`), so the
 * README cannot drift from the interface workflows actually get. Only the text between the
 * `<!-- inputs:start -->`/`<!-- inputs:end -->` and `<!-- outputs:start -->`/`<!-- outputs:end -->`
 * markers is touched, and each `<!-- file:PATH -->` … `<!-- /file -->` block, which gets the
 * repository file PATH as a code block (the copy-paste workflows stay the tested files).
 * `__tests__/interface/docs.test.ts` fails when the committed README differs.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'

export const ACTION_YML = resolve(import.meta.dirname, '../action.yml')
export const README_MD = resolve(import.meta.dirname, '../README.md')

interface ActionSpec {
  inputs?: Record<string, { description?: string; default?: string | number | boolean; required?: boolean }> // action.yml defaults are scalars
  outputs?: Record<string, { description?: string }>
}

/** A table cell: one line, pipes escaped (they would end the cell). */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim()
}

/** Inline code that survives backticks inside the value (`${{ github.token }}` has none, globs may). */
function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`'
  return `${fence}${value.replace(/\|/g, '\\|')}${fence}`
}

export function renderInputsTable(spec: ActionSpec): string {
  const rows = Object.entries(spec.inputs ?? {}).map(([name, input]) => {
    const def = input.default === undefined || input.default === '' ? '—' : code(String(input.default))
    const required = input.required ? ' **(required)**' : ''
    return `| \`${name}\`${required} | ${cell(input.description ?? '')} | ${def} |`
  })
  return ['| Input | Description | Default |', '| --- | --- | --- |', ...rows].join('\n')
}

export function renderOutputsTable(spec: ActionSpec): string {
  const rows = Object.entries(spec.outputs ?? {}).map(([name, output]) => `| \`${name}\` | ${cell(output.description ?? '')} |`)
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n')
}

/** Replaces what lies between `<!-- name:start -->` and `<!-- name:end -->`; both must exist once. */
function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from === -1 || to === -1 || to < from || text.indexOf(start, from + 1) !== -1) {
    throw new Error(`README.md needs exactly one '${start}' followed by '${end}'.`)
  }
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

/** The README with both tables regenerated from the action.yml text. Pure: tests call it. */
export function renderReadme(readme: string, actionYml: string): string {
  const spec = parse(actionYml) as ActionSpec
  return replaceBetween(replaceBetween(readme, 'inputs', renderInputsTable(spec)), 'outputs', renderOutputsTable(spec))
}

const EMBED = /<!-- file:([^ ]+) -->\n[\s\S]*?<!-- \/file -->/g

/** Repository paths the README embeds with `<!-- file:PATH -->`. */
export function embeddedPaths(readme: string): string[] {
  return [...readme.matchAll(EMBED)].map((match) => match[1]!) // EMBED's one group is not optional
}

/** The README with each embedded block replaced by the file's current text. Pure: tests call it. */
export function renderEmbeddedFiles(readme: string, files: Record<string, string>): string {
  return readme.replace(EMBED, (_block, path: string) => {
    const text = files[path]
    if (text === undefined) throw new Error(`README.md embeds ${path}, which was not read.`)
    const language = path.endsWith('.yml') || path.endsWith('.yaml') ? 'yaml' : ''
    return `<!-- file:${path} -->\n\`\`\`${language}\n${text.trimEnd()}\n\`\`\`\n<!-- /file -->`
  })
}

/** One row of `bench/results.json` (written by `npm run bench`). */
interface BenchResultRow {
  suite: string
  figure: string
  value: number
  unit: string
  target?: string
  met?: boolean
}

/** The benchmark table of the README, from the rows of `bench/results.json`. */
export function renderBenchTable(rows: BenchResultRow[]): string {
  const lines = rows.map(
    (r) =>
      `| ${r.suite} | ${cell(r.figure)} | ${r.value.toLocaleString('en-US')} ${r.unit} | ${r.target === undefined ? '—' : cell(r.target)} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`
  )
  return ['| suite | figure | value | target | met? |', '| --- | --- | --- | --- | --- |', ...lines].join('\n')
}

export const BENCH_RESULTS = resolve(import.meta.dirname, '../bench/results.json')

/** The whole README as `npm run docs` writes it: tables from action.yml and bench/results.json, embedded files read from disk. */
export async function renderReadmeFromDisk(readme: string): Promise<string> {
  const actionYml = await readFile(ACTION_YML, 'utf8')
  const root = resolve(import.meta.dirname, '..')
  const paths = embeddedPaths(readme)
  const files = Object.fromEntries(await Promise.all(paths.map(async (path) => [path, await readFile(resolve(root, path), 'utf8')] as const)))
  const bench = JSON.parse(await readFile(BENCH_RESULTS, 'utf8')) as { rows: BenchResultRow[] }
  return replaceBetween(renderEmbeddedFiles(renderReadme(readme, actionYml), files), 'bench', renderBenchTable(bench.rows))
}

async function main(): Promise<void> {
  const readme = await readFile(README_MD, 'utf8')
  const next = await renderReadmeFromDisk(readme)
  if (next === readme) {
    console.log('README.md is up to date with action.yml')
    return
  }
  await writeFile(README_MD, next)
  console.log('README.md tables regenerated from action.yml')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main()
}
