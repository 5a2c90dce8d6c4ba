import { MAX_PROBABILITY } from '@funnel/schemas';
import type { CompiledWorkflow } from './compiled-workflow';
import type { Actor, Blocker, Decision, FunnelRecord, Instant } from './record';

/**
 * Sets a record's win probability outside a transition, with a reason for its history (`probability_set`): only the
 * roles the definition's `probabilities.setRoles` names (default: managers and admins), never on a closed record. The
 * probability is then an override, kept or reset on the next stage change by the probability policy.
 * @example setProbability({ workflow, record, probability: 40, reason: 'Budget confirmed', actor: manager, now }).record.probability // → 40
 */
export function setProbability(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  probability: number;
  reason: string;
  actor: Actor;
  now: Instant;
}): Decision {
  const { workflow, record, probability, actor, now } = args;
  const roles = workflow.probabilitySetRoles;
  const blockers: Blocker[] = [];
  if (!actor.system && !actor.roles.some((r) => roles.includes(r))) blockers.push({ type: 'role', required: [...roles] });
  if (record.outcome !== undefined) blockers.push({ type: 'record_closed', outcome: record.outcome });
  if (!(probability >= 0 && probability <= MAX_PROBABILITY)) {
    blockers.push({ type: 'invalid_field', code: 'range', pointer: '/probability', message: `must be between 0 and ${MAX_PROBABILITY}` });
  }
  const reason = args.reason.trim();
  if (reason === '') blockers.push({ type: 'reason_required', options: [] });
  if (blockers.length > 0) return { type: 'refused', blockers };
  return {
    type: 'applied',
    record: { ...record, probability, probabilityOverride: { by: actor.id, at: now }, version: record.version + 1 },
    events: [{ type: 'probability_set', at: now, actor: actor.id, recordId: record.id, from: record.probability, to: probability, reason }],
    effects: [],
  };
}
