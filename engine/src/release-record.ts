import type { CompiledWorkflow } from './compiled-workflow';
import type { Actor, Decision, FunnelEvent, FunnelRecord, Instant } from './record';
import { SUPERVISOR_ROLES } from './request-extension';
import { runRules } from './run-rules';
import { stepTransition } from './step-transition';

/**
 * Gives a record back to the pool: only its owner, a manager or an admin may. A record outside a pool moves by the
 * first transition from its stage into a pool stage (guard, required fields and reason apply, its roles do not);
 * a claimed record still in its pool stage just loses its owner. Either way the owner is cleared and the pool
 * remembers the previous owner and when it was released (for the claim cool-down).
 * @example releaseRecord({ workflow, record, actor: owner, reason: 'no_need', now }).record.pool?.reason // → 'no_need'
 */
export function releaseRecord(args: { workflow: CompiledWorkflow; record: FunnelRecord; actor: Actor; reason?: string; now: Instant }): Decision {
  const { workflow, record, actor, now, reason } = args;
  const supervisor = actor.roles.some((r) => (SUPERVISOR_ROLES as readonly string[]).includes(r));
  if (!actor.system && !supervisor && record.owner !== actor.id) return { type: 'refused', blockers: [{ type: 'not_owner', owner: record.owner }] };
  const base = { at: now, actor: actor.id, recordId: record.id };
  const released: FunnelEvent = { type: 'released', ...base, ...(reason !== undefined ? { reason } : {}), previousOwner: record.owner };
  const ownerChanged: FunnelEvent[] = record.owner === null ? [] : [{ type: 'owner_changed', ...base, from: record.owner, to: null }];
  if (record.pool) {
    const pool = {
      ...record.pool,
      releasedAt: now,
      ...(record.owner !== null ? { previousOwner: record.owner } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
    return { type: 'applied', record: { ...record, owner: null, pool, version: record.version + 1 }, events: [released, ...ownerChanged], effects: [] };
  }
  const transition = workflow.transitionsFrom(record.stage).find((t) => workflow.stage(t.to)?.pool !== undefined);
  if (!transition) return { type: 'not_found', what: 'transition', key: `${record.stage} → pool` };
  const moved = stepTransition({ workflow, record, transition, actor, now, input: reason !== undefined ? { reason } : {}, cause: 'release', skipRoles: true });
  if (moved.type !== 'applied') return moved;
  const change = {
    record: { ...moved.record, owner: null },
    events: [released, ...moved.events.filter((e) => e.type !== 'owner_changed'), ...ownerChanged],
    effects: moved.effects,
  };
  return { type: 'applied', ...runRules({ workflow, change, now }) };
}
