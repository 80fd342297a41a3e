// @ts-check
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Imports that would tie the pure core to a server, a database or a browser UI. */
const adapterImports = [
  {
    group: ['@mikro-orm/*', 'mikro-orm-pglite', '@electric-sql/*', 'pg'],
    message: 'The pure core must not touch the database: return data and let engine/persistence store it.',
  },
  {
    group: ['graphql', 'graphql-*', '@pothos/*'],
    message: 'The pure core must not depend on GraphQL: graphql/ adapts the core, not the other way round.',
  },
  {
    group: ['bpmn-js', 'bpmn-js-*', '@bpmn-io/*', 'diagram-js'],
    message: 'UI libraries belong in ui-builder/; the core runs headless.',
  },
  {
    group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process'],
    message: 'The pure core runs in the browser too: take what you need as a parameter instead of a Node built-in.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'ui-builder/dist/**',
      '.rebaz/**',
      'test-results/**',
      'engine/persistence/migrations/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // A module that reaches itself through its imports cannot be read, tested or loaded on its own.
    // Type-only imports are erased at runtime and do not count; tests are left out because nothing
    // imports a test, so a test cannot sit in a cycle.
    files: ['**/*.ts'],
    ignores: ['**/*.test.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['definitions/**/*.ts', 'engine/runtime/**/*.ts', 'engine/migration/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: adapterImports }] },
  },
);
