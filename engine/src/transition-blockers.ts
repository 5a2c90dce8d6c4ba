import { escapePointer, MAX_PROBABILITY } from '@funnel/schemas';
import type { CompiledTransition, CompiledWorkflow } from './compiled-workflow';
import { missingFieldBlockers } from './missing-field-blockers';
import { guardData, type GuardData } from './guard-data';
import { mergeFieldChanges } from './merge-field-changes';
import type { Actor, Blocker, FunnelRecord, Instant } from './record';
import { truthy } from './truthy';
import { invalidFieldBlockers } from './invalid-field-blockers';

/** What the actor supplies with a transition: a reason, fields filled in on the way, a probability override. */
export interface TransitionInput {
  reason?: string;
  /** Fields filled in on the way; one set to `null` is cleared (a required one cannot be). */
  fields?: Record<string, unknown>;
  probability?: number;
}

/**
 * One transition tried on a record: by whom, when and with what input.
 * @example const attempt: TransitionAttempt = { workflow, record, transition: workflow.transition('qualify')!, actor, now };
 */
export interface TransitionAttempt {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  transition: CompiledTransition;
  actor: Actor;
  now: Instant;
  input?: TransitionInput | undefined;
}

/**
 * Every reason a transition cannot be taken now, in a fixed order: stage, role, invalid input fields (a required
 * field cleared among them), missing required fields, guard, the target stage's guard, reason, probability override. Input fields count as
 * filled in for the checks, and those set to `null` as absent.
 * @example transitionBlockers({ workflow, record, transition, actor, now, checkInput: true }) // → [{ type: 'role', required: ['sales'] }]
 */
export function transitionBlockers(
  args: TransitionAttempt & {
    /** Check the reason and probability (apply); availableTransitions without input only reports them as options. */
    checkInput: boolean;
    /** System causes (timers, rules) do not need a reason. */
    waiveReason?: boolean;
    /** Claims and releases are governed by their own rules, not the transition's roles. */
    skipRoles?: boolean;
    /** Precomputed guard data (no input fields) when checking several transitions of one record. */
    data?: GuardData;
  },
): Blocker[] {
  const { workflow, record, transition, actor, input } = args;
  const blockers: Blocker[] = [];
  if (!transition.from.has(record.stage)) {
    blockers.push({ type: 'wrong_stage', stage: record.stage, allowed: [...transition.from] });
  }
  const roles = transition.roles;
  if (roles && !actor.system && !args.skipRoles && !actor.roles.some((r) => roles.includes(r))) blockers.push({ type: 'role', required: [...roles] });
  let fields = record.fields;
  if (input?.fields) {
    const cleared = Object.keys(input.fields).filter((name) => input.fields?.[name] === null);
    const set = cleared.length === 0 ? input.fields : Object.fromEntries(Object.entries(input.fields).filter(([, value]) => value !== null));
    blockers.push(...invalidFieldBlockers(workflow.validateFieldChanges(set)));
    fields = mergeFieldChanges(record.fields, input.fields);
    if (cleared.length > 0) blockers.push(...clearedRequired({ workflow, fields, cleared }));
  }
  blockers.push(...missingFieldBlockers({ required: transition.requiredFields, fields }));
  const { guard, stageGuard } = transition;
  if (guard || stageGuard) {
    const data =
      fields === record.fields && args.data ? args.data : guardData(fields === record.fields ? record : { ...record, fields }, args.now, workflow.scoring);
    if (guard && !truthy(guard.evaluate(data))) blockers.push({ type: 'guard', message: guard.message });
    if (stageGuard && !truthy(stageGuard.evaluate(data))) blockers.push({ type: 'guard', message: stageGuard.message });
  }
  if (args.checkInput) blockers.push(...inputBlockers({ transition, input, waiveReason: args.waiveReason === true }));
  return blockers;
}

/** A required field the input clears, refused at its pointer (the field schema's own message says why). */
function clearedRequired(input: { workflow: CompiledWorkflow; fields: Record<string, unknown>; cleared: string[] }): Blocker[] {
  const pointers = new Set(input.cleared.map((name) => `/${escapePointer(name)}`));
  return input.workflow
    .validateFields(input.fields)
    .filter((d) => pointers.has(d.pointer))
    .map((d) => ({ type: 'invalid_field', code: d.code, pointer: `/fields${d.pointer}`, message: `${d.message}: it cannot be cleared` }));
}

function inputBlockers({
  transition,
  input,
  waiveReason,
}: {
  transition: CompiledTransition;
  input: TransitionInput | undefined;
  waiveReason: boolean;
}): Blocker[] {
  const blockers: Blocker[] = [];
  const spec = transition.reason;
  const reason = input?.reason;
  if (spec && reason === undefined && spec.required && !waiveReason) {
    blockers.push({ type: 'reason_required', options: [...spec.options] });
  }
  if (spec && reason !== undefined && !spec.options.includes(reason)) {
    blockers.push({ type: 'unknown_reason', reason, options: [...spec.options] });
  }
  const probability = input?.probability;
  if (probability !== undefined) {
    if (!transition.allowProbabilityOverride) blockers.push({ type: 'probability_override_not_allowed' });
    else if (!(probability >= 0 && probability <= MAX_PROBABILITY)) {
      blockers.push({ type: 'invalid_field', code: 'range', pointer: '/probability', message: `must be between 0 and ${MAX_PROBABILITY}` });
    }
  }
  return blockers;
}
