import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * src/ is also the destination's folder in Segment's monorepo (docs/upstream.md), whose Prettier (2.4) cannot parse
 * `satisfies` or inline `type` modifiers, and whose ESLint config forbids empty functions outside tests.
 */
const MONOREPO_SYNTAX = [
  { selector: 'TSSatisfiesExpression', message: "Segment's monorepo (Prettier 2.4) cannot parse `satisfies`." },
  {
    selector: "ImportSpecifier[importKind='type'], ExportSpecifier[exportKind='type']",
    message: "Segment's monorepo (Prettier 2.4) cannot parse inline `type` modifiers: use `import type { ... }`."
  }
]

/** The unit tests in src/ also run in Segment's monorepo, under Jest 27. */
const JEST_27_MISSING = ['isolateModulesAsync', 'advanceTimersByTimeAsync', 'runAllTimersAsync'].map((property) => ({
  object: 'jest',
  property,
  message: "Jest 27 (Segment's monorepo) does not have it."
}))
const JEST_27_SYNTAX = [
  {
    selector: "CallExpression[callee.object.name='jest'][callee.property.name='useFakeTimers'][arguments.length>0]",
    message: "Jest 27 (Segment's monorepo) takes no options here: call jest.useFakeTimers() without arguments."
  }
]

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'artifacts/', 'bench/.build/', 'demo/public/build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...MONOREPO_SYNTAX] }
  },
  {
    files: ['src/**/*.ts'],
    // As the monorepo's config has it: its override for tests covers test files and __tests__/, not test-utils.ts.
    ignores: ['src/**/__tests__/**', 'src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-empty-function': 'error' }
  },
  {
    files: ['src/**/__tests__/**/*.ts', 'src/test-*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...MONOREPO_SYNTAX, ...JEST_27_SYNTAX],
      'no-restricted-properties': ['error', ...JEST_27_MISSING]
    }
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
)
