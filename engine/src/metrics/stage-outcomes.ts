import type { Outcome, WorkflowDefinition } from '@funnel/schemas';

/**
 * The outcome of each closing stage of a definition: stage key → `won` | `lost`.
 * @example stageOutcomes(getTemplate('minimal_trunk').definition) // → Map { 'order' → 'won', 'lost' → 'lost' }
 */
export function stageOutcomes(definition: WorkflowDefinition): Map<string, Outcome> {
  return new Map(definition.stages.flatMap((s) => (s.outcome ? [[s.key, s.outcome] as const] : [])));
}
