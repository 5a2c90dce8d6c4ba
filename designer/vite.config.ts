import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Where the api listens in development; Vite proxies GraphQL to it so the designer is same-origin. */
const API_ORIGIN = process.env.FUNNEL_API_ORIGIN ?? 'http://127.0.0.1:4000';

/** dist/ also holds tsc's declarations (dist/types), so Vite may not empty it: remove old bundles only. */
const cleanAssets: Plugin = {
  name: 'funnel-clean-assets',
  apply: 'build',
  buildStart: () => rmSync(join(import.meta.dirname, 'dist', 'assets'), { recursive: true, force: true }),
};

export default defineConfig({
  plugins: [react(), cleanAssets],
  root: import.meta.dirname,
  server: { proxy: { '/graphql': API_ORIGIN } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    chunkSizeWarningLimit: 4000,
  },
});
