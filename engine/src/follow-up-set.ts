import type { FollowUp, FunnelEvent, Instant } from './record';

/**
 * A follow-up set by `actor` at `now` (or cleared, `at: null`), and the `follow_up_set` event that logs it: the one
 * shape setFollowUp and an activity's next step both give.
 * @example followUpSet({ at: t, note: 'Send the quote', actor: 'sam', recordId: 'r1', now }).followUp // → { at: t, note: 'Send the quote', setBy: 'sam', setAt: now, reminded: false }
 */
export function followUpSet(args: { at: Instant | null; note: string | undefined; actor: string; recordId: string; now: Instant }): {
  followUp: FollowUp | null;
  event: Extract<FunnelEvent, { type: 'follow_up_set' }>;
} {
  const { at, actor, now } = args;
  const note = at !== null && args.note !== undefined ? { note: args.note } : {};
  return {
    followUp: at === null ? null : { at, ...note, setBy: actor, setAt: now, reminded: false },
    event: { type: 'follow_up_set', at: now, actor, recordId: args.recordId, followUpAt: at, ...note },
  };
}
