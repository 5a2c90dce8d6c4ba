import { buildDesigner } from './start-funnel-for-browser';

/**
 * Vitest's global setup for the browser tests: one `vite build` of the designer before any test file
 * starts, so the files can run side by side without building twice into the same directory (`npm test` has built it
 * already when it sets FUNNEL_DESIGNER_BUILT).
 */
export async function setup(): Promise<void> {
  // `npm test` builds it beside the checks before Vitest starts, and says so.
  if (process.env.FUNNEL_DESIGNER_BUILT === '1') return;
  await buildDesigner();
}
