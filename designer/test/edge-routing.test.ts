import { describe, expect, it } from 'vitest';
import { getTemplate, templates, type WorkflowDefinition } from '@funnel/schemas';
import { boxesOverlap, inflateBox, segmentCrossesBox, type Box } from '../src/model/box';
import { definitionToFlow } from '../src/model/definition-to-flow';
import { rerouteEdges, type EdgeRoutes, type RoutingInput } from '../src/model/edge-routes';
import { findStages } from '../src/model/find-stages';
import { generateDefinition } from '../src/model/generate-definition';
import { layoutStages } from '../src/model/layout-stages';
import { ROUTE_CLEARANCE, routeOrthogonal } from '../src/model/orthogonal-router';
import { placeEdgeLabel } from '../src/model/place-edge-label';
import { routingInput } from '../src/model/routing-input';
import { wrapLayers } from '../src/model/wrap-layers';

const box = (x: number, y: number): Box => ({ x, y, width: 220, height: 100 });
/** ELK on 60 stages takes a second or two; on a loaded 2-core machine, several. */
const LAYOUT_TIMEOUT_MS = 30_000;

/** Every way a drawing can be wrong: a route through a stage (its own ends touch its stages' borders), a label over a stage or a label. */
function drawingProblems({ input, routes }: { input: RoutingInput; routes: EdgeRoutes }): string[] {
  const problems: string[] = [];
  const labels = [...routes.entries()];
  for (const [id, route] of labels) {
    for (const [key, stage] of input.boxes) {
      if (boxesOverlap(route.label, stage)) problems.push(`label ${id} over ${key}`);
      const inner = inflateBox(stage, -1);
      if (route.points.some((point, k) => k > 0 && segmentCrossesBox(route.points[k - 1]!, point, inner))) problems.push(`edge ${id} through ${key}`);
    }
  }
  labels.forEach(([id, route], index) => {
    for (const [other, next] of labels.slice(index + 1)) if (boxesOverlap(route.label, next.label)) problems.push(`label ${id} over ${other}`);
  });
  for (const edge of input.edges) if (!routes.has(edge.id)) problems.push(`edge ${edge.id} not drawn`);
  return problems;
}

function unplaced(definition: WorkflowDefinition): WorkflowDefinition {
  return { ...definition, stages: definition.stages.map(({ position: _position, ...stage }) => stage) };
}

describe('the local router', () => {
  it('goes round a stage in the way, keeping its clearance, and enters the target from the left', () => {
    const boxes = new Map([
      ['a', box(0, 0)],
      ['b', box(300, 0)],
      ['c', box(600, 0)],
    ]);
    const route = routeOrthogonal({ boxes, edges: [{ id: 'a-c', source: 'a', target: 'c' }] }).get('a-c')!;
    expect(route[0]).toEqual({ x: 220, y: 50 });
    expect(route.at(-1)).toEqual({ x: 600, y: 50 });
    expect(route.at(-2)!.x).toBeLessThan(600);
    const keptOff = inflateBox(boxes.get('b')!, ROUTE_CLEARANCE - 1);
    expect(route.some((point, k) => k > 0 && segmentCrossesBox(route[k - 1]!, point, keptOff))).toBe(false);
  });

  it('draws an edge back to a stage on the left from the left side to its right side (the lead → pool kind)', () => {
    const boxes = new Map([
      ['pool', box(0, 200)],
      ['lead', box(400, 0)],
    ]);
    const route = routeOrthogonal({ boxes, edges: [{ id: 'recycle:lead', source: 'lead', target: 'pool' }] }).get('recycle:lead')!;
    expect(route[0]!.x).toBe(400);
    expect(route.at(-1)!.x).toBe(220);
  });

  it('draws every edge of every template at its saved positions with no route through a stage and no label over another', () => {
    for (const template of templates) {
      const input = routingInput({ ...definitionToFlow(template.definition), locale: 'en' });
      expect(drawingProblems({ input, routes: rerouteEdges({ input }) }), template.key).toEqual([]);
    }
  });
});

describe('labels', () => {
  it('go on the route where they cover nothing, and off it, on the nearest free place, when the route is covered', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 300, y: 0 },
    ];
    expect(placeEdgeLabel({ points, size: { width: 60, height: 20 }, occupied: [] })).toEqual({ x: 120, y: -10, width: 60, height: 20 });
    const covering = { x: -10, y: -30, width: 320, height: 60 };
    const label = placeEdgeLabel({ points, size: { width: 60, height: 20 }, occupied: [covering] });
    expect(boxesOverlap(label, covering)).toBe(false);
  });
});

describe('routing again after a change', () => {
  const definition = getTemplate('standard_trunk').definition;
  const flow = definitionToFlow(definition);
  const before = routingInput({ ...flow, locale: 'en' });
  const routes = rerouteEdges({ input: before });

  it('routes again the edges of a moved stage and those it now lies across, and keeps every other route as it was', () => {
    const boxes = new Map(before.boxes);
    // The MQL stage dropped below the trunk, across the SQL → opportunity edge's way.
    boxes.set('mql', { ...boxes.get('mql')!, x: 700, y: 340 });
    const after = rerouteEdges({ input: { ...before, boxes }, previous: { input: before, routes } });
    const touching = new Set(before.edges.filter((edge) => edge.source === 'mql' || edge.target === 'mql').map((edge) => edge.id));
    for (const edge of before.edges) {
      if (touching.has(edge.id)) expect(after.get(edge.id), edge.id).not.toBe(routes.get(edge.id));
    }
    expect([...after.values()].filter((route) => [...routes.values()].includes(route)).length).toBeGreaterThan(0);
    expect(drawingProblems({ input: { ...before, boxes }, routes: after })).toEqual([]);
  });

  it('routes again the edges whose label changed size (another language), and no other', () => {
    const chinese = routingInput({ ...flow, locale: 'zh-Hans' });
    const after = rerouteEdges({ input: chinese, previous: { input: before, routes } });
    for (const edge of chinese.edges) {
      const old = before.edges.find((candidate) => candidate.id === edge.id)!;
      if (old.label.width === edge.label.width) expect(after.get(edge.id)).toBe(routes.get(edge.id));
      else expect(after.get(edge.id)?.label.width).toBe(edge.label.width);
    }
  });
});

describe('the layout', () => {
  it.each([
    ...templates.map((template) => [template.key, template.definition] as const),
    ['60 stages', generateDefinition({ stages: 60, transitions: 150 })] as const,
  ])(
    'lays out %s with every edge drawn, none through a stage, and no label over a stage or a label',
    async (_key, definition) => {
      const { definition: laidOut, routes } = await layoutStages({ definition: unplaced(definition), locale: 'en' });
      const input = routingInput({ ...definitionToFlow(laidOut), locale: 'en' });
      expect(drawingProblems({ input, routes })).toEqual([]);
    },
    LAYOUT_TIMEOUT_MS,
  );

  it(
    'wraps the 60-stage funnel into rows, each of one phase, lead rows above opportunity rows, outcomes in a column to the right',
    async () => {
      const definition = generateDefinition({ stages: 60, transitions: 150 });
      const { definition: laidOut } = await layoutStages({ definition, locale: 'en' });
      const byKey = new Map(laidOut.stages.map((stage) => [stage.key, stage]));
      const rowOf = (key: string) => Math.round(byKey.get(key)!.position!.y / 100);
      const open = laidOut.stages.filter((stage) => !stage.outcome);
      const lowestLead = Math.max(...open.filter((stage) => stage.phase === 'lead').map((stage) => byKey.get(stage.key)!.position!.y));
      const highestOpportunity = Math.min(...open.filter((stage) => stage.phase === 'opportunity').map((stage) => byKey.get(stage.key)!.position!.y));
      expect(lowestLead).toBeLessThan(highestOpportunity);
      expect(new Set(open.map((stage) => rowOf(stage.key))).size).toBeGreaterThanOrEqual(6);
      const rightmostOpen = Math.max(...open.map((stage) => stage.position!.x));
      for (const outcome of laidOut.stages.filter((stage) => stage.outcome)) expect(outcome.position!.x).toBeGreaterThan(rightmostOpen);
      // Wrapped to the canvas's shape, not one long row: about as wide as tall, give or take a factor of two.
      const xs = laidOut.stages.map((stage) => stage.position!.x);
      const ys = laidOut.stages.map((stage) => stage.position!.y);
      const aspect = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
      expect(aspect).toBeGreaterThan(0.7);
      expect(aspect).toBeLessThan(3);
    },
    LAYOUT_TIMEOUT_MS,
  );

  it('keeps a short funnel one row, and cuts a long one at phase changes into rows of even length', () => {
    const layers = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => [`${prefix}${index}`]);
    expect(wrapLayers({ layers: layers(4, 'a'), rankOf: () => 0 })).toEqual([['a0', 'a1', 'a2', 'a3']]);
    const rows = wrapLayers({ layers: [...layers(20, 'lead'), ...layers(38, 'opp')], rankOf: (key) => (key.startsWith('lead') ? 0 : 1) });
    expect(rows.every((row) => row.every((key) => key.startsWith('lead')) || row.every((key) => key.startsWith('opp')))).toBe(true);
    const lengths = rows.map((row) => row.length);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(2);
  });
});

describe('finding a stage', () => {
  it('matches the name in the user language or the key, those starting with the query first', () => {
    const { stages } = getTemplate('standard_trunk').definition;
    expect(findStages({ stages, query: 'opp', locale: 'en', limit: 8 }).map((stage) => stage.key)).toEqual(['opportunity']);
    expect(findStages({ stages, query: '商机', locale: 'zh-Hans', limit: 8 }).map((stage) => stage.key)).toEqual(['opportunity']);
    expect(findStages({ stages, query: 'l', locale: 'en', limit: 2 }).map((stage) => stage.key)).toEqual(['lead', 'lost']);
    expect(findStages({ stages, query: '  ', locale: 'en', limit: 8 })).toEqual([]);
  });
});
