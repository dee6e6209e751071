/**
 * Log escaping and the lint rule that forces every log call in src/ through it.
 */
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { escapeForLog, guardedLines } from '../../src/util/log-text.js'
import { parseWorkflowCommands } from '../../scripts/lib/run-action.js'

const HOSTILE = [
  'a\n::error title=FORGED::FORGED',
  'a\r\n::set-output name=tests-passed::true',
  'a\r::add-mask::x',
  'a\u2028::warning::FORGED',
  'a\u2029::notice::FORGED',
  'a\u0085::error::FORGED',
  '::error::FORGED at the start',
  'a%0A::error::FORGED percent-encoded',
  '::stop-commands::abc',
  ':\n:error::FORGED split colons'
]

describe('escapeForLog', () => {
  it.each(HOSTILE)('leaves %j on one line with no command in it', (text) => {
    const line = `prefix ${escapeForLog(text)}`
    const alone = escapeForLog(text)
    for (const printed of [line, alone]) {
      expect(printed).not.toMatch(/[\r\n\u2028\u2029\u0085]/)
      expect(printed).not.toContain('::')
      expect(parseWorkflowCommands(printed)).toEqual([])
    }
  })

  it('keeps ordinary text as it is and shows line breaks visibly', () => {
    expect(escapeForLog('postman/users.postman_collection.json (Users)')).toBe('postman/users.postman_collection.json (Users)')
    expect(escapeForLog('a\nb\r\nc')).toBe('a\\nb\\r\\nc')
  })

  it('a guarded block keeps its lines raw between a fresh random token pair', () => {
    const lines = guardedLines(['::error::inside'])
    expect(parseWorkflowCommands(lines.join('\n'))).toEqual([])
  })
})

describe('the lint rule: no raw log call in src/', () => {
  // The rule under test is syntactic, and the snippets are not files of the TypeScript project:
  // the type-aware rules (and the project service they need) are left out.
  const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..'), overrideConfig: tseslint.configs.disableTypeChecked })
  const lint = async (code: string, file = 'src/report/example.ts') =>
    (await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '../..', file) }))[0]!.messages.map((m) => m.ruleId)

  it.each([
    "import * as core from '@actions/core'\nexport const f = (name: string) => core.info(`Adopted ${name}`)\n",
    "import * as core from '@actions/core'\nexport const f = (name: string) => core.warning(name)\n",
    "import * as core from '@actions/core'\nexport const f = (name: string) => core.startGroup(name)\n",
    "import * as core from '@actions/core'\nexport const log = { info: core.info }\n",
    'export const f = (name: string) => console.log(name)\n',
    'export const f = (name: string) => process.stdout.write(name)\n'
  ])('flags %j', async (code) => {
    expect(await lint(code)).toContain('no-restricted-syntax')
  })

  it('allows the escaping helper itself and logging through it', async () => {
    expect(await lint("import { safeLog } from '../util/log-text.js'\nexport const f = (name: string) => safeLog.info(name)\n")).toEqual([])
  })

  it('finds no raw log call in the sources', async () => {
    const results = await eslint.lintFiles(['src/**/*.ts'])
    const raw = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${r.filePath}:${m.line}`))
    expect(raw).toEqual([])
  })
})
