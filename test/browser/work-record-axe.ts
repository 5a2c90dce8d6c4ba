import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** axe-core's browser build, injected into the page under test. */
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** One axe finding: its rule, impact and the elements it names. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core over the page, but for the parts named in `exclude` (CSS selectors), and returns its serious and
 * critical findings (none is the goal).
 * @example expect(await seriousAxeFindings({ page })).toEqual([]);
 */
export async function seriousAxeFindings({ page, exclude = [] }: { page: Page; exclude?: string[] }): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async (excluded) => {
    const axe = (window as unknown as { axe: { run: (context: object, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    const context = excluded.length === 0 ? document : { include: [['html']], exclude: excluded.map((selector) => [selector]) };
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  }, exclude);
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
}
