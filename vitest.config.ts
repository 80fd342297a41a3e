import { defineConfig } from 'vitest/config';

/** Suites that need a PostgreSQL server (several connections, several nodes) run only when DATABASE_URL is set. */
const postgresOnly = process.env.DATABASE_URL ? [] : ['**/*.postgres.test.ts'];

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'test/browser/**', 'test/reliability/**', 'ui-builder/dist/**', ...postgresOnly],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
