/** A loopback HTTP server's start and stop, shared by the stand-ins of `npm start` and the tests. */
import type http from 'node:http'
import type { AddressInfo } from 'node:net'

/** Starts `server` on 127.0.0.1, an ephemeral port; `close` drops open connections too. */
export async function listenOnLoopback(server: http.Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
