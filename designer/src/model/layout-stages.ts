import type { ELK } from 'elkjs/lib/elk-api.js';
import type { WorkflowDefinition } from '@funnel/schemas';
import { generateDefinition } from './generate-definition';

/** The size a stage node is laid out with (StageNode's CSS keeps to it). */
export const STAGE_NODE_WIDTH = 220;
export const STAGE_NODE_HEIGHT = 120;
/** Layout snaps to the same grid the canvas snaps to. */
export const GRID_SIZE = 20;

// ELK (1.5 MB) is its own chunk, loaded on first use or by the idle warm-up, not with the page.
let engine: Promise<ELK> | null = null;

function layoutEngine(): Promise<ELK> {
  engine ??= import('elkjs/lib/elk.bundled.js').then(({ default: Bundled }) => new Bundled());
  return engine;
}

// Thoroughness 1 and simple node placement: a 60-stage funnel lays out several times faster than
// with ELK's defaults, and the canvas draws its own edges, so ELK's edge routes are not used anyway.
// Outcome stages sit in the last layer on their own (see OUTCOME_STAGE_OPTIONS), so the graph must
// stay one component: ELK would otherwise pack them beside the funnel.
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.nodeNode': '50',
  'elk.layered.thoroughness': '1',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  // The greedy switch pass after crossing minimisation changes none of the templates' layouts and costs
  // about a quarter of the 60-stage layout.
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.edgeRouting': 'POLYLINE',
  'elk.separateConnectedComponents': 'false',
};

// Won and lost stages end the funnel, and nearly every stage can go to lost: an edge from the first
// stage to lost crosses every layer, and ELK adds a node to each layer it crosses (about 1,700 for
// 60 stages, three quarters of the layout time). So outcome stages are placed in a last layer of
// their own and their transitions are left out of the layout; the canvas still draws them all.
const OUTCOME_STAGE_OPTIONS = { 'elk.layered.layering.layerConstraint': 'LAST_SEPARATE' };

/** The size of the funnel the warm-up lays out: big enough that ELK's code paths are compiled by the JIT. */
const WARM_UP_STAGES = 40;
const WARM_UP_TRANSITIONS = 100;

/**
 * Lays out a throw-away funnel so ELK's code is loaded and compiled before the first real layout
 * (the designer calls it when idle at start-up, so opening a workflow does not pay for it).
 * @example await warmUpLayout()
 */
export async function warmUpLayout(): Promise<void> {
  await layoutStages(generateDefinition({ stages: WARM_UP_STAGES, transitions: WARM_UP_TRANSITIONS }));
}

/**
 * Places every stage with ELK's layered layout (left to right, following the
 * transitions) and returns the definition with positions on the grid.
 * @example (await layoutStages(definition)).stages[0].position // → { x: 0, y: 120 }
 */
export async function layoutStages(definition: WorkflowDefinition): Promise<WorkflowDefinition> {
  const stageKeys = new Set(definition.stages.map((stage) => stage.key));
  const outcomes = new Set(definition.stages.filter((stage) => stage.outcome).map((stage) => stage.key));
  const laidOutWithEdges = (key: string) => stageKeys.has(key) && !outcomes.has(key);
  const elk = await layoutEngine();
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: definition.stages.map((stage) => ({
      id: stage.key,
      width: STAGE_NODE_WIDTH,
      height: STAGE_NODE_HEIGHT,
      ...(outcomes.has(stage.key) ? { layoutOptions: OUTCOME_STAGE_OPTIONS } : {}),
    })),
    edges: definition.transitions.flatMap((transition) =>
      transition.from
        .filter((from) => laidOutWithEdges(from) && laidOutWithEdges(transition.to))
        .map((from) => ({ id: `${transition.key}:${from}`, sources: [from], targets: [transition.to] })),
    ),
  });
  const positions = new Map((graph.children ?? []).map((child) => [child.id, { x: snap(child.x ?? 0), y: snap(child.y ?? 0) }]));
  return {
    ...definition,
    stages: definition.stages.map((stage) => ({ ...stage, position: positions.get(stage.key) ?? { x: 0, y: 0 } })),
  };
}

function snap(value: number): number {
  return Math.round(value / GRID_SIZE) * GRID_SIZE;
}
