// Lint: ESLint's and typescript-eslint's recommended rules over the plugin, the e2e tests and the
// tools. Rules switched off are explained in docs/design.md ("Lint and format").
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tmp/**', 'examples/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e.ts', 'e2e/**/*.ts', 'packages/*/src/test-support/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    // tools/ and the config files are CommonJS scripts run by node: require is how they import.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
