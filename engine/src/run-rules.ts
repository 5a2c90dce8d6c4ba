import type { CompiledWorkflow } from './compiled-workflow';
import { guardData } from './guard-data';
import type { Change, Instant } from './record';
import { stepTransition } from './step-transition';
import { SYSTEM_ACTORS } from './system-actor';
import { truthy } from './truthy';

/**
 * How many rule transitions may follow one change; a definition whose rules loop stops here.
 * @example runRules({ workflow, change, now }).events.filter((e) => e.type === 'transitioned').length // → at most MAX_RULE_CHAIN + 1
 */
export const MAX_RULE_CHAIN = 10;

/**
 * After a change, fires the rules whose transition starts at the record's stage and whose condition now holds
 * (first in definition order whose transition is not blocked), again on the new stage, at most MAX_RULE_CHAIN times.
 * Each fired transition records the rule's `reason` (else its key, where the transition allows it) and names the
 * rule (`rule` on the `transitioned` event). The record's version is not stepped again: the whole chain is one change.
 * @example runRules({ workflow, change, now }).events.at(-1) // → { type: 'transitioned', cause: 'rule', transition: 'disqualify', … }
 */
export function runRules(args: { workflow: CompiledWorkflow; change: Change; now: Instant }): Change {
  const { workflow, now } = args;
  let current = args.change;
  for (let step = 0; step < MAX_RULE_CHAIN; step++) {
    const rules = workflow.rulesFrom(current.record.stage);
    if (rules.length === 0) return current;
    const data = guardData(current.record, now, workflow.scoring);
    let fired: Change | undefined;
    for (const rule of rules) {
      const transition = workflow.transition(rule.fire);
      if (!transition || !truthy(rule.when(data))) continue;
      const result = stepTransition({
        workflow,
        record: current.record,
        transition,
        actor: SYSTEM_ACTORS.rule,
        now,
        cause: 'rule',
        causeKey: rule.key,
        input: rule.reason !== undefined ? { reason: rule.reason } : undefined,
        rule: rule.key,
      });
      if (result.type === 'applied') {
        // One version step per change: the rule's transition belongs to the change that triggered it.
        result.record.version = current.record.version;
        fired = result;
        break;
      }
    }
    if (!fired) return current;
    current = { record: fired.record, events: [...current.events, ...fired.events], effects: [...current.effects, ...fired.effects] };
  }
  return current;
}
