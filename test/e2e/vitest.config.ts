import { defineConfig } from 'vitest/config';

// Run alone with: npx vitest run --config test/e2e/vitest.config.ts (typecheck: npx tsc -p test/e2e).
// Each worker keeps the api's modules loaded between files (importing them again per file cost ~3 s a file); every
// file starts its own api and store (harness.ts), so no state crosses files but the modules'.
export default defineConfig({
  test: {
    name: 'e2e',
    root: __dirname,
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    isolate: false,
  },
});
