import { describe, expect, it } from 'vitest'
import { createRedactor } from '../../src/util/redact.js'
import type { RunsResult } from '../../src/model/runs.js'
import { buildHtmlReport } from '../../src/report/html.js'

const SECRET = 's3cr3t-html-value-9f8e'

const runs: RunsResult = {
  runs: [
    {
      file: 'api/users.postman_collection.json',
      name: 'Users <API>',
      requests: 2,
      assertions: 4,
      failedAssertions: 1,
      durationMs: 1250,
      exchanges: [
        { request: 'Users › List', iteration: 0, method: 'GET', status: 200, ms: 120 },
        { request: 'Users › Create', iteration: 0, method: 'POST', status: 201, ms: 80 },
        { request: 'Users › List', iteration: 1, method: 'GET', status: 200, ms: 340 },
        { request: 'Users › Create', iteration: 1, method: 'POST', status: 500, ms: 95 },
        { request: 'Users › Ping', iteration: 0, method: 'HEAD' }
      ],
      cases: [
        { request: 'Users › List', assertion: 'status is 200', iteration: 0 },
        { request: 'Users › List', assertion: 'status is 200', iteration: 1 },
        { request: 'Users › Create', assertion: 'is <b>201</b>', iteration: 0 },
        { request: 'Users › Create', assertion: 'is <b>201</b>', iteration: 1, failure: `expected 201, token ${SECRET}`, kind: 'assertion' }
      ]
    }
  ],
  findings: [
    {
      level: 'error',
      kind: 'assertion',
      file: 'api/users.postman_collection.json',
      line: 42,
      title: 'Users › Create: is <b>201</b>',
      message: `expected 201 but got 500 <script>alert(1)</script> ${SECRET}`,
      request: 'Users › Create',
      assertion: 'is <b>201</b>',
      iteration: 1
    }
  ],
  testsPassed: false,
  assertionsFailed: 1
}

describe('buildHtmlReport', () => {
  const html = buildHtmlReport(runs, createRedactor([SECRET]))

  it('is one self-contained document: no script, no external resource', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).not.toMatch(/<script|<link|src=|@import/i)
  })

  it('escapes every text and redacts the secret', () => {
    expect(html).not.toContain(SECRET)
    expect(html).toContain('[redacted]')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('Users &lt;API&gt;')
    expect(html).not.toContain('<b>201</b>')
  })

  it('per collection: totals, iterations and time; per request: method, statuses, timings, passed and failed; each failure at file:line', () => {
    expect(html).toContain('2 requests, 4 assertions, <span class="fail">1 failed</span>, 2 iterations, 1.3 s.')
    expect(html).toContain(
      '<tr><td>Users › List</td><td>GET</td><td>200</td><td class="n">avg 230 ms, max 340 ms</td><td class="n pass">2</td><td class="n">0</td><td class="n">2</td></tr>'
    )
    expect(html).toContain(
      '<tr><td>Users › Create</td><td>POST</td><td>201, 500</td><td class="n">avg 88 ms, max 95 ms</td><td class="n pass">1</td><td class="n fail">1</td><td class="n">2</td></tr>'
    )
    // Sent without an answer (a connection refused) and without tests: still a row.
    expect(html).toContain(
      '<tr><td>Users › Ping</td><td>HEAD</td><td>—</td><td class="n">—</td><td class="n pass">0</td><td class="n">0</td><td class="n">1</td></tr>'
    )
    expect(html.indexOf('Users › List</td>')).toBeLessThan(html.indexOf('Users › Create</td>'))
    expect(html).toContain('<code>api/users.postman_collection.json:42</code>')
    expect(html).toContain('(iteration 2)')
    expect(html).toContain('Failures (1)')
  })
})

describe('buildHtmlReport of a Native Git collection', () => {
  it('lists the failures on the files inside the collection directory under it', () => {
    const html = buildHtmlReport(
      {
        runs: [{ file: 'postman/collections/Orders', name: 'Orders', requests: 1, assertions: 1, failedAssertions: 1, durationMs: 5, cases: [] }],
        findings: [
          {
            level: 'error',
            kind: 'assertion',
            file: 'postman/collections/Orders/Create order.request.yaml',
            line: 7,
            title: 'Create order: is 201',
            message: 'expected 200 to be 201',
            request: 'Create order',
            assertion: 'is 201',
            iteration: 0
          }
        ],
        testsPassed: false,
        assertionsFailed: 1
      },
      createRedactor([])
    )
    expect(html).toContain('<code>postman/collections/Orders/Create order.request.yaml:7</code>')
  })
})
