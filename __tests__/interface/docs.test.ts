import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  ACTION_YML,
  README_MD,
  embeddedPaths,
  renderBenchTable,
  renderEmbeddedFiles,
  renderInputsTable,
  renderReadme,
  renderReadmeFromDisk
} from '../../scripts/generate-docs.js'

describe('README.md', () => {
  it('has the inputs and outputs tables npm run docs writes from action.yml', () => {
    const readme = readFileSync(README_MD, 'utf8')
    const expected = renderReadme(readme, readFileSync(ACTION_YML, 'utf8'))
    expect(readme, 'README.md is out of date with action.yml: run npm run docs and commit README.md').toBe(expected)
  })

  it('embeds the example workflows and the benchmark results as they are committed', async () => {
    const readme = readFileSync(README_MD, 'utf8')
    expect(embeddedPaths(readme).length).toBeGreaterThan(0)
    expect(readme, 'README.md embeds a stale example or benchmark table: run npm run docs and commit README.md').toBe(await renderReadmeFromDisk(readme))
  })

  it('gives the test command exactly as .ci/run runs it', () => {
    expect(readFileSync(README_MD, 'utf8')).toContain('npm ci && npm test\n')
  })
})

describe('renderBenchTable', () => {
  it('shows each figure with its unit, target and whether it was met', () => {
    expect(
      renderBenchTable([
        { suite: 'sync', figure: 'no-op sync', value: 4, unit: 'calls', target: '≤ 4', met: true },
        { suite: 'scale', figure: 'run | 10,000 requests', value: 256965, unit: 'ms' },
        { suite: 'cold start', figure: 'spawn to first request', value: 1145, unit: 'ms', target: '< 1000 ms', met: false }
      ])
    ).toBe(
      [
        '| suite | figure | value | target | met? |',
        '| --- | --- | --- | --- | --- |',
        '| sync | no-op sync | 4 calls | ≤ 4 | yes |',
        '| scale | run \\| 10,000 requests | 256,965 ms | — | — |',
        '| cold start | spawn to first request | 1,145 ms | < 1000 ms | **no** |'
      ].join('\n')
    )
  })
})

describe('renderEmbeddedFiles', () => {
  it('replaces each embedded block with the file as a code block, and nothing else', () => {
    const readme = ['intro', '<!-- file:a.yml -->', 'old', '<!-- /file -->', 'tail', ''].join('\n')
    expect(renderEmbeddedFiles(readme, { 'a.yml': 'on: push\n' })).toBe(
      ['intro', '<!-- file:a.yml -->', '```yaml', 'on: push', '```', '<!-- /file -->', 'tail', ''].join('\n')
    )
  })

  it('refuses a block whose file was not read', () => {
    expect(() => renderEmbeddedFiles('<!-- file:b.yml -->\n<!-- /file -->', {})).toThrow(/b\.yml/)
  })
})

describe('renderReadme', () => {
  const actionYml = [
    'inputs:',
    '  first:',
    '    description: >-',
    '      One | two',
    '      three.',
    "    default: '**/*.json'",
    '  second:',
    '    description: Needed.',
    '    required: true',
    'outputs:',
    '  done:',
    '    description: Whether it finished.'
  ].join('\n')
  const readme = [
    '# T',
    'intro',
    '<!-- inputs:start -->',
    'stale',
    '<!-- inputs:end -->',
    'middle',
    '<!-- outputs:start -->',
    '<!-- outputs:end -->',
    'tail',
    ''
  ].join('\n')

  it('replaces only what lies between the markers', () => {
    expect(renderReadme(readme, actionYml)).toBe(
      [
        '# T',
        'intro',
        '<!-- inputs:start -->',
        '| Input | Description | Default |',
        '| --- | --- | --- |',
        '| `first` | One \\| two three. | `**/*.json` |',
        '| `second` **(required)** | Needed. | — |',
        '<!-- inputs:end -->',
        'middle',
        '<!-- outputs:start -->',
        '| Output | Description |',
        '| --- | --- |',
        '| `done` | Whether it finished. |',
        '<!-- outputs:end -->',
        'tail',
        ''
      ].join('\n')
    )
  })

  it('is idempotent', () => {
    const once = renderReadme(readme, actionYml)
    expect(renderReadme(once, actionYml)).toBe(once)
  })

  it('fences a default that contains a backtick', () => {
    expect(renderInputsTable({ inputs: { x: { description: 'd', default: 'a`b' } } })).toContain('| ``a`b`` |')
  })

  it.each([
    ['no inputs markers', readme.replace('<!-- inputs:start -->', '')],
    [
      'markers in the wrong order',
      readme.replace('<!-- outputs:start -->', 'X').replace('<!-- outputs:end -->', '<!-- outputs:start -->').replace('X', '<!-- outputs:end -->')
    ],
    ['a marker twice', `${readme}<!-- inputs:start -->\n`]
  ])('refuses a README with %s', (_name, broken) => {
    expect(() => renderReadme(broken, actionYml)).toThrow(/README.md needs exactly one/)
  })
})
