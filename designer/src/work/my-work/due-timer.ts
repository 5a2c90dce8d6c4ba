import type { MyWorkRecord } from './my-work-lists';

export type DueTimer = MyWorkRecord['timers'][number];

/**
 * The record's timer that comes due first in its current stage (timers of stages it left are history), or null.
 * @example dueTimer(record)?.key // → 'one_week_rule'
 */
export function dueTimer(record: MyWorkRecord): DueTimer | null {
  const armed = record.timers.filter((timer) => timer.stage === record.stage);
  return armed.reduce<DueTimer | null>((soonest, timer) => (soonest === null || Date.parse(timer.dueAt) < Date.parse(soonest.dueAt) ? timer : soonest), null);
}

/**
 * Due-soon records with those already warned first, each group in the api's order (the soonest first).
 * @example warnedFirst([calm, warned]) // → [warned, calm]
 */
export function warnedFirst(records: readonly MyWorkRecord[]): MyWorkRecord[] {
  const warned = (record: MyWorkRecord) => dueTimer(record)?.warned === true;
  return [...records.filter(warned), ...records.filter((record) => !warned(record))];
}
