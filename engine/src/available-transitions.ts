import type { LocalizedText, Role, StageGuidance } from '@funnel/schemas';
import type { CompiledWorkflow } from './compiled-workflow';
import { guardData } from './guard-data';
import type { Actor, Blocker, FunnelRecord, Instant } from './record';
import { transitionBlockers, type TransitionInput } from './transition-blockers';

/** One transition out of the record's stage, and everything that blocks it now. */
export interface TransitionOption {
  transition: string;
  to: string;
  name: LocalizedText;
  available: boolean;
  blockers: Blocker[];
  /** The reason the actor will be asked for, if the transition takes one. */
  reason?: { required: boolean; options: string[] };
  allowProbabilityOverride: boolean;
  /** Who approves it, when a person's move is a request for approval (requestApproval) rather than the move. */
  approval?: { roles: Role[]; ownerManager: boolean };
  /** The target stage's guidance: what to do there and the fields that matter there. */
  guidance?: StageGuidance;
}

/**
 * Every transition from the record's stage with all its blockers (role, missing fields, guard; with `input`
 * also reason and probability). Without input a required reason is not a blocker: it is listed under `reason`; nor is
 * approval: it is listed under `approval` (an available option is then requested). Each carries its target stage's
 * guidance; stageGuidance gives the record's own stage's.
 * @example availableTransitions({ workflow, record, actor, now }).filter((o) => o.available).map((o) => o.transition) // → ['qualify']
 */
export function availableTransitions(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  actor: Actor;
  now: Instant;
  input?: TransitionInput;
}): TransitionOption[] {
  const { workflow, record, actor, now, input } = args;
  const transitions = workflow.transitionsFrom(record.stage);
  const data = transitions.some((t) => t.guard || t.stageGuard) ? guardData(record, now, workflow.scoring) : undefined;
  return transitions.map((transition) => {
    const blockers = transitionBlockers({ workflow, record, transition, actor, now, input, checkInput: input !== undefined, data });
    const option: TransitionOption = {
      transition: transition.key,
      to: transition.to,
      name: transition.name,
      available: blockers.length === 0,
      blockers,
      allowProbabilityOverride: transition.allowProbabilityOverride,
    };
    // Assigned, not spread into the literal: a conditional spread makes V8 build the object an order of magnitude slower.
    if (transition.reason) option.reason = { required: transition.reason.required, options: [...transition.reason.options] };
    if (transition.approval) option.approval = { roles: [...transition.approval.roles], ownerManager: transition.approval.ownerManager };
    const guidance = workflow.stage(transition.to)?.guidance;
    if (guidance) option.guidance = guidance;
    return option;
  });
}
