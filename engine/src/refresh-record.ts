import type { CompiledWorkflow } from './compiled-workflow';
import type { Decision, FunnelRecord, Instant } from './record';
import { runRules } from './run-rules';

/**
 * Runs the rules of the record's stage at `now` without any change to it: a rule reading the score sees its decay
 * (an MQL that has gone cold returns to the pool). The api calls it when it refreshes the stored score. Applied
 * with the record as given (nothing to write) when no rule fires; else one version step for the chain.
 * @example refreshRecord({ workflow, record, now: monthLater }).record?.stage // → 'pool'
 */
export function refreshRecord({ workflow, record, now }: { workflow: CompiledWorkflow; record: FunnelRecord; now: Instant }): Decision {
  const change = runRules({ workflow, change: { record, events: [], effects: [] }, now });
  if (change.events.length === 0) return { type: 'applied', record, events: [], effects: [] };
  return { type: 'applied', ...change, record: { ...change.record, version: record.version + 1 } };
}
