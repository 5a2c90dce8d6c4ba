import type { CompiledWorkflow } from './compiled-workflow';
import type { Actor, Decision, FunnelRecord, Instant } from './record';
import { runRules } from './run-rules';
import { stepTransition } from './step-transition';
import { transitionBlockers, type TransitionInput } from './transition-blockers';

/**
 * Applies a transition for an actor: every blocker is checked (refused with all of them; a person's move that needs
 * approval is refused with `approval_required` first), then the new record, its events and effects; rules that now hold fire after it (bounded chain).
 * @example applyTransition({ workflow, record, transition: 'qualify', actor, now }) // → { type: 'applied', record: { stage: 'mql', … }, events, effects }
 */
export function applyTransition(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  transition: string;
  actor: Actor;
  input?: TransitionInput;
  now: Instant;
}): Decision {
  const { workflow, now } = args;
  const transition = workflow.transition(args.transition);
  if (!transition) return { type: 'not_found', what: 'transition', key: args.transition };
  // A person's move that needs approval is asked for (requestApproval), not taken; timers and rules take it.
  if (transition.approval && !args.actor.system) {
    const { roles, ownerManager } = transition.approval;
    const others = transitionBlockers({ workflow, record: args.record, transition, actor: args.actor, now, input: args.input, checkInput: true });
    return { type: 'refused', blockers: [{ type: 'approval_required', roles: [...roles], ownerManager }, ...others] };
  }
  const result = stepTransition({ workflow, record: args.record, transition, actor: args.actor, now, input: args.input, cause: 'actor' });
  if (result.type !== 'applied') return result;
  if (workflow.rulesFrom(result.record.stage).length === 0) return result;
  return { type: 'applied', ...runRules({ workflow, change: result, now }) };
}
