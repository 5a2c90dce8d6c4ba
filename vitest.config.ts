import { defineConfig } from 'vitest/config';

// One Vitest run over every package; each package keeps its tests in test/.
const project = (name: string, extra: Record<string, unknown> = {}) => ({
  test: { name, root: `./${name}`, include: ['test/**/*.test.{ts,tsx}'], ...extra },
});

export default defineConfig({
  test: {
    // Two files at a time (Vitest's default is one less than the cores: one, here); most of a file's time is
    // waiting on a store or an api it started.
    maxWorkers: 2,
    projects: [
      project('schemas'),
      project('engine'),
      project('embedded-mongo', { testTimeout: 60_000, hookTimeout: 60_000 }),
      project('api', { testTimeout: 60_000, hookTimeout: 60_000 }),
      project('designer'),
      // scripts/ is not a package: the root's own scripts (the bench table), tested as plain ES modules.
      project('scripts', { include: ['test/**/*.test.mjs'] }),
      // Cross-package suites keep their own configs (timeouts, modules kept between files, the designer's build).
      './test/e2e/vitest.config.ts',
      './test/browser/vitest.config.ts',
    ],
  },
});
