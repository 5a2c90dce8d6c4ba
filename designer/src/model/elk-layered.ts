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

// Only the layers matter in the ordering pass: thoroughness 1, simple placement, no greedy switch (together
// several times faster on 60 stages than ELK's defaults), and no labels.
const ORDERING_OPTIONS: LayoutOptions = {
  ...SHARED_OPTIONS,
  'elk.layered.thoroughness': '1',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.edgeRouting': 'POLYLINE',
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

function elkGraph({
  stages,
  edges,
  options,
  labels,
}: {
  stages: readonly LayoutStage[];
  edges: readonly RoutableEdge[];
  options: LayoutOptions;
  labels: boolean;
}): ElkNode {
  const keys = new Set(stages.map((stage) => stage.key));
  return {
    id: 'root',
    layoutOptions: options,
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
          ...(labels ? { labels: [{ id: `${edge.id}#label`, text: edge.id, width: edge.label.width, height: edge.label.height }] } : {}),
        }),
      ),
  };
}

/**
 * The layers ELK's layered layout puts these stages in, left to right (the ordering pass: no labels, no routes
 * kept). Edges into outcome stages are left out: each would cross every layer, and ELK adds a node to each layer
 * an edge crosses (about 1,700 for 60 stages, three quarters of the time).
 * @example await elkLayers({ stages, edges }) // → [['lead'], ['opportunity'], ['order', 'lost']]
 */
export async function elkLayers({ stages, edges }: { stages: readonly LayoutStage[]; edges: readonly RoutableEdge[] }): Promise<string[][]> {
  const outcomes = new Set(stages.filter((stage) => stage.outcome).map((stage) => stage.key));
  const graph = elkGraph({
    stages,
    edges: edges.filter((edge) => !outcomes.has(edge.target) && !outcomes.has(edge.source)),
    options: ORDERING_OPTIONS,
    labels: false,
  });
  const laidOut = await (await layoutEngine()).layout(graph);
  const byX = new Map<number, { key: string; y: number }[]>();
  for (const child of laidOut.children ?? []) {
    const x = Math.round(child.x ?? 0);
    byX.set(x, [...(byX.get(x) ?? []), { key: child.id, y: child.y ?? 0 }]);
  }
  return [...byX.entries()].sort(([a], [b]) => a - b).map(([, layer]) => layer.sort((a, b) => a.y - b.y).map((entry) => entry.key));
}

/**
 * Lays out these stages with ELK's layered layout, left to right, and routes the edges among them orthogonally
 * with their labels placed by ELK; edges to stages not in the set are left to the caller.
 * @example const drawing = await elkDrawing({ stages, edges }); drawing.routes.get('qualify:lead')?.label
 */
export async function elkDrawing({ stages, edges }: { stages: readonly LayoutStage[]; edges: readonly RoutableEdge[] }): Promise<ElkDrawing> {
  const laidOut = await (await layoutEngine()).layout(elkGraph({ stages, edges, options: DRAWING_OPTIONS, labels: true }));
  const boxes = new Map(
    (laidOut.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 }]),
  );
  const routes = new Map<string, EdgeRoute>();
  for (const edge of (laidOut.edges ?? []) as ElkExtendedEdge[]) {
    const section = edge.sections?.[0];
    const label = edge.labels?.[0];
    if (!section || !label) continue;
    const points: Point[] = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(({ x, y }) => ({ x, y }));
    routes.set(edge.id, { points, label: { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } });
  }
  return { boxes, routes, width: laidOut.width ?? 0, height: laidOut.height ?? 0 };
}
