import ELK from 'elkjs/lib/elk.bundled.js';
import type { WorkflowDefinition } from '@funnel/schemas';

/** The size a stage node is laid out with (StageNode's CSS keeps to it). */
export const STAGE_NODE_WIDTH = 220;
export const STAGE_NODE_HEIGHT = 120;
/** Layout snaps to the same grid the canvas snaps to. */
export const GRID_SIZE = 20;

const elk = new ELK();

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.nodeNode': '50',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.edgeRouting': 'POLYLINE',
};

/**
 * Places every stage with ELK's layered layout (left to right, following the
 * transitions) and returns the definition with positions on the grid.
 * @example (await layoutStages(definition)).stages[0].position // → { x: 0, y: 120 }
 */
export async function layoutStages(definition: WorkflowDefinition): Promise<WorkflowDefinition> {
  const stageKeys = new Set(definition.stages.map((stage) => stage.key));
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: definition.stages.map((stage) => ({ id: stage.key, width: STAGE_NODE_WIDTH, height: STAGE_NODE_HEIGHT })),
    edges: definition.transitions.flatMap((transition) =>
      transition.from
        .filter((from) => stageKeys.has(from) && stageKeys.has(transition.to))
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
