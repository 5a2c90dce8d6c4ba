import { assignmentOrder, countsForCapacity, matchAssignmentRule, type AssignmentMember, type CompiledAssignmentRule } from '../src';
import type { StepContext } from './run-suite-action';
import type { SuiteAction } from './suite-case';

/** The routing actions of the suites (assignment.json). */
export type AssignmentAction = Extract<SuiteAction, { type: 'route' | 'assignment_order' | 'assignment_sweep' | 'counts_for_capacity' }>;

function ruleNamed(context: StepContext, key: string): CompiledAssignmentRule {
  const rule = context.workflow.assignment?.rules.find((r) => r.key === key);
  if (!rule) throw new Error(`the definition has no assignment rule "${key}"`);
  return rule;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`this action needs ${what}`);
  return value;
}

/** The first member tried for each ticket of the sweep, counted, and the fewest and most each got in any window. */
function sweep(action: Extract<AssignmentAction, { type: 'assignment_sweep' }>, context: StepContext): unknown {
  const rule = ruleNamed(context, action.rule);
  const firsts: string[] = [];
  for (let t = action.fromTicket; t < action.fromTicket + action.tickets; t++) {
    firsts.push(assignmentOrder({ rule, members: action.members, ticket: t, now: context.now })[0] ?? '(nobody)');
  }
  const counts: Record<string, number> = {};
  for (const id of firsts) counts[id] = (counts[id] ?? 0) + 1;
  if (action.window === undefined) return { counts };
  const ids = Object.keys(counts);
  const inWindow: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  const min: Record<string, number> = {};
  const max: Record<string, number> = {};
  firsts.forEach((id, i) => {
    inWindow[id] = (inWindow[id] ?? 0) + 1;
    const left = firsts[i - (action.window ?? 0)];
    if (left !== undefined) inWindow[left] = (inWindow[left] ?? 0) - 1;
    if (i + 1 < (action.window ?? 0)) return;
    for (const member of ids) {
      min[member] = Math.min(min[member] ?? Number.POSITIVE_INFINITY, inWindow[member] ?? 0);
      max[member] = Math.max(max[member] ?? 0, inWindow[member] ?? 0);
    }
  });
  return { counts, windows: { min, max } };
}

/**
 * Runs one routing action: which rule matches the record and whom it offers, the order for one rule and ticket,
 * a sweep over many tickets, or whether the record counts against its owner's capacity.
 * @example runAssignmentAction({ type: 'counts_for_capacity' }, context) // → { counts: true }
 */
export function runAssignmentAction(action: AssignmentAction, context: StepContext): unknown {
  const { workflow, now } = context;
  switch (action.type) {
    case 'route': {
      const match = matchAssignmentRule({ workflow, record: need(context.record, 'a record'), now });
      if (!match) return { rule: null };
      const { rule } = match;
      const members: AssignmentMember[] = action.members[rule.key] ?? [];
      const strategy = rule.target.type === 'team' ? rule.target.strategy : null;
      return { rule: rule.key, strategy, candidates: assignmentOrder({ rule, members, ticket: action.ticket, now }) };
    }
    case 'assignment_order': {
      const order = assignmentOrder({ rule: ruleNamed(context, action.rule), members: action.members, ticket: action.ticket, now });
      return action.summary ? { members: order.length, distinct: new Set(order).size === order.length } : { order };
    }
    case 'assignment_sweep':
      return sweep(action, context);
    case 'counts_for_capacity':
      return { counts: countsForCapacity({ workflow, record: need(context.record, 'a record') }) };
    default: {
      const never: never = action;
      throw new Error(`unknown action ${JSON.stringify(never)}`);
    }
  }
}
