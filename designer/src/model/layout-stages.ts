import { PHASES, type WorkflowDefinition } from '@funnel/schemas';
import type { Box, Point } from './box';
import { definitionToFlow } from './definition-to-flow';
import { rerouteEdges, type EdgeRoute, type RoutingInput } from './edge-routes';
import { elkDrawings, type ElkDrawing, type LayoutStage } from './elk-layered';
import { generateDefinition } from './generate-definition';
import { phaseLayers } from './phase-layers';
import { routingInput } from './routing-input';
import { wrapLayers } from './wrap-layers';

/** The canvas grid drags snap to. */
export const GRID_SIZE = 20;
/** The gap between two rows of a wrapped funnel, where the edges between rows run with their labels. */
const ROW_GAP = 70;
/** Outcome stages come after every phase. */
const OUTCOME_RANK = PHASES.length;

/** The size of the funnel the warm-up lays out: big enough that ELK's code paths are compiled by the JIT. */
const WARM_UP_STAGES = 40;
const WARM_UP_TRANSITIONS = 100;
/**
 * How many times the warm-up lays it out: ELK (Java compiled to JavaScript) runs its rows two to five times
 * slower on its first layouts than once the JIT has seen a few, and the warm-up runs while the browser is idle.
 */
const WARM_UP_ROUNDS = 4;

/** A laid-out definition (every stage has a position) and how each of its edges is drawn. */
export interface StageLayout {
  definition: WorkflowDefinition;
  routes: Map<string, EdgeRoute>;
}

/**
 * Lays out a throw-away funnel a few times so ELK's and the router's code is loaded and compiled before the first
 * real layout (the designer calls it when idle at start-up, so opening a workflow does not pay for it).
 * @example await warmUpLayout()
 */
export async function warmUpLayout(): Promise<void> {
  const definition = generateDefinition({ stages: WARM_UP_STAGES, transitions: WARM_UP_TRANSITIONS });
  for (let round = 0; round < WARM_UP_ROUNDS; round += 1) await layoutStages({ definition, locale: 'en' });
}

/**
 * Places every stage and routes every edge. Phases read left to right (lead, opportunity, order, then the
 * outcomes); a funnel of more than ten layers wraps into rows, each row one phase's lane, so it reads like text
 * instead of one long line. ELK lays out each row with its edges routed orthogonally and their labels placed;
 * the edges between rows (and nothing else) go to the local router, whose labels avoid every stage and every
 * label ELK placed. Positions are whole pixels.
 * @example (await layoutStages({ definition, locale: 'en' })).routes.get('qualify:lead')?.points.length // → 2
 */
export async function layoutStages({ definition, locale }: { definition: WorkflowDefinition; locale: string }): Promise<StageLayout> {
  const flow = definitionToFlow(definition);
  const input = routingInput({ ...flow, locale });
  const stages = definition.stages.map((stage): LayoutStage => {
    const box = input.boxes.get(stage.key) as Box;
    return {
      key: stage.key,
      width: box.width,
      height: box.height,
      rank: stage.outcome ? OUTCOME_RANK : PHASES.indexOf(stage.phase),
      outcome: Boolean(stage.outcome),
    };
  });
  const rankOf = new Map(stages.map((stage) => [stage.key, stage.rank]));
  const rows = wrapLayers({ layers: phaseLayers({ stages, edges: input.edges }), rankOf: (key) => rankOf.get(key) ?? 0 });
  const placed = await drawRows({ rows, stages, input });
  const laidOut: RoutingInput = { boxes: placed.boxes, edges: input.edges };
  return {
    definition: { ...definition, stages: definition.stages.map((stage) => ({ ...stage, position: positionOf(placed.boxes.get(stage.key)) })) },
    routes: rerouteEdges({ input: laidOut, previous: { input: laidOut, routes: placed.routes } }),
  };
}

/**
 * Each row drawn by ELK, the rows stacked top to bottom and left-aligned; when the funnel wraps, its outcome
 * stages (the last row) stand in a column to the right of all rows, where every row's edges to them end.
 * Stage boxes are on whole pixels.
 */
async function drawRows({ rows, stages, input }: { rows: readonly string[][]; stages: readonly LayoutStage[]; input: RoutingInput }) {
  const byKey = new Map(stages.map((stage) => [stage.key, stage]));
  const drawings = await elkDrawings({ rows: rows.map((row) => row.flatMap((key) => byKey.get(key) ?? [])), edges: input.edges });
  const last = rows[rows.length - 1] ?? [];
  const outcomeColumn = rows.length > 1 && last.every((key) => byKey.get(key)?.outcome) ? drawings.pop() : undefined;
  const boxes = new Map<string, Box>();
  const routes = new Map<string, EdgeRoute>();
  const place = (drawing: ElkDrawing, by: Point) => {
    for (const [key, box] of drawing.boxes) boxes.set(key, { ...box, x: Math.round(box.x + by.x), y: Math.round(box.y + by.y) });
    for (const [id, route] of drawing.routes) routes.set(id, shifted(route, by));
  };
  let top = 0;
  for (const drawing of drawings) {
    place(drawing, { x: 0, y: top });
    top += drawing.height + ROW_GAP;
  }
  if (outcomeColumn)
    place(outcomeColumn, { x: Math.max(...drawings.map((drawing) => drawing.width)) + ROW_GAP, y: Math.max(0, (top - ROW_GAP - outcomeColumn.height) / 2) });
  return { boxes, routes };
}

function shifted(route: EdgeRoute, by: Point): EdgeRoute {
  return {
    points: route.points.map((point) => ({ x: point.x + by.x, y: point.y + by.y })),
    label: { ...route.label, x: route.label.x + by.x, y: route.label.y + by.y },
  };
}

function positionOf(box: Box | undefined): { x: number; y: number } {
  return box ? { x: box.x, y: box.y } : { x: 0, y: 0 };
}
