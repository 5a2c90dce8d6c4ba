import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { generateDefinition } from '@funnel/designer';
import { browserSuite } from './browser-suite';
import { signInWithApiKey } from './sign-in-with-api-key';
import { SCREENSHOTS, UI_TIMEOUT_MS } from './browser-test-settings';
import { canvasGeometry, drawingProblems, stageNameSizes, type CanvasGeometry, type ScreenBox } from './canvas-geometry';

// How the designer draws (issue 24, "Drawing"): checked from the rendered geometry, not by eye, on the minimal trunk,
// the standard trunk and the 60-stage funnel the render benchmark draws, each after auto layout and again after a
// stage is dragged across others; the 60-stage funnel readable at fit view; a stage found by name.

const suite = browserSuite();

/** The funnels drawn, by workflow key, and the stage each test drags across the others. */
const FUNNELS: { key: string; definition: () => WorkflowDefinition; dragged: string }[] = [
  { key: 'minimal_trunk', definition: () => getTemplate('minimal_trunk').definition, dragged: 'lead' },
  { key: 'standard_trunk', definition: () => getTemplate('standard_trunk').definition, dragged: 'mql' },
  { key: 'generated', definition: () => generateDefinition({ stages: 60, transitions: 150 }), dragged: 's3' },
];
const NO_PROBLEMS = { labelsUnderStages: [], labelsOverLabels: [], edgesThroughStages: [] };
/** Rendered stage names must be at least this tall, in screen pixels. */
const READABLE_PIXELS = 10;
/** How near the pointer a dropped stage's centre lands: the canvas snaps it to its 20 px grid. */
const DROP_SLACK = 8;
/** Readings of the canvas this far apart that agree mean it has settled (fit view's and a drop's animation done). */
const SETTLE_MS = 150;

describe('drawing the funnel', () => {
  const openedPage = suite.pageFor('drawing');
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `drawing-${name}.png`) });

  beforeAll(async () => {
    page = openedPage();
    const apiKey = await suite.funnel.newTenant('Browser test drawing');
    for (const funnel of FUNNELS) {
      await suite.funnel.graphql({
        apiKey,
        query: 'mutation($input: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $input) { __typename } }',
        variables: { input: { key: funnel.key, definition: funnel.definition() } },
      });
    }
    await signInWithApiKey({ page, url: suite.funnel.url, apiKey });
  });

  for (const funnel of FUNNELS) {
    it(`draws ${funnel.key} after auto layout with no label under a stage and no edge through one`, async () => {
      await page.goto(`${suite.funnel.url}/#/workflows/${funnel.key}`);
      await page.getByTestId(`stage-${funnel.dragged}`).waitFor();
      await page.getByTestId('auto-layout').click();
      const geometry = await settledGeometry(page);
      await shot(`${funnel.key}-auto-layout`);
      expect(geometry.edges.length).toBe(edgeCount(funnel.definition()));
      expect(geometry.labels.length).toBe(geometry.edges.length);
      expect(drawingProblems(geometry)).toEqual(NO_PROBLEMS);
    });

    it(`routes ${funnel.key}'s edges again when ${funnel.dragged} is dragged across other stages`, async () => {
      const before = await settledGeometry(page);
      const canvas = await page.locator('.react-flow').boundingBox();
      if (!canvas) throw new Error('the canvas is not on screen');
      const panels = await Promise.all(['.react-flow__minimap', '.react-flow__controls', '.stage-search'].map((panel) => page.locator(panel).boundingBox()));
      const from = centre(stageBox(before, funnel.dragged));
      const to = freeSpotAcross({ geometry: before, id: funnel.dragged, canvas, panels: panels.flatMap((panel) => (panel ? [panel] : [])) });
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      // A hand starts a drag with a small move (React Flow starts dragging there), then carries the stage across.
      await page.mouse.move(from.x + 2, from.y + 2);
      await page.mouse.move(to.x, to.y, { steps: 12 });
      // As a person would, let go once the stage is under the pointer.
      await expect
        .poll(async () => distance(centre(stageBox(await canvasGeometry(page), funnel.dragged)), to), { timeout: UI_TIMEOUT_MS })
        .toBeLessThan(DROP_SLACK);
      await page.mouse.up();
      const after = await settledGeometry(page);
      await shot(`${funnel.key}-dragged`);
      const moved = centre(stageBox(after, funnel.dragged));
      expect(Math.hypot(moved.x - to.x, moved.y - to.y)).toBeLessThan(DROP_SLACK);
      expect(drawingProblems(after)).toEqual(NO_PROBLEMS);
    });
  }

  it('shows the 60-stage funnel at fit view on 1280 × 800 with every stage name at least 10 px and whole', async () => {
    await page.goto(`${suite.funnel.url}/#/workflows/generated`);
    await page.getByTestId('stage-s0').waitFor();
    await page.locator('.toolbar button', { hasText: 'Fit view' }).click();
    await settledGeometry(page);
    await shot('generated-fit-view');
    const names = await stageNameSizes(page);
    expect(names).toHaveLength(60);
    expect(names.filter((name) => name.pixels < READABLE_PIXELS || !name.whole)).toEqual([]);
  });

  it('finds a stage by name and jumps to it, selected and at full size', async () => {
    await page.getByTestId('stage-search').fill('stage 42');
    await page.getByTestId('stage-search-s42').waitFor();
    await page.getByTestId('stage-search').press('Enter');
    await expect.poll(() => page.getByTestId('stage-s42').getAttribute('class'), { timeout: UI_TIMEOUT_MS }).toContain('selected');
    const geometry = await settledGeometry(page);
    await shot('generated-search');
    const canvas = await page.locator('.react-flow').boundingBox();
    if (!canvas) throw new Error('the canvas is not on screen');
    const found = centre(stageBox(geometry, 's42'));
    expect(Math.abs(found.x - (canvas.x + canvas.width / 2))).toBeLessThan(5);
    expect(Math.abs(found.y - (canvas.y + canvas.height / 2))).toBeLessThan(5);
    expect((await stageNameSizes(page)).find((name) => name.id === 's42')?.pixels).toBeGreaterThanOrEqual(12);
  });
});

function edgeCount(definition: WorkflowDefinition): number {
  return definition.transitions.reduce((count, transition) => count + transition.from.length, 0);
}

/** The canvas's geometry once two readings SETTLE_MS apart agree (fit view and drops animate). */
async function settledGeometry(page: Page): Promise<CanvasGeometry> {
  let last = '';
  for (;;) {
    await page.waitForTimeout(SETTLE_MS);
    const geometry = await canvasGeometry(page);
    const reading = JSON.stringify(geometry);
    if (reading === last && geometry.stages.length > 0) return geometry;
    last = reading;
  }
}

function stageBox(geometry: CanvasGeometry, id: string): ScreenBox {
  const stage = geometry.stages.find((candidate) => candidate.id === id);
  if (!stage) throw new Error(`stage ${id} is not on the canvas`);
  return stage.box;
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function centre(box: ScreenBox): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** React Flow pans the canvas while a stage is dragged this close to its border: drops stay farther in. */
const AUTO_PAN_BORDER = 60;

/**
 * Where to drop the stage so that it travels across others: of the free places on a grid over the canvas (the
 * stage's box, with a quarter of its height around it, away from the canvas's border, overlapping no other stage
 * and no panel), the one whose straight way from the stage crosses the most other stages, the farthest of those.
 */
function freeSpotAcross({ geometry, id, canvas, panels }: { geometry: CanvasGeometry; id: string; canvas: ScreenBox; panels: ScreenBox[] }): {
  x: number;
  y: number;
} {
  const box = stageBox(geometry, id);
  const start = centre(box);
  const others = [...geometry.stages.filter((stage) => stage.id !== id).map((stage) => stage.box), ...panels];
  const margin = box.height / 4;
  const inX = box.width / 2 + AUTO_PAN_BORDER;
  const inY = box.height / 2 + AUTO_PAN_BORDER;
  let best: { x: number; y: number; crossed: number; distance: number } | null = null;
  for (let x = canvas.x + inX; x <= canvas.x + canvas.width - inX; x += box.width / 4) {
    for (let y = canvas.y + inY; y <= canvas.y + canvas.height - inY; y += box.height / 4) {
      const room = { x: x - box.width / 2 - margin, y: y - box.height / 2 - margin, width: box.width + 2 * margin, height: box.height + 2 * margin };
      if (others.some((other) => overlaps(room, other))) continue;
      const crossed = others.filter((other) => crosses({ from: start, to: { x, y }, box: other })).length;
      const distance = Math.hypot(x - start.x, y - start.y);
      if (!best || crossed > best.crossed || (crossed === best.crossed && distance > best.distance)) best = { x, y, crossed, distance };
    }
  }
  if (!best || best.crossed === 0) throw new Error(`no free place to drop ${id} across other stages`);
  return best;
}

function overlaps(a: ScreenBox, b: ScreenBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether the straight way from `from` to `to` passes over the box (sampled every few pixels). */
function crosses({ from, to, box }: { from: { x: number; y: number }; to: { x: number; y: number }; box: ScreenBox }): boolean {
  const steps = Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) / 4);
  for (let k = 0; k <= steps; k += 1) {
    const x = from.x + ((to.x - from.x) * k) / steps;
    const y = from.y + ((to.y - from.y) * k) / steps;
    if (x > box.x && x < box.x + box.width && y > box.y && y < box.y + box.height) return true;
  }
  return false;
}
