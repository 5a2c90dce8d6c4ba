import { PHASES, type WorkflowDefinition } from '@funnel/schemas';

/** One phase of the stage path and its stages, in the definition's order. */
export interface PathPhase {
  phase: (typeof PHASES)[number];
  stages: string[];
}

/**
 * Every stage of a workflow grouped by phase (lead, opportunity, order), each group in the definition's order;
 * phases without stages are left out.
 * @example stagePath(standardTrunk)[0] // → { phase: 'lead', stages: ['lead', 'mql', 'sql', 'pool'] }
 */
export function stagePath(definition: WorkflowDefinition): PathPhase[] {
  return PHASES.map((phase) => ({ phase, stages: definition.stages.filter((stage) => stage.phase === phase).map((stage) => stage.key) })).filter(
    (group) => group.stages.length > 0,
  );
}
