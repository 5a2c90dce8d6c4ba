import type { CompiledAssignmentRule, CompiledWorkflow } from './compiled-workflow';
import { guardData } from './guard-data';
import type { FunnelRecord, Instant } from './record';
import { truthy } from './truthy';

/**
 * The assignment rule that routes a record: the first, in definition order, whose `when` holds for it (a rule without
 * `when` matches every record). It sees what guards see: fields (the score among them), counters, `record.*` and
 * `pool.*`. Null when the definition has no assignment rules or none matches: the record is not routed (its creator
 * owns it, as without rules).
 * @example matchAssignmentRule({ workflow, record, now })?.rule.key // → 'enterprise'
 */
export function matchAssignmentRule(args: { workflow: CompiledWorkflow; record: FunnelRecord; now: Instant }): { rule: CompiledAssignmentRule } | null {
  const rules = args.workflow.assignment?.rules;
  if (!rules) return null;
  const data = guardData(args.record, args.now, args.workflow.scoring);
  const rule = rules.find((candidate) => candidate.when === undefined || truthy(candidate.when(data)));
  return rule ? { rule } : null;
}
