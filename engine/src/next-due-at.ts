import type { ArmedTimer, Instant, PoolState } from './record';

/**
 * The earliest pending instant on a record: an unsent warning, a timer's deadline (blocked timers wait for a change)
 * or the pool's next nurture touch; null when nothing is pending.
 * @example nextDueAt(record.timers, record.pool) // → 1767830400000
 */
export function nextDueAt(timers: readonly ArmedTimer[], pool: PoolState | undefined): Instant | null {
  let next = pool?.nextTouchAt ?? Infinity;
  for (const t of timers) {
    if (t.blockedAt !== undefined) continue;
    if (t.dueAt < next) next = t.dueAt;
    if (t.warnAt !== undefined && !t.warned && t.warnAt < next) next = t.warnAt;
  }
  return next === Infinity ? null : next;
}
