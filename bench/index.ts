/**
 * `npm run bench`: every benchmark of the project, one table, also written to `bench/results.json`.
 * Each suite starts its own loopback servers; none reaches the internet. Suites run one after
 * another so they do not compete for the two cores of a CI-sized machine.
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { BenchRow } from './row.js'

type Suite = { name: string; load: () => Promise<() => Promise<BenchRow[]>> }

const suites: Suite[] = [
  { name: 'client', load: async () => (await import('./client.js')).benchClient },
  { name: 'sync', load: async () => (await import('./sync.js')).benchSync },
  { name: 'runs', load: async () => (await import('./runs.js')).benchRuns },
  { name: 'scale', load: async () => (await import('./scale.js')).benchScale },
  { name: 'cold start', load: async () => (await import('./cold-start.js')).benchColdStart }
]

const only = process.argv.slice(2)
const rows: Array<BenchRow & { suite: string }> = []
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite.name)) continue
  process.stderr.write(`bench: ${suite.name}…\n`)
  const bench = await suite.load()
  for (const row of await bench()) rows.push({ suite: suite.name, ...row })
}

const table = [
  '| suite | figure | value | target | met? |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.suite} | ${r.figure} | ${r.value} ${r.unit} | ${r.target ?? '—'} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`)
].join('\n')
console.log(table)

const out = resolve(import.meta.dirname, 'results.json')
await writeFile(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`)
console.log(`\nwritten to ${out}`)
if (rows.some((r) => r.met === false)) process.exitCode = 1
