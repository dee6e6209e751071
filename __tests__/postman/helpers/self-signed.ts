/**
 * A self-signed certificate made with `node:crypto` only (no openssl, no package): the DER of an
 * X.509 v3 certificate for one DNS name, signed with a fresh P-256 key. For loopback TLS tests.
 */
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto'

const tlv = (tag: number, body: Buffer): Buffer => {
  const n = body.length
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff])
  return Buffer.concat([Buffer.from([tag]), len, body])
}
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts))
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts))
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split('.').map(Number)
  const bytes = [a! * 40 + b!]
  for (const n of rest) {
    const chunk = [n & 0x7f]
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80)
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}
const int = (n: number): Buffer => tlv(0x02, Buffer.from([n]))
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s))
const utcTime = (d: Date): Buffer => tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'))
const explicit = (n: number, body: Buffer): Buffer => tlv(0xa0 + n, body)

/** `{ cert, key }` in PEM for `hostname`, valid from yesterday for a year. */
export function selfSignedCertificate(hostname: string): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'))
  const name = seq(set(seq(oid('2.5.4.3'), utf8(hostname))))
  const now = Date.now()
  const validity = seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 365 * 86_400_000)))
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const san = seq(oid('2.5.29.17'), tlv(0x04, seq(tlv(0x82, Buffer.from(hostname)))))
  const basicConstraints = seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(tlv(0x01, Buffer.from([0xff])))))
  const tbs = seq(explicit(0, int(2)), int(1), ecdsaSha256, name, validity, name, spki, explicit(3, seq(san, basicConstraints)))
  const signature = sign('sha256', tbs, privateKey)
  const der = seq(tbs, ecdsaSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  const pem = (label: string, body: Buffer): string =>
    `-----BEGIN ${label}-----\n${body
      .toString('base64')
      .replace(/(.{64})/g, '$1\n')
      .replace(/\n$/, '')}\n-----END ${label}-----\n`
  return {
    cert: pem('CERTIFICATE', der),
    key: createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }))
      .export({ type: 'pkcs8', format: 'pem' })
      .toString()
  }
}
