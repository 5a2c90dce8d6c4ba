import { defineConfig } from 'vitest/config';

// Until the root vitest.config.ts lists test/e2e, run these with: npx vitest run --config test/e2e/vitest.config.ts
// (and typecheck them with: npx tsc -p test/e2e).
export default defineConfig({
  test: { name: 'e2e', root: __dirname, include: ['**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
