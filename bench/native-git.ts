/**
 * Native Git (Collection v3 YAML): a generated collection of 1,000 request files (folders with
 * definitions, scripts, bodies, examples) is read, validated and converted to v2.1, script source
 * lines included. The work runs in a child process so its peak memory is its own; the tree is
 * generated at bench time in a temporary directory.
 *
 * `node --import tsx bench/native-git.ts step <dir>` runs one measurement and prints it as JSON.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { convertV3Collection } from '../src/content/native-git/convert-collection.js'
import { readV3Collection } from '../src/discovery/native-git/read-collection.js'
import { peakRssMiB, type BenchRow } from './row.js'

const REQUESTS = 1_000
const FOLDERS = 10
const SUBFOLDERS = 5
const TARGET_MS = 2_000

function requestYaml(folder: number, sub: number, n: number): string {
  const lines = [
    '$kind: http-request',
    `url: "{{baseUrl}}/f${folder}/s${sub}/items/:id?page=${n}"`,
    n % 2 === 0 ? 'method: POST' : 'method: GET',
    'headers:',
    ...(n % 3 === 0
      ? ['  - key: Accept', '    value: application/json', '  - key: X-Trace', '    value: "1"', '    disabled: true']
      : ['  Accept: application/json']),
    'queryParams:',
    `  page: "${n}"`,
    'pathVariables:',
    '  id: "42"',
    'body:',
    '  type: json',
    '  content: |-',
    '    {',
    `      "name": "item ${n}",`,
    '      "tags": ["a", "b"]',
    '    }',
    'scripts:',
    '  - type: afterResponse',
    '    code: |-',
    "      pm.test('status is 2xx', function () {",
    '        pm.expect(pm.response.code).to.be.within(200, 299)',
    '      })',
    "      pm.test('has a name', function () {",
    '        pm.expect(pm.response.json().name).to.be.a("string")',
    '      })',
    '    language: text/javascript'
  ]
  if (n % 5 === 0) lines.push(`examples: ./.resources/Request ${n}.resources/examples`)
  lines.push(`order: ${(n + 1) * 1000}`)
  return `${lines.join('\n')}\n`
}

function exampleYaml(n: number): string {
  return [
    '$kind: http-example',
    'request:',
    `  url: "{{baseUrl}}/items/${n}"`,
    '  method: GET',
    'response:',
    '  statusCode: 200',
    '  statusText: OK',
    '  headers:',
    '    Content-Type: application/json',
    '  body:',
    '    type: json',
    `    content: '{"name": "item ${n}"}'`,
    'order: 1000',
    ''
  ].join('\n')
}

function definitionYaml(name: string, order: number): string {
  return [
    '$kind: collection',
    `name: ${name}`,
    'description: Generated for the benchmark.',
    'variables:',
    '  - key: baseUrl',
    '    value: https://example.test',
    'auth:',
    '  type: bearer',
    '  credentials:',
    '    token: "{{token}}"',
    'scripts:',
    '  - type: http:beforeRequest',
    "    code: pm.variables.set('at', Date.now())",
    `order: ${order}`,
    ''
  ].join('\n')
}

/** Writes the generated collection under `dir`; returns its directory and the number of files. */
export async function generateV3Tree(dir: string): Promise<{ root: string; files: number }> {
  const root = join(dir, 'Generated')
  let files = 0
  const write = async (path: string, text: string): Promise<void> => {
    await writeFile(path, text)
    files++
  }
  await mkdir(join(root, '.resources'), { recursive: true })
  await write(join(root, '.resources', 'definition.yaml'), definitionYaml('Generated', 0))
  const perSub = REQUESTS / (FOLDERS * SUBFOLDERS)
  let n = 0
  for (let f = 0; f < FOLDERS; f++) {
    for (let s = 0; s < SUBFOLDERS; s++) {
      const sub = join(root, `Folder ${f}`, `Sub ${s}`)
      await mkdir(join(sub, '.resources'), { recursive: true })
      await write(join(sub, '.resources', 'definition.yaml'), definitionYaml(`Sub ${s}`, (s + 1) * 1000))
      for (let i = 0; i < perSub; i++, n++) {
        await write(join(sub, `Request ${n}.request.yaml`), requestYaml(f, s, n))
        if (n % 5 !== 0) continue
        const examples = join(sub, '.resources', `Request ${n}.resources`, 'examples')
        await mkdir(examples, { recursive: true })
        await write(join(examples, 'OK.example.yaml'), exampleYaml(n))
      }
    }
  }
  return { root, files }
}

interface StepResult {
  ms: number
  /** CPU time (user + system) of the step: on a shared machine, the wall time also counts waiting for a core. */
  cpuMs: number
  peakMiB: number
  requests: number
  scripts: number
  findings: number
}

/** One measurement: read + validate + convert, in this process. */
async function step(root: string): Promise<StepResult> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const { tree, findings } = await readV3Collection(root, { relativeTo: resolve(root, '..') })
  const { collection, sources } = convertV3Collection(tree)
  const ms = Math.round(performance.now() - started)
  const used = process.cpuUsage(cpu)
  const cpuMs = Math.round((used.user + used.system) / 1000)
  const count = (items: unknown[]): number => (items as Array<{ item?: unknown[] }>).reduce((k, i) => k + (Array.isArray(i.item) ? count(i.item) : 1), 0)
  return { ms, cpuMs, peakMiB: peakRssMiB(), requests: count(collection.item), scripts: sources.size, findings: findings.length }
}

const run = promisify(execFile)

export async function benchNativeGit(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'postman-sync-native-git-'))
  try {
    const { root, files } = await generateV3Tree(dir)
    const samples: StepResult[] = []
    for (let i = 0; i < 3; i++) {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', import.meta.filename, 'step', root], { cwd: resolve(import.meta.dirname, '..') })
      samples.push(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as StepResult)
    }
    samples.sort((a, b) => a.ms - b.ms)
    const median = samples[1]! // three samples, pushed above
    if (median.requests !== REQUESTS || median.findings !== 0) throw new Error(`native-git bench: unexpected result ${JSON.stringify(median)}`)
    return [
      {
        figure: `native-git: ${REQUESTS} request files (${files} YAML files) read, validated, converted (median of 3)`,
        value: median.ms,
        unit: 'ms',
        target: `< ${TARGET_MS} ms`,
        met: median.ms < TARGET_MS
      },
      { figure: 'native-git: CPU time of that step (user + system, median run)', value: median.cpuMs, unit: 'ms' },
      { figure: 'native-git: peak memory of that process', value: Math.max(...samples.map((s) => s.peakMiB)), unit: 'MiB' },
      { figure: 'native-git: scripts with source lines', value: median.scripts, unit: '' }
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === import.meta.filename && process.argv[2] === 'step') {
  const root = process.argv[3]
  if (root === undefined) throw new Error('native-git bench: step needs the tree root')
  console.log(JSON.stringify(await step(root)))
}
