import type { ELK, ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';
import type { Box, Point } from './box';
import type { EdgeRoute, RoutableEdge } from './edge-routes';
import { ROUTE_CLEARANCE } from './orthogonal-router';

/** A stage as ELK lays it out: its size, its phase's rank (lanes read in rank order) and whether it ends the funnel. */
export interface LayoutStage {
  key: string;
  width: number;
  height: number;
  rank: number;
  outcome: boolean;
}

/** What ELK made of a set of stages: their boxes, the routes and labels of the edges between them, and its size. */
export interface ElkDrawing {
  boxes: Map<string, Box>;
  routes: Map<string, EdgeRoute>;
  width: number;
  height: number;
}

// ELK (1.5 MB) is its own chunk, loaded on first use or by the idle warm-up, not with the page.
let engine: Promise<ELK> | null = null;

function layoutEngine(): Promise<ELK> {
  engine ??= import('elkjs/lib/elk.bundled.js').then(({ default: Bundled }) => new Bundled());
  return engine;
}

const SHARED_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  // Phases read left to right: every lead stage before every opportunity stage, outcomes last.
  'elk.partitioning.activate': 'true',
  // Outcome stages sit in the last layer on their own (OUTCOME_OPTIONS), so the graph stays one component.
  'elk.separateConnectedComponents': 'false',
  // A cycle (SQL returned to MQL, a pool that feeds the lead stage) is broken against the order stages are
  // listed in, which is the order people read the funnel in: the return goes backwards, not the acceptance.
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
};

// A drawing pass routes edges orthogonally, keeping the local router's clearance from stages, with each label
// in the middle of its edge: ELK gives labels room of their own, so none sits under a stage.
const DRAWING_OPTIONS: LayoutOptions = {
  ...SHARED_OPTIONS,
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  // Tight between layers (the labels there take room of their own): a funnel is wide, and the canvas is not.
  'elk.layered.spacing.nodeNodeBetweenLayers': '20',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  'elk.spacing.nodeNode': '40',
  'elk.spacing.edgeNode': String(ROUTE_CLEARANCE),
  'elk.spacing.edgeEdge': '6',
  'elk.spacing.edgeLabel': '4',
  // A row holds a few layers: more thorough crossing minimisation changes little there and costs each row.
  'elk.layered.thoroughness': '1',
};

// Won and lost end the funnel, and nearly every stage can go to lost: they get a last layer of their own.
const OUTCOME_OPTIONS: LayoutOptions = { 'elk.layered.layering.layerConstraint': 'LAST_SEPARATE' };

/** One row as an ELK graph: its stages, and the edges among them with their labels. */
function rowGraph({ id, stages, edges }: { id: string; stages: readonly LayoutStage[]; edges: readonly RoutableEdge[] }): ElkNode {
  const keys = new Set(stages.map((stage) => stage.key));
  return {
    id,
    layoutOptions: DRAWING_OPTIONS,
    children: stages.map((stage) => ({
      id: stage.key,
      width: stage.width,
      height: stage.height,
      layoutOptions: { 'elk.partitioning.partition': String(stage.rank), ...(stage.outcome ? OUTCOME_OPTIONS : {}) },
    })),
    edges: edges
      .filter((edge) => keys.has(edge.source) && keys.has(edge.target))
      .map(
        (edge): ElkExtendedEdge => ({
          id: edge.id,
          sources: [edge.source],
          targets: [edge.target],
          // ELK leaves a label without text out of the layout.
          labels: [{ id: `${edge.id}#label`, text: edge.id, width: edge.label.width, height: edge.label.height }],
        }),
      ),
  };
}

/**
 * Lays out each row of stages with ELK's layered layout, left to right, and routes the edges within each row
 * orthogonally with their labels placed by ELK; edges between rows are left to the caller. All rows go to ELK in
 * one call, each a child graph of a root ELK leaves where it is: each layout ELK runs has a fixed cost of several
 * milliseconds, whatever its size.
 * @example const [first] = await elkDrawings({ rows: [stages], edges }); first.routes.get('qualify:lead')?.label
 */
export async function elkDrawings({ rows, edges }: { rows: readonly (readonly LayoutStage[])[]; edges: readonly RoutableEdge[] }): Promise<ElkDrawing[]> {
  const laidOut = await (await layoutEngine()).layout({
    id: 'rows',
    layoutOptions: { 'elk.algorithm': 'fixed' },
    children: rows.map((stages, index) => rowGraph({ id: `row ${index}`, stages, edges })),
  });
  return (laidOut.children ?? []).map(drawingOf);
}

/** A laid-out row: boxes and routes relative to the row's top left corner. */
function drawingOf(row: ElkNode): ElkDrawing {
  const boxes = new Map(
    (row.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 }]),
  );
  const routes = new Map<string, EdgeRoute>();
  for (const edge of (row.edges ?? []) as ElkExtendedEdge[]) {
    const section = edge.sections?.[0];
    const label = edge.labels?.[0];
    if (!section || !label) continue;
    const points: Point[] = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(({ x, y }) => ({ x, y }));
    routes.set(edge.id, { points, label: { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } });
  }
  return { boxes, routes, width: row.width ?? 0, height: row.height ?? 0 };
}
