import type { RoutableEdge } from './edge-routes';
import type { LayoutStage } from './elk-layered';

/**
 * The layers a wrapped layout cuts into rows, left to right: the stages in phase order (a stage's rank), each
 * phase's stages in the order the definition lists them, and each stage one layer past the farthest stage before
 * it that has a transition to it (longest path). A transition back to a stage listed earlier (a return, the pool
 * feeding the lead stage) is a back edge and does not count, as ELK's model-order cycle breaking has it; nor does
 * one into an outcome stage: outcomes share the last layer. ELK lays out each row again, with its edges; this only
 * numbers the layers, which an ELK pass over the whole graph did in as long as the whole layout used to take.
 * @example phaseLayers({ stages, edges }) // → [['lead'], ['pool'], ['opportunity'], ['order', 'lost']]
 */
export function phaseLayers({ stages, edges }: { stages: readonly LayoutStage[]; edges: readonly RoutableEdge[] }): string[][] {
  const order = stages.map((stage, index) => ({ stage, index })).sort((a, b) => a.stage.rank - b.stage.rank || a.index - b.index);
  const place = new Map(order.map(({ stage }, at) => [stage.key, at]));
  const incoming = new Map<string, string[]>();
  for (const edge of edges) {
    const from = place.get(edge.source);
    const to = place.get(edge.target);
    if (from === undefined || to === undefined || from >= to || order[to]?.stage.outcome) continue;
    incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
  }
  const layerOf = new Map<string, number>();
  let deepest = -1;
  let rankStart = 0;
  let rank: number | null = null;
  for (const { stage } of order) {
    if (stage.rank !== rank) [rank, rankStart] = [stage.rank, deepest + 1];
    const layer = Math.max(rankStart, ...(incoming.get(stage.key) ?? []).map((source) => (layerOf.get(source) ?? 0) + 1));
    layerOf.set(stage.key, layer);
    deepest = Math.max(deepest, layer);
  }
  const layers: string[][] = Array.from({ length: deepest + 1 }, () => []);
  for (const { stage } of order) layers[layerOf.get(stage.key) ?? 0]?.push(stage.key);
  return layers.filter((layer) => layer.length > 0);
}
