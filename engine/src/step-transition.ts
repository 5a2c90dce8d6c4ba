import type { CompiledStage } from './compiled-workflow';
import { enterStage } from './enter-stage';
import { mergeFieldChanges } from './merge-field-changes';
import type { Decision, FunnelEffect, FunnelEvent } from './record';
import { scoreRecord } from './score-record';
import { transitionBlockers, type TransitionAttempt } from './transition-blockers';

/** Why a transition happened, as the `transitioned` event records it. */
export type TransitionCause = Extract<FunnelEvent, { type: 'transitioned' }>['cause'];

type StepArgs = TransitionAttempt & {
  cause: TransitionCause;
  /** For system causes: the timer, rule or cadence key, recorded as the reason when the transition allows it. */
  causeKey?: string;
  /** The rule that fires the transition, named on its event. */
  rule?: string;
  skipRoles?: boolean;
};

/**
 * One transition without the rules that may follow it: checks every blocker, then builds the new record with
 * spreads (no clone, no validation beyond the input fields), the `transitioned` event and the effects to carry out.
 * System causes (timer, rule, nurture) need no reason; they record their own key as the reason when it is allowed.
 * @example stepTransition({ workflow, record, transition, actor, now, cause: 'actor' }).type // → 'applied'
 */
export function stepTransition(args: StepArgs): Decision {
  const { workflow, record, transition: t, actor, now, input } = args;
  const system = args.cause !== 'actor' && args.cause !== 'claim' && args.cause !== 'release';
  const blockers = transitionBlockers({
    workflow,
    record,
    transition: t,
    actor,
    now,
    input,
    checkInput: true,
    waiveReason: system,
    skipRoles: args.skipRoles === true,
  });
  if (blockers.length > 0) return { type: 'refused', blockers };
  const stage = workflow.stage(t.to);
  if (!stage) return { type: 'not_found', what: 'stage', key: t.to };

  let owner = record.owner;
  let fields = input?.fields ? mergeFieldChanges(record.fields, input.fields) : record.fields;
  let counters = record.counters;
  let excluded = false;
  // The two effect loops stay in this function: as helpers V8 does not inline them here (its inlining budget is
  // spent on enterStage), and the calls made a step about 10 % (record effects) and 4 % (notifications) slower (issue 16's A/B).
  for (const effect of t.effects) {
    switch (effect.type) {
      case 'assign_to_actor':
        if (!actor.system) owner = actor.id;
        break;
      case 'clear_owner':
        owner = null;
        break;
      case 'set_field':
        fields = fields === record.fields ? { ...fields } : fields;
        fields[effect.field] = effect.value;
        break;
      case 'increment':
        counters = counters === record.counters ? { ...counters } : counters;
        counters[effect.counter] = (counters[effect.counter] ?? 0) + (effect.by ?? 1);
        break;
      case 'reset_counter':
        counters = counters === record.counters ? { ...counters } : counters;
        counters[effect.counter] = 0;
        break;
      case 'exclude_from_performance':
        excluded = true;
        break;
      case 'notify':
        break;
      default: {
        const never: never = effect;
        throw new Error(`unhandled effect ${JSON.stringify(never)}`);
      }
    }
  }
  const effects: FunnelEffect[] = [];
  for (const effect of t.effects) {
    if (effect.type !== 'notify') continue;
    const userId = effect.to === 'owner' ? owner : effect.to === 'previous_owner' ? record.owner : null;
    effects.push({ type: 'notify', to: effect.to, userId, recordId: record.id, about: t.key });
  }
  const reason = input?.reason ?? systemReason({ args, system });
  const entered = enterStage({
    record: { ...record, owner, fields, counters, excludedFromPerformance: record.excludedFromPerformance || excluded },
    stage,
    now,
    reason,
    previousOwner: record.owner,
  });
  if (input?.probability !== undefined) {
    entered.probability = input.probability;
    entered.probabilityOverride = { by: actor.id, at: now };
  }
  entered.version = record.version + 1;
  const events = stepEvents({ args, stage, reason, owner, excluded });
  const score = scoreRecord({ workflow, record: entered, now });
  if (score && events[0]?.type === 'transitioned') events[0].score = score.score;
  return { type: 'applied', record: entered, events, effects };
}

/** A system cause's own key as the reason, when the transition takes no reason or lists that key among its options. */
function systemReason({ args, system }: { args: StepArgs; system: boolean }): string | undefined {
  const t = args.transition;
  return system && args.causeKey !== undefined && (!t.reason || t.reason.options.includes(args.causeKey)) ? args.causeKey : undefined;
}

/** The `transitioned` event, then `owner_changed` when an effect gave the record another owner. */
function stepEvents(input: { args: StepArgs; stage: CompiledStage; reason: string | undefined; owner: string | null; excluded: boolean }): FunnelEvent[] {
  const { record, actor, now, transition: t } = input.args;
  const { owner, excluded } = input;
  const transitioned: Extract<FunnelEvent, { type: 'transitioned' }> = {
    type: 'transitioned',
    at: now,
    actor: actor.id,
    recordId: record.id,
    transition: t.key,
    from: record.stage,
    to: input.stage.key,
    cause: input.args.cause,
    excludedFromPerformance: excluded,
    durationInStage: now - record.stageEnteredAt,
  };
  // Assigned rather than spread into the literal, which V8 builds many times slower (this is the hot path).
  if (input.reason !== undefined) transitioned.reason = input.reason;
  if (input.args.rule !== undefined) transitioned.rule = input.args.rule;
  return owner === record.owner
    ? [transitioned]
    : [transitioned, { type: 'owner_changed', at: now, actor: actor.id, recordId: record.id, from: record.owner, to: owner }];
}
