// ESLint flat config: typescript-eslint's type-aware recommended rules over the sources, tests and
// scripts (the types come from tsconfig.json through the project service). The bundle and installed
// packages are not ours to lint.
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
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      // A `switch` over a union must name every member (or have a default), so a new kind of
      // resource, finding or fault cannot silently fall through.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // `_`-prefixed names mark deliberately unused parameters (interface implementations, fakes).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
    }
  },
  {
    // Tests inspect parsed JSON (responses, bundles, logs) on purpose, as `any`; asserting its shape
    // is what the expectations do, so the no-unsafe-* family would only add casts there.
    files: ['__tests__/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off'
    }
  },
  {
    // Plain JavaScript (this file, the build script) is outside the TypeScript project.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked
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
