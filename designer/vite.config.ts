import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where the api listens in development; Vite proxies GraphQL to it so the designer is same-origin. */
const API_ORIGIN = process.env.FUNNEL_API_ORIGIN ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  root: import.meta.dirname,
  server: { proxy: { '/graphql': API_ORIGIN } },
  build: {
    outDir: 'dist',
    // dist/types holds tsc's declaration output; keep it.
    emptyOutDir: false,
    chunkSizeWarningLimit: 4000,
  },
});
