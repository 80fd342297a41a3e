import { defineConfig } from 'vitest/config';

/**
 * test/browser: Playwright (playwright-core) in the system's Chromium against a real server that
 * serves the built ui-builder. `npm run test:browser` builds the app first.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
