import type { Node, Edge } from '@xyflow/react';
import type { Stage, Transition, WorkflowDefinition } from '@funnel/schemas';
import { stageNodeSize } from './stage-node-size';

/** What a stage node carries: the stage itself, as in the definition. */
type StageNodeData = { stage: Stage };
/** What a transition edge carries: the transition (one edge per `from` stage). */
type TransitionEdgeData = { transition: Transition };

export type StageFlowNode = Node<StageNodeData, 'stage'>;
export type TransitionFlowEdge = Edge<TransitionEdgeData, 'transition'>;

/** The React Flow node type and edge type names (their components are registered once, at module scope). */
const STAGE_NODE_TYPE = 'stage';
const TRANSITION_EDGE_TYPE = 'transition';

/**
 * The id of the edge drawn for one `from` stage of a transition.
 * @example transitionEdgeId('qualify', 'lead') // → 'qualify:lead'
 */
function transitionEdgeId(transitionKey: string, from: string): string {
  return `${transitionKey}:${from}`;
}

/**
 * Turns a definition into React Flow nodes (one per stage, in order) and edges
 * (one per `from` stage of each transition). Stages without a position get
 * { x: 0, y: 0 } and `needsLayout` is true.
 * @example definitionToFlow(minimalTrunk).nodes[0].id // → 'lead'
 */
export function definitionToFlow(definition: WorkflowDefinition): {
  nodes: StageFlowNode[];
  edges: TransitionFlowEdge[];
  needsLayout: boolean;
} {
  const nodes = definition.stages.map(
    (stage): StageFlowNode => ({
      id: stage.key,
      type: STAGE_NODE_TYPE,
      position: stage.position ?? { x: 0, y: 0 },
      // Fixed, known before drawing: layout and routing place the stage at this size.
      ...stageNodeSize(stage),
      data: { stage },
    }),
  );
  const edges = definition.transitions.flatMap((transition) =>
    transition.from.map(
      (from): TransitionFlowEdge => ({
        id: transitionEdgeId(transition.key, from),
        type: TRANSITION_EDGE_TYPE,
        source: from,
        target: transition.to,
        data: { transition },
        // Its label (TransitionEdge) is what a screen reader and the keyboard reach; the line says nothing more.
        domAttributes: { 'aria-hidden': true },
      }),
    ),
  );
  return { nodes, edges, needsLayout: definition.stages.some((stage) => !stage.position) };
}

/**
 * Turns nodes and edges back into a definition: stages from nodes (with their
 * positions), transitions from edges grouped by transition key (sources become
 * `from`, the target `to`), everything else from `base`.
 * @example flowToDefinition({ base, ...definitionToFlow(base) }) // → base, with positions
 */
export function flowToDefinition({
  base,
  nodes,
  edges,
}: {
  base: WorkflowDefinition;
  nodes: readonly StageFlowNode[];
  edges: readonly TransitionFlowEdge[];
}): WorkflowDefinition {
  const stages = nodes.map((node): Stage => ({ ...node.data.stage, key: node.id, position: roundPosition(node.position) }));
  const transitions = new Map<string, Transition>();
  for (const edge of edges) {
    const transition = edge.data?.transition;
    if (!transition) continue;
    const known = transitions.get(transition.key);
    if (known) {
      if (!known.from.includes(edge.source)) known.from.push(edge.source);
    } else {
      transitions.set(transition.key, { ...transition, from: [edge.source], to: edge.target });
    }
  }
  return { ...base, stages, transitions: [...transitions.values()] };
}

function roundPosition(position: { x: number; y: number }): { x: number; y: number } {
  return { x: Math.round(position.x), y: Math.round(position.y) };
}
