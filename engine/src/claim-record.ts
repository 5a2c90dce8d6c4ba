import type { CompiledWorkflow } from './compiled-workflow';
import type { Actor, Blocker, Decision, FunnelEvent, FunnelRecord, Instant } from './record';
import { runRules } from './run-rules';
import { stepTransition } from './step-transition';
import { transitionBlockers } from './transition-blockers';

/**
 * Claims a record from a pool stage for the actor. Refused, with every blocker, when the record is not in a pool,
 * someone else holds it, the actor lacks a claim role, has made `maxClaims` claims in the pool's window (counted
 * here from `recentClaims`, the times of the actor's recent claims: those after `now − window` count, all of them
 * without a window), or is the previous owner within the cool-down. With `claim.to` the record moves there by the
 * transition from the pool stage (its guard and required fields apply, its roles do not); otherwise it stays.
 * @example claimRecord({ workflow, record, actor: ann, now, recentClaims: [] }) // → { type: 'applied', record: { stage: 'lead', owner: 'ann' } }
 */
export function claimRecord(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  actor: Actor;
  now: Instant;
  recentClaims: readonly Instant[];
}): Decision {
  const { workflow, record, actor, now } = args;
  const spec = workflow.stage(record.stage)?.pool;
  const pool = record.pool;
  if (!spec || !pool) return { type: 'refused', blockers: [{ type: 'not_in_pool' }] };
  const claim = spec.claim;
  const blockers: Blocker[] = [];
  if (record.owner !== null && record.owner !== actor.id) blockers.push({ type: 'not_owner', owner: record.owner });
  const roles = claim.roles;
  if (roles && roles.length > 0 && !actor.system && !actor.roles.some((r) => roles.includes(r))) blockers.push({ type: 'role', required: [...roles] });
  if (claim.maxClaims !== undefined) {
    const since = claim.window ? claim.window.subtractFrom(now) : Number.NEGATIVE_INFINITY;
    const claimsInWindow = args.recentClaims.filter((at) => at > since).length;
    if (claimsInWindow >= claim.maxClaims) blockers.push({ type: 'limit_reached', limit: 'maxClaims', max: claim.maxClaims, current: claimsInWindow });
  }
  if (claim.cooldown && pool.previousOwner === actor.id) {
    const until = claim.cooldown.addTo(pool.releasedAt ?? pool.since);
    if (now < until) blockers.push({ type: 'cooldown', until });
  }
  const to = claim.to;
  const transition = to === undefined ? undefined : workflow.transitionsFrom(record.stage).find((t) => t.to === to);
  if (transition) blockers.push(...transitionBlockers({ workflow, record, transition, actor, now, checkInput: false, skipRoles: true }));
  if (blockers.length > 0) return { type: 'refused', blockers };

  const base = { at: now, actor: actor.id, recordId: record.id };
  const ownerChanged: FunnelEvent[] = record.owner === actor.id ? [] : [{ type: 'owner_changed', ...base, from: record.owner, to: actor.id }];
  if (!transition) {
    return {
      type: 'applied',
      record: { ...record, owner: actor.id, version: record.version + 1 },
      events: [{ type: 'claimed', ...base, from: record.stage, to: record.stage }, ...ownerChanged],
      effects: [],
    };
  }
  const moved = stepTransition({ workflow, record, transition, actor, now, cause: 'claim', skipRoles: true });
  if (moved.type !== 'applied') return moved;
  const change = {
    record: { ...moved.record, owner: actor.id },
    events: [
      { type: 'claimed' as const, ...base, from: record.stage, to: transition.to },
      ...moved.events.filter((e) => e.type !== 'owner_changed'),
      ...ownerChanged,
    ],
    effects: moved.effects,
  };
  return { type: 'applied', ...runRules({ workflow, change, now }) };
}
