/**
 * No workflow command from data, through the built action: file names, collection, environment,
 * request and test names and response text carrying `\n::error …`, `\n::set-output …`,
 * `\n::add-mask::…`, Unicode line separators and `%0A` forms. The runner (as the harness parses
 * stdout, honouring stop-commands) must see no forged annotation, output or mask.
 */
import { describe, expect, it } from 'vitest'
import { asFile, collection, environment, run, scenario, transcript, type RunResult, useWorldWithSampleApi } from './fault-helpers.js'

const servers = useWorldWithSampleApi()

/** Every forged command: `FORGED` in a title or message start, a set-output, a mask of `x`. */
function forgeries(r: RunResult): string[] {
  return r.commands
    .filter(
      (c) =>
        c.command === 'set-output' ||
        c.command === 'set-env' ||
        (c.command === 'add-mask' && !/^[\w-]{6,}$/.test(c.message)) ||
        c.properties.title?.startsWith('FORGED') ||
        c.message.startsWith('FORGED')
    )
    .map((c) => `${c.command} ${JSON.stringify(c.properties)} ${c.message}`)
}

/** Payloads that would be commands if a line break (or a line start) reached the log raw. */
const PAYLOADS = {
  error: '\n::error title=FORGED::FORGED annotation',
  output: '\n::set-output name=tests-passed::true',
  mask: '\n::add-mask::x',
  crlf: '\r\n::warning::FORGED warning',
  unicode: '\u2028::notice::FORGED notice',
  percent: '%0A::error::FORGED percent'
}

describe('hostile names and texts forge nothing', () => {
  it('file names, collection/environment/request/test names and echoed response text', async () => {
    const test = `t${PAYLOADS.error}${PAYLOADS.output}${PAYLOADS.mask}`
    // The request name has no \n, so `folder` can name it: collection B, without it, is then
    // reported skipped on a log line of its own, which starts with B's hostile file name.
    const request = `Req${PAYLOADS.unicode}${PAYLOADS.percent}`
    const body = collection(`Coll${PAYLOADS.error}${PAYLOADS.mask}`, [[request, 'POST', '{{baseUrl}}/echo']], {
      tests: { [request]: [`pm.test(${JSON.stringify(test)}, () => pm.expect(pm.response.text()).to.eql('no'));`] }
    })
    // The echo route sends the body back: the failure's excerpt holds the payloads as response text.
    ;(body.item as Array<{ request: Record<string, unknown> }>)[0]!.request.body = { mode: 'raw', raw: `echo${PAYLOADS.error}${PAYLOADS.output}` }
    const files = {
      [`postman/a${PAYLOADS.error}${PAYLOADS.output}.postman_collection.json`]: asFile(body),
      [`postman/b${PAYLOADS.percent}${PAYLOADS.crlf}.postman_collection.json`]: asFile(collection(`B${PAYLOADS.percent}`, [])),
      [`postman/e${PAYLOADS.mask}.postman_environment.json`]: asFile(environment(`Env${PAYLOADS.error}${PAYLOADS.unicode}`, [['baseUrl', servers.sample.url]]))
    }
    const s = await scenario(servers.world, files)
    const r = await run(s, { inputs: { run: 'true', folder: request, 'run-environment': `postman/e${PAYLOADS.mask}.postman_environment.json` } })
    // The run happened and failed its test (so every name was printed somewhere)…
    expect(r.outputs['tests-passed'], transcript(r)).toBe('false')
    expect(r.outputs['assertions-failed']).toBe('1')
    expect(servers.sample.log.some((q) => q.path === '/echo')).toBe(true)
    // …and the runner would have obeyed no command the data carried.
    expect(forgeries(r), transcript(r)).toEqual([])
    // The names are still shown, escaped, not dropped.
    expect(r.stdout).toContain('error title=FORGED')
    expect(r.stdout).toMatch(/skipped, none of the folders/)
  }, 90_000)

  it("the 'Adopted the collection' line after a lost create carries an escaped name", async () => {
    const name = `Lost${PAYLOADS.error}${PAYLOADS.output}${PAYLOADS.mask}`
    const s = await scenario(servers.world, { 'postman/lost.postman_collection.json': asFile(collection(name, [])) })
    servers.world.emu.setFaults({ lostCreateEvery: 1 })
    try {
      const r = await run(s)
      expect(r.code, transcript(r)).toBe(0)
      expect(r.stdout).toMatch(/Adopted the collection 'Lost\\n:\u200b:error/)
      expect(forgeries(r), transcript(r)).toEqual([])
    } finally {
      servers.world.emu.setFaults({})
    }
  }, 60_000)
})
