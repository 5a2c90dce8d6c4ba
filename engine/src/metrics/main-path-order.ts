import type { WorkflowDefinition } from '@funnel/schemas';

/**
 * The stages of the main path in funnel order: a breadth-first walk from the initial stage (then from each
 * pipeline's entry stage not yet reached) over the transitions in definition order, leaving out lost stages
 * (outcome `lost`) and pool stages. Conversion is measured from each stage to the next in this order.
 * @example mainPathOrder(getTemplate('standard_trunk').definition)
 *   // → ['lead', 'mql', 'sql', 'opportunity', 'product_trial', 'contract_negotiation', 'won']
 */
export function mainPathOrder(definition: WorkflowDefinition): string[] {
  const onPath = new Set(definition.stages.filter((s) => s.outcome !== 'lost' && !s.pool).map((s) => s.key));
  const roots = [definition.initialStage, ...(definition.pipelines ?? []).map((p) => p.entryStage)];
  const order: string[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    if (!onPath.has(root) || seen.has(root)) continue;
    seen.add(root);
    const queue = [root];
    for (let stage = queue.shift(); stage !== undefined; stage = queue.shift()) {
      order.push(stage);
      for (const transition of definition.transitions) {
        if (!transition.from.includes(stage) || !onPath.has(transition.to) || seen.has(transition.to)) continue;
        seen.add(transition.to);
        queue.push(transition.to);
      }
    }
  }
  return order;
}
