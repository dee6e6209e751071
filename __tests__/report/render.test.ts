import * as core from '@actions/core'
import { describe, expect, it } from 'vitest'
import type { RunsResult } from '../../src/model/runs.js'
import { emitAnnotations } from '../../src/report/annotations.js'
import { escapeCell } from '../../src/report/escape.js'
import type { Finding } from '../../src/model/finding.js'
import { buildJUnit } from '../../src/report/junit.js'
import { buildSummary, SUMMARY_LIMIT_BYTES } from '../../src/report/summary.js'
import type { SyncResult } from '../../src/model/sync-result.js'
import { assertionFindings } from './fixtures.js'
import { checkWellFormed } from './xml-check.js'
import { stdoutLinesOf } from '../helpers/stdout.js'

const capture = stdoutLinesOf

describe('emitAnnotations', () => {
  it("emits at most 10 per level (9 errors: the step's failure message is the 10th), then one notice counting the rest", () => {
    const warnings: Finding[] = assertionFindings(3).map((f) => ({ ...f, level: 'warning' }))
    const lines = capture(() => emitAnnotations([...assertionFindings(25), ...warnings], core))
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(9)
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(3)
    expect(lines.filter((l) => l.startsWith('::notice '))).toEqual([expect.stringContaining('16 more findings')])
    expect(lines[0]).toBe(
      '::error title=Users › Request 0%3A status is 200,file=api/users.postman_collection.json,line=10::Test "status is 200" failed: expected response to have status code 200 but got 500 (iteration 1).'
    )
  })

  it("keeps the notice level within 10, counting its own closing notice and the caller's", () => {
    const notices: Finding[] = assertionFindings(12).map((f) => ({ ...f, level: 'notice' }))
    const lines = capture(() => emitAnnotations(notices, core, 'the job summary', { notice: 1 }))
    const emitted = lines.filter((l) => l.startsWith('::notice '))
    expect(emitted).toHaveLength(9)
    expect(emitted[8]).toContain('4 more findings')
    // Nothing overflows: no closing notice, every finding shown.
    expect(capture(() => emitAnnotations(notices.slice(0, 9), core, 'the job summary', { notice: 1 })).filter((l) => l.startsWith('::notice '))).toHaveLength(9)
  })

  it('counts the warnings and notices the step logged before against their levels', () => {
    const warnings: Finding[] = assertionFindings(12).map((f) => ({ ...f, level: 'warning' }))
    const lines = capture(() => emitAnnotations(warnings, core, 'the job summary', { warning: 3, notice: 8 }))
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(7)
    // 8 notices logged and the closing one: 9 of 10.
    expect(lines.filter((l) => l.startsWith('::notice '))).toEqual([expect.stringContaining('5 more findings')])
    // A level already full shows none, and still says how many are left out.
    expect(capture(() => emitAnnotations(warnings.slice(0, 2), core, 'the job summary', { warning: 10 }))).toEqual([
      expect.stringMatching(/^::notice title=More findings::2 more findings/)
    ])
  })

  it('leaves out file= for a finding about an input rather than a file', () => {
    const finding = assertionFindings(1)[0]!
    const lines = capture(() =>
      emitAnnotations([{ ...finding, level: 'warning', kind: 'invalid-file', file: '', line: undefined, title: 'Nothing matched' }], core)
    )
    expect(lines).toEqual([expect.stringMatching(/^::warning title=Nothing matched::/)])
  })

  it('cannot be made to start a second command by a message from a response', () => {
    const finding = assertionFindings(1)[0]!
    const lines = capture(() => emitAnnotations([{ ...finding, message: 'bad\n::error file=x::forged', title: 'a,file=y::z' }], core))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('%0A::error file=x::forged')
    expect(lines[0]).toContain('title=a%2Cfile=y%3A%3Az')
  })
})

const run = (overrides: Partial<RunsResult['runs'][number]> = {}): RunsResult['runs'][number] => ({
  file: 'api/users.postman_collection.json',
  name: 'Users API',
  requests: 3,
  assertions: 4,
  failedAssertions: 1,
  durationMs: 1234,
  cases: [
    { request: 'Users › Get', assertion: 'status is 200', iteration: 0 },
    { request: 'Users › Get', assertion: 'name <is> "Ada" & co', iteration: 0, failure: "expected 'Bob' to deeply equal 'Ada'\u0007", kind: 'assertion' },
    { request: 'Users › Post', assertion: 'request', iteration: 1, failure: 'connect ECONNREFUSED', kind: 'request-error' }
  ],
  ...overrides
})

const sync: SyncResult = {
  mode: 'plan',
  apiCalls: 4,
  quotaRemaining: 9000,
  findings: [],
  unclaimed: [{ kind: 'collection', name: 'Old <b>thing</b>', uid: '1-2' }],
  entries: [
    {
      kind: 'collection',
      path: 'api/users.postman_collection.json',
      name: 'Users API',
      action: 'update',
      diff: { added: ['Users/Delete user'], removed: [], changed: [{ path: 'Users/Get user', aspects: ['url', 'header keys'] }], collection: [] }
    },
    {
      kind: 'environment',
      path: 'env/dev.postman_environment.json',
      name: 'Dev',
      action: 'conflict',
      reason: 'changed in Postman since the last sync',
      remoteCopy: 'env/dev.remote.json'
    },
    { kind: 'environment', path: 'env/prod.postman_environment.json', name: 'Prod', action: 'unchanged' }
  ]
}

describe('buildSummary', () => {
  it('shows the runs, the failures with their lines, the plan with per-file diffs, and notes', () => {
    const findings = assertionFindings(2)
    const runs: RunsResult = {
      runs: [run(), run({ file: 'b.json', name: 'B', skipped: "none of the folders 'X' is in this collection", cases: [] })],
      findings,
      testsPassed: false,
      assertionsFailed: 1
    }
    const md = buildSummary({ sync, runs, findings, notes: ['Check run fell back to annotations'] })
    expect(md).toContain('**Plan:** 0 to create, 1 to update, 1 unchanged, 1 conflict, 0 errors')
    expect(md).toContain('| Users API<br><sub>api/users.postman&#95;collection.json</sub> | 3 | 4 | 1 | 1.2 s | ❌ |')
    expect(md).toContain('⏭️ skipped: none of the folders &#39;X&#39; is in this collection')
    expect(md).toContain('| api/users.postman&#95;collection.json:10 | Users › Request 0 | status is 200 |')
    expect(md).toContain('<pre>GET https://api.test/users/0\n→ 500 Internal Server Error (3 ms)</pre>')
    expect(md).toContain('- changed Users/Get user: url, header keys')
    expect(md).toContain('- added Users/Delete user')
    expect(md).toContain('remote copy: env/dev.remote.json')
    expect(md).toContain('Old &lt;b&gt;thing&lt;/b&gt; (collection)')
    expect(md).toContain('- Check run fell back to annotations')
    expect(md).toContain('Postman API calls: 4, 9000 left this month')
  })

  it('escapes HTML and Markdown from names and messages', () => {
    const finding = assertionFindings(1)[0]!
    const md = buildSummary({ findings: [{ ...finding, request: '<img src=x onerror=alert(1)>|[a](javascript:x)', message: '</pre><script>' }], notes: [] })
    expect(md).not.toContain('<img')
    expect(md).not.toContain('<script>')
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;&#124;&#91;a&#93;(javascript:x)')
    expect(escapeCell("it's @me #1")).toBe('it&#39;s &#64;me &#35;1')
  })

  it('stays under 1 MiB with a note when there are too many findings', () => {
    const findings = assertionFindings(20_000)
    const md = buildSummary({ findings, notes: [] })
    expect(Buffer.byteLength(md)).toBeLessThan(SUMMARY_LIMIT_BYTES)
    expect(md).toMatch(/This summary was truncated to stay under GitHub's size limit: \d+ more blocks/)
    const small = buildSummary({ findings: assertionFindings(5), notes: [] }, 1500)
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(1500)
    expect(small).toContain('truncated')
  })
})

describe('buildJUnit', () => {
  it('writes one suite per collection, one case per request × assertion, escaped and well-formed', () => {
    const runs: RunsResult = {
      runs: [run(), run({ file: 'b.json', name: 'B & <C>', cases: [], error: "Input 'timeout': budget used up" })],
      findings: [],
      testsPassed: false,
      assertionsFailed: 1
    }
    const xml = buildJUnit(runs)
    expect(checkWellFormed(xml)).toEqual([])
    expect(xml).toContain('<testsuites name="Postman Sync" tests="4" failures="1" errors="2" time="2.468">')
    expect(xml).toContain('<testsuite name="Users API" file="api/users.postman_collection.json" tests="3" failures="1" errors="1" skipped="0" time="1.234">')
    expect(xml).toContain('<testcase classname="Users API" name="Users › Get › status is 200" file="api/users.postman_collection.json"/>')
    expect(xml).toContain('name="Users › Get › name &lt;is&gt; &quot;Ada&quot; &amp; co"')
    expect(xml).toContain('<failure message="expected &apos;Bob&apos; to deeply equal &apos;Ada&apos;" type="AssertionError">')
    expect(xml).toContain('name="Users › Post › request [iteration 2]"')
    expect(xml).toContain('<error message="connect ECONNREFUSED" type="RequestError">')
    expect(xml).toContain('<testsuite name="B &amp; &lt;C&gt;"')
    expect(xml).toContain('type="RunError"')
    expect(xml).not.toContain('\u0007')
  })

  it('names a Native Git request file in its cases, the collection directory in its suite', () => {
    const orders = run({
      file: 'postman/collections/Orders',
      name: 'Orders',
      cases: [
        {
          request: 'Create order',
          assertion: 'is 201',
          iteration: 0,
          failure: 'expected 200 to be 201',
          kind: 'assertion',
          file: 'postman/collections/Orders/Create order.request.yaml'
        }
      ]
    })
    const xml = buildJUnit({ runs: [orders], findings: [], testsPassed: false, assertionsFailed: 1 })
    expect(xml).toContain('<testsuite name="Orders" file="postman/collections/Orders" ')
    expect(xml).toContain('<testcase classname="Orders" name="Create order › is 201" file="postman/collections/Orders/Create order.request.yaml">')
  })

  it('the checker itself rejects broken XML', () => {
    expect(checkWellFormed('<a><b></a>')).not.toEqual([])
    expect(checkWellFormed('<a x="1 & 2"/>')).not.toEqual([])
    expect(checkWellFormed('<a>1 < 2</a>')).not.toEqual([])
  })
})
