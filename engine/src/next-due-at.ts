import type { FunnelRecord, Instant } from './record';

/**
 * The earliest pending instant on a record: an unsent warning, a timer's deadline (blocked timers wait for a change),
 * the pool's next nurture touch, or a follow-up not yet reminded; null when nothing is pending.
 * @example nextDueAt(record) // → 1767830400000
 */
export function nextDueAt(record: Pick<FunnelRecord, 'timers' | 'pool' | 'followUp'>): Instant | null {
  let next = record.pool?.nextTouchAt ?? Infinity;
  const followUp = record.followUp;
  if (followUp && !followUp.reminded && followUp.at < next) next = followUp.at;
  for (const t of record.timers) {
    if (t.blockedAt !== undefined) continue;
    if (t.dueAt < next) next = t.dueAt;
    if (t.warnAt !== undefined && !t.warned && t.warnAt < next) next = t.warnAt;
  }
  return next === Infinity ? null : next;
}
