// Benchmark: load, lay out (ELK) and render a generated 60-stage, 150-transition definition on the real
// canvas of the built designer in headless Chromium, then time one edit's re-validation and re-render, and a
// drag's re-routing: each step of dragging a stage across others, and the drop.
// Run: npx tsx designer/bench/render.ts   (prints a Markdown table, writes artifacts/bench/render.json)
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import type { RenderBenchResult } from '../src/components/RenderBenchPage';

const DESIGNER_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPOSITORY_ROOT = join(DESIGNER_DIR, '..');
const CHROMIUM_PATH = process.env.FUNNEL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const VIEWPORT = { width: 1280, height: 800 };
const RUNS = 7;
const FIRST_RENDER_TARGET_MS = 500;
const EDIT_TARGET_MS = 50;
const RESULT_TIMEOUT_MS = 60_000;

interface Row {
  benchmark: string;
  value: number;
  unit: string;
  target: string;
  met: boolean | undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  await build({ root: DESIGNER_DIR, configFile: join(DESIGNER_DIR, 'vite.config.ts'), logLevel: 'error' });
  const server = await preview({
    root: DESIGNER_DIR,
    configFile: join(DESIGNER_DIR, 'vite.config.ts'),
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'error',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not say where it listens');
  const profile = mkdtempSync(join(tmpdir(), 'funnel-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: VIEWPORT });
  const runs: (RenderBenchResult & { pageLoadMs: number })[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const page = await context.newPage();
      await page.goto(`${url}?bench=render`);
      await page.waitForFunction(() => window.__renderBench !== undefined, undefined, { timeout: RESULT_TIMEOUT_MS });
      const result = await page.evaluate(() => window.__renderBench);
      if (!result || 'error' in result) throw new Error(`the bench page failed: ${result ? result.error : 'no result'}`);
      const pageLoadMs = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
      runs.push({ ...result, pageLoadMs });
      await page.close();
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  const first = runs[0] as RenderBenchResult;
  const firstRender = median(runs.map((r) => r.firstRenderMs));
  const edit = median(runs.flatMap((r) => r.editMs));
  const dragStep = median(runs.flatMap((r) => r.dragStepMs));
  const drop = median(runs.flatMap((r) => r.dropMs));
  const round = (value: number) => Math.round(value * 10) / 10;
  const size = `${first.nodes} stages, ${first.edges} transitions`;
  const rows: Row[] = [
    {
      benchmark: `designer/render: page load to DOMContentLoaded (built bundle)`,
      value: round(median(runs.map((r) => r.pageLoadMs))),
      unit: 'ms',
      target: '',
      met: undefined,
    },
    {
      benchmark: `designer/render: generate + layout and routing (ELK by rows, the local router between them) (${size})`,
      value: round(median(runs.map((r) => r.generateMs + r.layoutMs))),
      unit: 'ms',
      target: '',
      met: undefined,
    },
    {
      benchmark: `designer/render: load into the store + React Flow render until every node and edge is drawn`,
      value: round(median(runs.map((r) => r.renderMs))),
      unit: 'ms',
      target: '',
      met: undefined,
    },
    {
      benchmark: `designer/render: first validation after render (engine compile)`,
      value: round(median(runs.map((r) => r.validateMs))),
      unit: 'ms',
      target: '',
      met: undefined,
    },
    {
      benchmark: `designer/render: first render, total (generate + layout + load + render)`,
      value: round(firstRender),
      unit: 'ms',
      target: `< ${FIRST_RENDER_TARGET_MS}`,
      met: firstRender < FIRST_RENDER_TARGET_MS,
    },
    {
      benchmark: `designer/render: one edit, re-validate + re-render (median of ${runs.length * first.editMs.length})`,
      value: round(edit),
      unit: 'ms',
      target: `< ${EDIT_TARGET_MS}`,
      met: edit < EDIT_TARGET_MS,
    },
    {
      benchmark: `designer/render: one step of dragging a stage across others, its edges and those it covers routed again and drawn (median of ${runs.length * first.dragStepMs.length})`,
      value: round(dragStep),
      unit: 'ms',
      target: `< ${EDIT_TARGET_MS}`,
      met: dragStep < EDIT_TARGET_MS,
    },
    {
      benchmark: `designer/render: a drag's drop (where the last step was), committed, re-validated and drawn (median of ${runs.length * first.dropMs.length})`,
      value: round(drop),
      unit: 'ms',
      target: `< ${EDIT_TARGET_MS}`,
      met: drop < EDIT_TARGET_MS,
    },
  ];
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
  console.log(
    `Median of ${runs.length} page loads in headless Chromium at ${VIEWPORT.width}×${VIEWPORT.height}; diagnostics on the generated definition: ${first.diagnostics}; machine load average ${load}.\n`,
  );
  console.log('| benchmark | value | unit | target | met |');
  console.log('| --- | ---: | --- | --- | --- |');
  for (const row of rows)
    console.log(`| ${row.benchmark} | ${row.value} | ${row.unit} | ${row.target} | ${row.met === undefined ? '' : row.met ? 'yes' : 'NO'} |`);
  const outDir = join(REPOSITORY_ROOT, 'artifacts', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'render.json'), `${JSON.stringify(rows, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
