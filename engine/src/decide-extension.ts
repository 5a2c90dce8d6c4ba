import type { CompiledWorkflow } from './compiled-workflow';
import { extensionLimitBlockers } from './extension-limits';
import { nextDueAt } from './next-due-at';
import type { Actor, ArmedTimer, Blocker, Decision, FunnelRecord, Instant } from './record';

/**
 * Approves or rejects a pending extension. Only the policy's approver roles decide, and never on their own request
 * (rejecting it withdraws it); an approval re-checks the
 * limits, adds `length` to the deadline (and the warning, which is sent again), and lets a blocked timer try again.
 * @example decideExtension({ workflow, record, timer: 'one_week_rule', actor: manager, approve: true, now, ownerExtendedRecords: 0 }).record.timers[0].extensions // → 1
 */
export function decideExtension(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  timer: string;
  actor: Actor;
  approve: boolean;
  now: Instant;
  ownerExtendedRecords: number;
}): Decision {
  const { workflow, record, actor, approve, now } = args;
  const armed = record.timers.find((t) => t.key === args.timer);
  const compiled = armed && workflow.stage(armed.stage)?.timers.find((t) => t.key === armed.key);
  const policy = compiled?.extension;
  if (!armed || !compiled) return { type: 'not_found', what: 'timer', key: args.timer };
  if (!policy) return { type: 'refused', blockers: [{ type: 'no_extension_policy', timer: armed.key }] };
  const blockers: Blocker[] = [];
  if (!armed.pendingExtension) blockers.push({ type: 'no_pending_extension', timer: armed.key });
  if (!actor.system && !actor.roles.some((r) => policy.approverRoles.includes(r))) blockers.push({ type: 'role', required: [...policy.approverRoles] });
  // Whoever asked (a manager may ask on the owner's behalf) cannot approve it too; they may withdraw it by rejecting.
  if (approve && armed.pendingExtension?.requestedBy === actor.id) blockers.push({ type: 'own_request' });
  if (approve) blockers.push(...extensionLimitBlockers({ policy, timer: armed, ownerExtendedRecords: args.ownerExtendedRecords }));
  if (blockers.length > 0) return { type: 'refused', blockers };
  const { pendingExtension: _pending, blockedAt: _blocked, warnAt: _warnAt, ...rest } = armed;
  let decided: ArmedTimer = { ...rest, ...(armed.warnAt !== undefined ? { warnAt: armed.warnAt } : {}) };
  if (approve) {
    const dueAt = policy.length.addTo(armed.dueAt);
    decided = {
      ...rest,
      dueAt,
      ...(compiled.warnBefore ? { warnAt: compiled.warnBefore.subtractFrom(dueAt), warned: false } : {}),
      extensions: armed.extensions + 1,
    };
  }
  const timers = record.timers.map((t) => (t === armed ? decided : t));
  return {
    type: 'applied',
    record: { ...record, timers, nextDueAt: nextDueAt({ ...record, timers }), version: record.version + 1 },
    events: [{ type: 'extension_decided', at: now, actor: actor.id, recordId: record.id, timer: armed.key, approved: approve, dueAt: decided.dueAt }],
    effects: [{ type: 'notify', to: 'owner', userId: record.owner, recordId: record.id, about: approve ? 'extension_approved' : 'extension_rejected' }],
  };
}
