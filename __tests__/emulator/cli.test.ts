/** `npm run emulator`: starts, prints its URL and key, serves, and stops cleanly on SIGTERM. */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr.on('data', (c: Buffer) => (err += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, output: () => out, errors: () => err }
}

describe('emulator CLI', () => {
  it('prints the URL and key, applies its flags, and exits 0 on SIGTERM', async () => {
    const cli = startCli(['--port', '0', '--headers', 'legacy', '--rate-limit', '7/60000', '--sample-api', '0'])
    await expect.poll(() => cli.output(), { timeout: 20_000 }).toContain('Ctrl-C to stop.')
    const url = /Postman API emulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.output())?.[1]
    const key = /API key: +(\S+)/.exec(cli.output())?.[1]
    const sample = /Sample API: +(\S+)/.exec(cli.output())?.[1]
    expect(url).toBeDefined()
    const res = await fetch(`${url}/me`, { headers: { 'X-Api-Key': key ?? '' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-ratelimit-limit')).toBe('7')
    expect(res.headers.get('ratelimit-limit')).toBeNull()
    expect((await fetch(`${sample}/health`)).status).toBe(200)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
  })

  it('--real-api turns on mixed owners; --collection-limit-mb sets the collection body limit', async () => {
    const cli = startCli(['--port', '0', '--real-api', '--collection-limit-mb', '0.001'])
    await expect.poll(() => cli.output(), { timeout: 20_000 }).toContain('Ctrl-C to stop.')
    const url = /Postman API emulator: (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.output())?.[1]
    const key = /API key: +(\S+)/.exec(cli.output())?.[1] ?? ''
    const post = (name: string) =>
      fetch(`${url}/collections`, {
        method: 'POST',
        headers: { 'X-Api-Key': key, 'Content-Type': 'application/json' },
        body: JSON.stringify({ collection: { info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] } })
      })
    const uids = []
    for (const name of ['A', 'B']) uids.push(((await (await post(name)).json()) as { collection: { uid: string } }).collection.uid.split('-')[0])
    expect(uids).toEqual(['12345678', '87654321'])
    expect((await post('x'.repeat(1000))).status).toBe(413)
    cli.child.kill('SIGTERM')
    expect(await cli.exited).toBe(0)
  })

  it('refuses a bad flag value with a message naming the flag, exit 1', async () => {
    const cli = startCli(['--port', '0', '--errors', 'sometimes'])
    expect(await cli.exited).toBe(1)
    expect(cli.errors()).toContain('--errors must be one of legacy, problem, mixed, got "sometimes"')
  })
})
