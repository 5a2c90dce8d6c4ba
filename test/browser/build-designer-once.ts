import { buildDesigner } from './start-funnel-for-browser';

/**
 * Vitest's global setup for the browser tests: one `vite build` of the designer before any test file
 * starts, so the files can run side by side without building twice into the same directory.
 */
export async function setup(): Promise<void> {
  await buildDesigner();
}
