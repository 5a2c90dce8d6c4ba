import { defineConfig } from 'vitest/config';

// Runs the browser tests on their own: `npx vitest run --config test/browser/vitest.config.ts`.
// (The root config's `test` project includes test/test/**, which does not reach test/browser/.)
export default defineConfig({
  test: {
    name: 'test-browser',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./build-designer-once.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
