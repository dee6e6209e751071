/**
 * The one loopback rule. Plain `http:` is allowed only to a loopback host (the emulator), and a
 * loopback host is never proxied: both decide where the API key may travel, so the rule is
 * literal. Only what cannot leave the machine counts: 127.0.0.0/8, `::1` and the name `localhost`
 * itself. `localhost.` and `*.localhost` are not: they are looked up through the resolver, which
 * may answer with any address. IPv4-mapped forms (`::ffff:7f00:1`) are refused as well: they
 * reach loopback only on a dual-stack socket.
 *
 * Takes a hostname as WHATWG `URL` leaves it: lower-cased, IPv4 shorthands such as `127.1` or
 * `0x7f.1` rewritten to dotted decimal, IPv6 in brackets and compressed.
 */
import { isIP } from 'node:net'

export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]' || hostname === '::1') return true
  return isIP(hostname) === 4 && hostname.startsWith('127.')
}
