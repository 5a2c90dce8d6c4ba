import type { Blocker, Instant } from './record';

/**
 * The blocker for a follow-up that is not in the future (it would be due at once).
 * @example followUpInPast({ pointer: '/at', now }) // → { type: 'invalid_field', code: 'follow_up_in_past', pointer: '/at', message: 'a follow-up must be after 2026-01-05T09:00:00.000Z' }
 */
export function followUpInPast({ pointer, now }: { pointer: string; now: Instant }): Blocker {
  return { type: 'invalid_field', code: 'follow_up_in_past', pointer, message: `a follow-up must be after ${new Date(now).toISOString()}` };
}
