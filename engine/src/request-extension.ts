import type { CompiledWorkflow } from './compiled-workflow';
import { extensionLimitBlockers } from './extension-limits';
import type { Actor, Blocker, Decision, FunnelRecord, Instant } from './record';

/**
 * Roles that may act for the owner of a record (ask for an extension, release it).
 * @example SUPERVISOR_ROLES.includes('manager') // → true
 */
export const SUPERVISOR_ROLES = ['manager', 'admin'] as const;

/**
 * Asks for an extension of an armed timer. Refused (with every blocker) unless the timer has a policy, the actor
 * owns the record (or is a manager or admin), no request is pending, and the limits hold.
 * @example requestExtension({ workflow, record, timer: 'one_week_rule', actor: owner, now, ownerExtendedRecords: 3 }).type // → 'applied'
 */
export function requestExtension(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  timer: string;
  actor: Actor;
  now: Instant;
  ownerExtendedRecords: number;
}): Decision {
  const { workflow, record, actor, now } = args;
  const armed = record.timers.find((t) => t.key === args.timer);
  const policy = armed && workflow.stage(armed.stage)?.timers.find((t) => t.key === armed.key)?.extension;
  if (!armed) return { type: 'not_found', what: 'timer', key: args.timer };
  if (!policy) return { type: 'refused', blockers: [{ type: 'no_extension_policy', timer: armed.key }] };
  const blockers: Blocker[] = [];
  const supervisor = actor.roles.some((r) => (SUPERVISOR_ROLES as readonly string[]).includes(r));
  if (!actor.system && actor.id !== record.owner && !supervisor) blockers.push({ type: 'not_owner', owner: record.owner });
  if (armed.pendingExtension) blockers.push({ type: 'extension_pending', timer: armed.key });
  blockers.push(...extensionLimitBlockers({ policy, timer: armed, ownerExtendedRecords: args.ownerExtendedRecords }));
  if (blockers.length > 0) return { type: 'refused', blockers };
  const timers = record.timers.map((t) => (t === armed ? { ...t, pendingExtension: { requestedBy: actor.id, requestedAt: now } } : t));
  return {
    type: 'applied',
    record: { ...record, timers, version: record.version + 1 },
    events: [{ type: 'extension_requested', at: now, actor: actor.id, recordId: record.id, timer: armed.key }],
    effects: [{ type: 'notify', to: 'manager', userId: null, recordId: record.id, about: 'extension_requested' }],
  };
}
