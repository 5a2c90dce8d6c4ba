import type { CompiledWorkflow } from './compiled-workflow';
import type { Actor, Decision, FunnelEvent, FunnelRecord, Instant } from './record';
import { SUPERVISOR_ROLES } from './request-extension';
import { runRules } from './run-rules';
import { stepTransition } from './step-transition';

/** Which routing rule chose the new owner, and by which strategy (null for a rule naming one user). */
export interface AssignedBy {
  rule: string;
  strategy: string | null;
}

/**
 * Gives a record to `to`: a manager or an admin assigning it (with their `reason`), or routing (`by`: the rule and
 * its strategy) distributing it from the pool or handing it over. Only managers, admins and the system may: nobody
 * assigns records to others by any other role. A record in a pool leaves it as a claim would, by the transition
 * to the pool's `claim.to` when it has one (its guard and required fields apply; claim limits, roles and the
 * cool-down do not: they ration what people take for themselves), else it stays in its pool stage, owned. The change is an `assigned` event naming the
 * previous owner, the rule and strategy or the reason, and a `notify` of the new owner (`about: 'assigned'`).
 * Giving a record to its owner changes nothing (the record is returned as it was).
 * @example assignRecord({ workflow, record, to: 'u_ann', actor: manager, now, reason: 'territory' }).type // → 'applied'
 */
export function assignRecord(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  to: string;
  actor: Actor;
  now: Instant;
  by?: AssignedBy | null;
  reason?: string;
}): Decision {
  const { workflow, record, to, actor, now } = args;
  const supervisor = actor.roles.some((r) => (SUPERVISOR_ROLES as readonly string[]).includes(r));
  if (!actor.system && !supervisor) return { type: 'refused', blockers: [{ type: 'role', required: [...SUPERVISOR_ROLES] }] };
  if (record.owner === to) return { type: 'applied', record, events: [], effects: [] };
  const assigned: FunnelEvent = {
    type: 'assigned',
    at: now,
    actor: actor.id,
    recordId: record.id,
    from: record.owner,
    to,
    rule: args.by?.rule ?? null,
    strategy: args.by?.strategy ?? null,
    ...(args.reason !== undefined ? { reason: args.reason } : {}),
  };
  const notify = { type: 'notify' as const, to: 'owner' as const, userId: to, recordId: record.id, about: 'assigned' };
  const claimTo = record.pool ? workflow.stage(record.stage)?.pool?.claim.to : undefined;
  const transition = claimTo === undefined ? undefined : workflow.transitionsFrom(record.stage).find((t) => t.to === claimTo);
  if (!transition) {
    return { type: 'applied', record: { ...record, owner: to, version: record.version + 1 }, events: [assigned], effects: [notify] };
  }
  const moved = stepTransition({ workflow, record, transition, actor, now, cause: 'claim', skipRoles: true });
  if (moved.type !== 'applied') return moved;
  const change = {
    record: { ...moved.record, owner: to },
    events: [assigned, ...moved.events.filter((e) => e.type !== 'owner_changed')],
    effects: [...moved.effects, notify],
  };
  return { type: 'applied', ...runRules({ workflow, change, now }) };
}
