/**
 * The one-way data flow of docs/architecture.md, checked on the sources: every relative import in
 * src/ is resolved to the folder it lands in, and an edge the layout forbids fails here, naming
 * the file and the import. (A type-only import counts: it still ties the layers together.)
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, posix, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const srcDir = join(root, 'src')

interface Edge {
  /** src-relative path of the importing file, `/` separators. */
  from: string
  /** src-relative path of the imported module (as written, `.js` for `.ts`). */
  to: string
}

/** The top folder of a src-relative path, or `.` for the files at the top (run.ts, settings.ts, …). */
function layerOf(path: string): string {
  const slash = path.indexOf('/')
  return slash === -1 ? '.' : path.slice(0, slash)
}

/** Top-level modules the reporter may read: its configuration and the event it reports on. */
const REPORT_TOP_LEVEL = new Set(['settings.js', 'constants.js', 'context.js'])

/** Why an edge is forbidden, or undefined when the layout allows it. */
function violation(edge: Edge): string | undefined {
  const from = layerOf(edge.from)
  const to = layerOf(edge.to)
  if (from === to) return undefined
  if (from === 'model') return 'model/ imports nothing but model/'
  if (from === 'report') {
    if (['model', 'github', 'util'].includes(to)) return undefined
    if (to === '.' && REPORT_TOP_LEVEL.has(edge.to)) return undefined
    return 'report/ imports only model/, github/, util/, settings, constants and context'
  }
  if (from === 'artifact') {
    // The upload only packs files other stages wrote; what they mean is the reporter's business.
    if (['model', 'util'].includes(to) || (to === '.' && edge.to === 'settings.js')) return undefined
    return 'artifact/ imports only model/, util/ and settings'
  }
  if (to === 'artifact' && from !== '.') return 'only the orchestrator and the composition root (run.ts, deps.ts) use artifact/'
  if ((from === 'sync' || from === 'newman') && to === 'report') return `${from}/ never imports report/`
  if ((from === 'discovery' || from === 'content') && ['sync', 'report', 'newman'].includes(to)) {
    return `${from}/ comes before sync/, newman/ and report/ in the pipeline and never imports them`
  }
  return undefined
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g

function edgesOf(file: string): Edge[] {
  const from = relative(srcDir, file).split(/[\\/]/).join('/')
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(IMPORT)].map((match) => ({ from, to: posix.normalize(posix.join(posix.dirname(from), match[2]!)) }))
}

const edges = sourceFiles(srcDir).flatMap(edgesOf)

describe('layers of src/', () => {
  it('finds the imports it checks', () => {
    // A scanner that found nothing would pass every rule below.
    expect(edges).toContainEqual({ from: 'report/summary.ts', to: 'model/finding.js' })
    expect(edges).toContainEqual({ from: 'run.ts', to: 'model/finding.js' })
    expect(edges.length).toBeGreaterThan(100)
  })

  it('flags the edges the layout forbids', () => {
    expect(violation({ from: 'report/summary.ts', to: 'sync/plan.js' })).toBeDefined()
    expect(violation({ from: 'report/junit.ts', to: 'newman/runner.js' })).toBeDefined()
    expect(violation({ from: 'report/summary.ts', to: 'discovery/validate.js' })).toBeDefined()
    expect(violation({ from: 'report/summary.ts', to: 'content/diff.js' })).toBeDefined()
    expect(violation({ from: 'report/publish.ts', to: 'run.js' })).toBeDefined()
    expect(violation({ from: 'sync/sync.ts', to: 'report/summary.js' })).toBeDefined()
    expect(violation({ from: 'newman/runner.ts', to: 'report/finding.js' })).toBeDefined()
    expect(violation({ from: 'model/runs.ts', to: 'postman/api.js' })).toBeDefined()
    expect(violation({ from: 'content/diff.ts', to: 'sync/plan.js' })).toBeDefined()
    expect(violation({ from: 'report/summary.ts', to: 'artifact/upload.js' })).toBeDefined()
    expect(violation({ from: 'sync/sync.ts', to: 'artifact/upload.js' })).toBeDefined()
    expect(violation({ from: 'artifact/upload.ts', to: 'report/summary.js' })).toBeDefined()
    expect(violation({ from: 'artifact/upload.ts', to: 'sync/sync.js' })).toBeDefined()
    expect(violation({ from: 'run.ts', to: 'artifact/upload.js' })).toBeUndefined()
    expect(violation({ from: 'artifact/upload.ts', to: 'model/artifact.js' })).toBeUndefined()
    expect(violation({ from: 'report/publish.ts', to: 'github/client.js' })).toBeUndefined()
    expect(violation({ from: 'report/outputs.ts', to: 'constants.js' })).toBeUndefined()
  })

  it('has no forbidden edge in src/', () => {
    const bad = edges.flatMap((edge) => {
      const why = violation(edge)
      return why === undefined ? [] : [`src/${edge.from} imports src/${edge.to}: ${why}`]
    })
    expect(bad).toEqual([])
  })

  it('resolves every relative import to a file in src/', () => {
    // An import climbing out of src/ would escape every rule above.
    const outside = edges.filter((edge) => edge.to.startsWith('..')).map((edge) => `src/${edge.from} → ${edge.to}`)
    expect(outside).toEqual([])
  })
})
