import type { Transition } from '@funnel/schemas';
import type { Box } from './box';
import type { StageFlowNode, TransitionFlowEdge } from './definition-to-flow';
import { edgeLabelSize } from './edge-label-size';
import type { RoutableEdge, RoutingInput } from './edge-routes';
import { localizedText } from './localized-text';
import { stageNodeSize } from './stage-node-size';

// A label's size is asked for on every edit and every step of a drag: measure each text once.
const measured = new Map<string, { width: number; height: number }>();

function labelSize(text: string, guarded: boolean): { width: number; height: number } {
  const key = `${guarded ? 1 : 0}${text}`;
  let size = measured.get(key);
  if (!size) {
    size = edgeLabelSize({ text, guarded });
    measured.set(key, size);
  }
  return size;
}

/**
 * The transition's label as the canvas shows it in this locale: its name (its key when it has none).
 * @example edgeLabelText(transition, 'zh-Hans') // → '转为商机'
 */
export function edgeLabelText(transition: Transition, locale: string): string {
  return localizedText(transition.name, locale) || transition.key;
}

/**
 * What routing needs from the canvas: each stage's box (its position and the size it is drawn at) and each
 * edge's ends and label size in the user's locale.
 * @example routingInput({ nodes, edges, locale: 'en' }).boxes.get('lead') // → { x: 0, y: 0, width: 220, height: 100 }
 */
export function routingInput({
  nodes,
  edges,
  locale,
}: {
  nodes: readonly StageFlowNode[];
  edges: readonly TransitionFlowEdge[];
  locale: string;
}): RoutingInput {
  const boxes = new Map<string, Box>(nodes.map((node) => [node.id, { ...node.position, ...stageNodeSize(node.data.stage) }]));
  const routable = edges.map(
    (edge): RoutableEdge => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      label: edge.data ? labelSize(edgeLabelText(edge.data.transition, locale), Boolean(edge.data.transition.guard)) : { width: 0, height: 0 },
    }),
  );
  return { boxes, edges: routable };
}
