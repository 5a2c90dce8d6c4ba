import type { WorkflowDefinition } from '@funnel/schemas';

/** What every guard can read besides the definition's fields (docs/engine-api.md, "What a guard or rule sees"). */
const BUILT_IN_GUARD_VARIABLES = [
  'counters.calls',
  'counters.unansweredCalls',
  'counters.touches',
  'counters.touchesWithoutResponse',
  'counters.meetings',
  'counters.emails',
  'record.stage',
  'record.owner',
  'record.probability',
  'record.daysInStage',
  'record.hoursInStage',
  'record.pipeline',
  'pool.reason',
  'pool.touches',
  'pool.touchesWithoutResponse',
  'pool.dormant',
] as const;

/**
 * The names the condition builder offers for "field": the definition's fields, then the built-ins.
 * @example guardFieldNames(definition).includes('counters.unansweredCalls') // → true
 */
export function guardFieldNames(definition: WorkflowDefinition): string[] {
  return [...Object.keys(definition.fields.properties), ...BUILT_IN_GUARD_VARIABLES];
}
