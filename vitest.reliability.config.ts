import { defineConfig } from 'vitest/config';

/** test/reliability: fuzzing, hostile input, faults and load. `npm run test:reliability`. */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    exclude: process.env.DATABASE_URL ? [] : ['**/*.postgres.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
