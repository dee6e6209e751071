import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Finding } from '../../src/model/finding.js'

export const FIXTURES = fileURLToPath(new URL('../fixtures/files/', import.meta.url))
export const CORPUS = `${FIXTURES}corpus/`

/** The text of a fixture under `__tests__/fixtures/files/`, decoded as UTF-8 (BOM kept). */
export function fixtureText(relative: string): string {
  return readFileSync(`${FIXTURES}${relative}`, 'utf8')
}

/** Names of the fixtures in a corpus folder. */
export function corpusFiles(folder: 'collections' | 'environments' | 'odd'): string[] {
  return readdirSync(`${CORPUS}${folder}`).sort()
}

/** The 1-based line `line` of `text`, as an editor shows it. */
export function lineText(text: string, line: number): string {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[line - 1] ?? ''
}

/** 1-based line and column of the `nth` (0-based) occurrence of `needle`, computed independently. */
export function positionOfText(text: string, needle: string, nth = 0): { line: number; column: number } {
  let offset = -1
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1)
    if (offset < 0) throw new Error(`'${needle}' occurs fewer than ${nth + 1} times`)
  }
  const before = text.slice(0, offset).split(/\r\n|\r|\n/)
  return { line: before.length, column: before[before.length - 1]!.length + 1 }
}

export const errorsOf = (findings: Finding[]): Finding[] => findings.filter((finding) => finding.level === 'error')
export const warningsOf = (findings: Finding[]): Finding[] => findings.filter((finding) => finding.level === 'warning')

/** Fake credentials built at run time, so no token-shaped literal is committed. */
export const fakeSecrets = {
  postman: ['PMAK', '0123456789abcdef01234567', '0123456789abcdef0123456789abcdef01'].join('-'),
  githubClassic: `${'gh'}p_${'A1b2C3d4E5'.repeat(4)}`,
  githubFineGrained: `${'github'}_pat_${'11ABCDEFG0'.repeat(2)}ab_${'x'.repeat(59)}`
}
