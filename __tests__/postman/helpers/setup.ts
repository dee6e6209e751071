import { DEFAULT_API_KEY, startEmulator, type Emulator, type EmulatorOptions } from '../../../emulator/server.js'
import { createPostmanClient, type ClientOptions, type PostmanClient } from '../../../src/postman/client.js'
import type { CollectionBody } from '../../../src/postman/api.js'
import { VirtualClock } from './virtual-clock.js'

export { DEFAULT_API_KEY }

/** Collects what the client logs, to assert on it and check no secret is in it. */
export function memoryLogger(): { lines: string[]; debug(m: string): void; info(m: string): void; warning(m: string): void } {
  const lines: string[] = []
  return { lines, debug: (m) => lines.push(`debug: ${m}`), info: (m) => lines.push(`info: ${m}`), warning: (m) => lines.push(`warning: ${m}`) }
}

/** An emulator and a client sharing one virtual clock: rate windows and waits in virtual time. */
export async function setup(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<ClientOptions> = {}
): Promise<{ em: Emulator; client: PostmanClient; clock: VirtualClock; logger: ReturnType<typeof memoryLogger>; close(): Promise<void> }> {
  const clock = new VirtualClock()
  const em = await startEmulator({ clock, ...emulatorOptions })
  const logger = memoryLogger()
  const client = createPostmanClient({
    apiKey: DEFAULT_API_KEY,
    baseUrl: em.url,
    clock,
    logger,
    random: () => 0.5,
    retryBaseDelayMs: 100,
    env: {},
    ...clientOptions
  })
  return {
    em,
    client,
    clock,
    logger,
    close: async () => {
      client.close()
      await em.close()
    }
  }
}

export const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'

/** A small valid collection. */
export function collection(name: string, items = 1): CollectionBody {
  return {
    info: { name, schema: SCHEMA },
    item: Array.from({ length: items }, (_, i) => ({ name: `request ${i}`, request: { method: 'GET', url: `https://example.com/${i}` } }))
  }
}
