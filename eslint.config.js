// @ts-check
import tseslint from 'typescript-eslint';

/** Imports that would tie the pure core to a server, a database or a browser UI. */
const adapterImports = [
  { group: ['@mikro-orm/*', 'mikro-orm-pglite', '@electric-sql/*', 'pg'], message: 'The pure core must not touch the database: return data and let engine/persistence store it.' },
  { group: ['graphql', 'graphql-*', '@pothos/*'], message: 'The pure core must not depend on GraphQL: graphql/ adapts the core, not the other way round.' },
  { group: ['bpmn-js', 'bpmn-js-*', '@bpmn-io/*', 'diagram-js'], message: 'UI libraries belong in ui-builder/; the core runs headless.' },
  { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process'], message: 'The pure core runs in the browser too: take what you need as a parameter instead of a Node built-in.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'ui-builder/dist/**', '.rebaz/**', 'test-results/**', 'engine/persistence/migrations/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['definitions/**/*.ts', 'engine/runtime/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: adapterImports }] },
  },
);
