/**
 * `npm run bench`: every benchmark of the project, one table, also written to `bench/results.json`.
 * Each suite starts its own loopback servers; none reaches the internet. Suites run one after
 * another so they do not compete for the two cores of a CI-sized machine.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { BenchRow } from './row.js'

type Suite = { name: string; load: () => Promise<() => Promise<BenchRow[]>> }

const suites: Suite[] = [
  { name: 'client', load: async () => (await import('./client.js')).benchClient },
  { name: 'sync', load: async () => (await import('./sync.js')).benchSync },
  { name: 'runs', load: async () => (await import('./runs.js')).benchRuns },
  { name: 'scale', load: async () => (await import('./scale.js')).benchScale },
  { name: 'cold start', load: async () => (await import('./cold-start.js')).benchColdStart },
  { name: 'native-git', load: async () => (await import('./native-git.js')).benchNativeGit }
]

const only = process.argv.slice(2)
const out = resolve(import.meta.dirname, 'results.json')
type Row = BenchRow & { suite: string; measuredAt?: string }
// `npm run bench -- runs` re-measures one suite: the other suites' last rows are kept, each with
// the time it was measured, so results.json is always the whole report.
const previous: Row[] =
  only.length === 0
    ? []
    : await readFile(out, 'utf8').then(
        (text) => (JSON.parse(text) as { rows: Row[] }).rows,
        () => []
      )
const now = new Date().toISOString()
const rows: Row[] = []
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite.name)) continue
  process.stderr.write(`bench: ${suite.name}…\n`)
  const bench = await suite.load()
  for (const row of await bench()) rows.push({ suite: suite.name, ...row, measuredAt: now })
}
const measured = new Set(rows.map((r) => r.suite))
rows.unshift(...previous.filter((r) => !measured.has(r.suite)))
rows.sort((a, b) => suites.findIndex((s) => s.name === a.suite) - suites.findIndex((s) => s.name === b.suite))

const table = [
  '| suite | figure | value | target | met? |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.suite} | ${r.figure} | ${r.value} ${r.unit} | ${r.target ?? '—'} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`)
].join('\n')
console.log(table)

await writeFile(out, `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`)
console.log(`\nwritten to ${out}`)
if (rows.some((r) => r.met === false)) process.exitCode = 1
