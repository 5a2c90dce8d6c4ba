import { followUpInPast } from './follow-up-in-past';
import { followUpSet } from './follow-up-set';
import { nextDueAt } from './next-due-at';
import type { Actor, Blocker, Decision, FunnelRecord, Instant } from './record';
import { SUPERVISOR_ROLES } from './request-extension';

/**
 * Sets the record's next follow-up (`at` with a note) or clears it (`at: null`): its owner may, or a manager or admin;
 * a follow-up must be in the future. Its reminder comes due at `at` (fireDueTimers).
 * @example setFollowUp({ record, at: t + 2 * DAY_MS, note: 'Send the quote', actor: owner, now: t }).record.followUp // → { at, note: 'Send the quote', setBy: 'sam', setAt: t, reminded: false }
 */
export function setFollowUp(args: { record: FunnelRecord; at: Instant | null; note?: string; actor: Actor; now: Instant }): Decision {
  const { record, at, actor, now } = args;
  const supervisor = actor.roles.some((r) => (SUPERVISOR_ROLES as readonly string[]).includes(r));
  const blockers: Blocker[] = [];
  if (!actor.system && actor.id !== record.owner && !supervisor) blockers.push({ type: 'not_owner', owner: record.owner });
  if (at !== null && !(at > now)) blockers.push(followUpInPast({ pointer: '/at', now }));
  if (blockers.length > 0) return { type: 'refused', blockers };
  const set = followUpSet({ at, note: args.note, actor: actor.id, recordId: record.id, now });
  const next: FunnelRecord = { ...record, version: record.version + 1 };
  if (set.followUp === null) delete next.followUp;
  else next.followUp = set.followUp;
  next.nextDueAt = nextDueAt(next);
  return { type: 'applied', record: next, events: [set.event], effects: [] };
}
