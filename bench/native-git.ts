/**
 * Native Git (Collection v3 YAML): a generated collection of 1,000 request files (folders with
 * definitions, scripts, bodies, examples) at `postman/collections/Generated` of a temporary
 * repository, measured two ways: the reader and converter alone (read, validate, convert to v2.1,
 * script source lines included), and the whole discovery the sync does (`discover()` with the
 * default `v3-collections` glob: find the directory, read, validate, scan for credentials,
 * convert), and the base of drift: the same directory at a commit, read from git
 * (`readTreeAtCommit`: ls-tree and one cat-file --batch), read from memory by the same reader and
 * converted (`v3CollectionFromFiles`). Each measurement runs in a child process so its peak
 * memory is its own.
 *
 * `node --import tsx bench/native-git.ts <read|discover|base> <repository> [sha]` runs one
 * measurement and prints it as JSON.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { convertV3Collection } from '../src/content/native-git/convert-collection.js'
import { readV3Collection } from '../src/discovery/native-git/read-collection.js'
import { discover } from '../src/discovery/validate.js'
import { defaultGlobs } from '../src/constants.js'
import { v3CollectionFromFiles } from '../src/discovery/native-git/collection-at-commit.js'
import { createGitSource } from '../src/sync/git-base.js'
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

/** Writes the generated collection in the repository `dir`; returns its directory and the number of files. */
export async function generateV3Tree(dir: string): Promise<{ root: string; files: number }> {
  const root = join(dir, 'postman', 'collections', 'Generated')
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

type Step = 'read' | 'discover' | 'base'

const COLLECTION_DIR = 'postman/collections/Generated'

/** One measurement in this process: the reader and converter alone, or the whole discovery. */
async function step(kind: Step, repository: string, sha = ''): Promise<StepResult> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  let result: { collection: { item: unknown[] }; scripts: number; findings: number }
  if (kind === 'read') {
    const { tree, findings } = await readV3Collection(join(repository, COLLECTION_DIR), { relativeTo: repository })
    const { collection, sources } = convertV3Collection(tree)
    result = { collection, scripts: sources.size, findings: findings.length }
  } else if (kind === 'base') {
    const files = await createGitSource({ root: repository }).readTreeAtCommit(sha, COLLECTION_DIR)
    const collection = files === undefined ? undefined : await v3CollectionFromFiles(COLLECTION_DIR, files)
    if (collection === undefined) throw new Error(`native-git bench: no collection at ${sha}`)
    result = { collection, scripts: files?.size ?? 0, findings: 0 }
  } else {
    const found = await discover(repository, { collections: [], environments: [], v3Collections: defaultGlobs('v3Collections') })
    const file = found.files.find((f) => f.path === COLLECTION_DIR)
    if (file?.collection === undefined) throw new Error(`native-git bench: discover found no collection (${JSON.stringify(found.findings.slice(0, 3))})`)
    // Script source lines are the runs' concern; discovery keeps the file map the plan names files by.
    result = { collection: file.collection, scripts: file.v3?.files.size ?? 0, findings: found.findings.length }
  }
  const ms = Math.round(performance.now() - started)
  const used = process.cpuUsage(cpu)
  const cpuMs = Math.round((used.user + used.system) / 1000)
  const count = (items: unknown[]): number => (items as Array<{ item?: unknown[] }>).reduce((k, i) => k + (Array.isArray(i.item) ? count(i.item) : 1), 0)
  return { ms, cpuMs, peakMiB: peakRssMiB(), requests: count(result.collection.item), scripts: result.scripts, findings: result.findings }
}

const run = promisify(execFile)

/** The median of three runs of one step, each in its own process. */
async function measure(kind: Step, repository: string, sha = ''): Promise<{ median: StepResult; peakMiB: number }> {
  const samples: StepResult[] = []
  for (let i = 0; i < 3; i++) {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', import.meta.filename, kind, repository, sha], {
      cwd: resolve(import.meta.dirname, '..')
    })
    samples.push(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as StepResult)
  }
  samples.sort((a, b) => a.ms - b.ms)
  const median = samples[1]! // three samples, pushed above
  if (median.requests !== REQUESTS || median.findings !== 0) throw new Error(`native-git bench (${kind}): unexpected result ${JSON.stringify(median)}`)
  return { median, peakMiB: Math.max(...samples.map((s) => s.peakMiB)) }
}

/** A step's median time as a row held to the 2 s target. */
function timedRow(figure: string, measured: { median: StepResult }): BenchRow {
  return { figure, value: measured.median.ms, unit: 'ms', target: `< ${TARGET_MS} ms`, met: measured.median.ms < TARGET_MS }
}

export async function benchNativeGit(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'postman-sync-native-git-'))
  try {
    const { files } = await generateV3Tree(dir)
    const read = await measure('read', dir)
    const found = await measure('discover', dir)
    const sha = await commitAll(dir)
    const base = await measure('base', dir, sha)
    return [
      timedRow(`native-git: ${REQUESTS} request files (${files} YAML files) read, validated, converted (median of 3)`, read),
      { figure: 'native-git: CPU time of that step (user + system, median run)', value: read.median.cpuMs, unit: 'ms' },
      { figure: 'native-git: peak memory of that process', value: read.peakMiB, unit: 'MiB' },
      { figure: 'native-git: scripts with source lines', value: read.median.scripts, unit: '' },
      timedRow(
        'native-git: the same tree through discover() (find the directory by the default glob, read, validate, scan for credentials, convert; median of 3)',
        found
      ),
      { figure: 'native-git: CPU time of discover() (user + system, median run)', value: found.median.cpuMs, unit: 'ms' },
      { figure: 'native-git: peak memory of the discover() process', value: found.peakMiB, unit: 'MiB' },
      timedRow('native-git: the same tree as a drift base, at a commit (git ls-tree + one cat-file --batch, read from memory, converted; median of 3)', base),
      { figure: 'native-git: peak memory of the drift-base process', value: base.peakMiB, unit: 'MiB' }
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Commits everything in `dir` as a new repository; returns the commit. */
async function commitAll(dir: string): Promise<string> {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.test',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.test'
  }
  await run('git', ['init', '-q', dir], { env })
  await run('git', ['add', '-A'], { cwd: dir, env })
  await run('git', ['commit', '-q', '-m', 'generated'], { cwd: dir, env })
  return (await run('git', ['rev-parse', 'HEAD'], { cwd: dir, env })).stdout.trim()
}

const stepKind = process.argv[2]
if (process.argv[1] === import.meta.filename && (stepKind === 'read' || stepKind === 'discover' || stepKind === 'base')) {
  const repository = process.argv[3]
  if (repository === undefined) throw new Error('native-git bench: a step needs the repository')
  console.log(JSON.stringify(await step(stepKind, repository, process.argv[4])))
}
