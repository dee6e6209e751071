// ESLint flat config: typescript-eslint's recommended rules over the sources, tests and scripts.
// The bundle and installed packages are not ours to lint.
import tseslint from 'typescript-eslint'

/**
 * The runner reads any stdout line starting with `::` as a workflow command, and much of what the
 * action prints comes from the pull request or from services. So in src/ text reaches the log only
 * through src/util/log-text.ts (escaped, or inside a stop-commands guard): direct `core.info`,
 * `core.warning`, `core.error`, `core.notice`, `core.debug`, `core.startGroup`, `console.*` and
 * `process.stdout/stderr` are errors everywhere else (__tests__/unit/log-rule.test.ts checks it).
 */
const RAW_LOG_MESSAGE = 'Log through src/util/log-text.ts (safeLog, printGuarded, annotationSink): untrusted text must not start a workflow command.'
export const RAW_LOG_RULE = [
  'error',
  { selector: "MemberExpression[object.name='core'][property.name=/^(info|warning|error|notice|debug|startGroup|group)$/]", message: RAW_LOG_MESSAGE },
  { selector: "MemberExpression[object.name='console']", message: RAW_LOG_MESSAGE },
  { selector: "MemberExpression[object.name='process'][property.name=/^(stdout|stderr)$/]", message: RAW_LOG_MESSAGE }
]

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tmp/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names mark deliberately unused parameters (interface implementations, fakes).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
    }
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/util/log-text.ts'],
    rules: { 'no-restricted-syntax': RAW_LOG_RULE }
  },
  {
    // Small functions with few positional parameters (CONTRIBUTING.md): past four, pass one named
    // options object; past 80 lines, split by job. Tests and scripts are not held to it.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'max-params': ['error', 4]
    }
  }
)
