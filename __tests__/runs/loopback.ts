/**
 * A small API on 127.0.0.1 (port 0) for the run tests. It logs every request it receives — method,
 * URL, headers and body — so tests can assert what collection scripts sent.
 */
import http from 'node:http'
import type { RunOptions } from '../../src/newman/runner.js'
import { listenOnLoopback } from '../../scripts/lib/listen.js'

export { listenOnLoopback }

export interface LoggedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface Loopback {
  url: string
  log: LoggedRequest[]
  close(): Promise<void>
}

export async function startLoopbackApi(options: { slowMs?: number } = {}): Promise<Loopback> {
  const log: LoggedRequest[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      log.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const send = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      const path = (req.url ?? '').split('?')[0]
      if (path === '/users/1') send(200, { id: 1, name: 'Bob' })
      else if (path === '/users/2') send(200, { id: 2, name: 'Eve' })
      else if (path === '/health') send(200, { ok: true })
      else if (path === '/slow') setTimeout(() => send(200, { ok: true }), options.slowMs ?? 100)
      else if (path === '/echo') send(200, { received: body.length })
      else send(404, { error: 'not found' })
    })
  })
  return { ...(await listenOnLoopback(server)), log }
}

/** A RunLog that records everything the runner prints. */
export function recordingLog(): {
  secrets: string[]
  groups: Array<{ title: string; lines: string[] }>
  infos: string[]
  setSecret(value: string): void
  group(title: string, lines: string[]): void
  info(line: string): void
  text(): string
} {
  const record = {
    secrets: [] as string[],
    groups: [] as Array<{ title: string; lines: string[] }>,
    infos: [] as string[],
    setSecret: (value: string) => void record.secrets.push(value),
    group: (title: string, lines: string[]) => void record.groups.push({ title, lines }),
    info: (line: string) => void record.infos.push(line),
    text: () => [...record.infos, ...record.groups.flatMap((g) => [g.title, ...g.lines])].join('\n')
  }
  return record
}

/** 1-based line of the first line of `text` containing `needle` (after line `after`, when given). */
export function lineContaining(text: string, needle: string, after = 0): number {
  const lines = text.split('\n')
  for (let i = after; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1
  throw new Error(`'${needle}' not found in the fixture`)
}

/** The RunOptions the run tests share (no env vars, one at a time, 5 s per request), with `overrides` on top. */
export function runOptions(overrides: Partial<RunOptions> & Pick<RunOptions, 'root' | 'collections'>): RunOptions {
  return {
    envVars: {},
    folder: [],
    bail: false,
    insecure: false,
    timeoutRequest: 5000,
    timeout: 60_000,
    parallel: 1,
    waitTimeout: 1000,
    shard: { index: 1, total: 1 },
    ...overrides
  }
}
