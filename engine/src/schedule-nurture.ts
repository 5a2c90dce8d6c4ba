import { DORMANT_CADENCE, type CompiledStage } from './compiled-workflow';
import { guardData } from './guard-data';
import type { FunnelRecord, Instant, PoolState } from './record';
import { truthy } from './truthy';

/**
 * Picks the nurture cadence in force for a pool record (the dormancy cadence once dormant, else the first whose
 * `when` holds) and when its next touch is due: last touch (or pool entry) + every. Keeps the schedule when the
 * cadence is unchanged unless `reschedule` is set (after a touch).
 * @example scheduleNurture({ stage, record, now, reschedule: true }).nextTouchAt // → lastTouchAt + 30 days
 */
export function scheduleNurture(args: { stage: CompiledStage; record: FunnelRecord & { pool: PoolState }; now: Instant; reschedule: boolean }): PoolState {
  const { stage, record, now } = args;
  const pool = record.pool;
  const spec = stage.pool;
  if (!spec) return pool;
  let key: string | undefined;
  let every = spec.dormancy?.every;
  if (pool.dormant && spec.dormancy) key = DORMANT_CADENCE;
  else {
    const data = spec.cadences.some((c) => c.when) ? guardData(record, now, stage.scoring) : undefined;
    const cadence = spec.cadences.find((c) => !c.when || truthy(c.when(data)));
    key = cadence?.key;
    every = cadence?.every;
  }
  if (key === undefined || every === undefined) {
    const { cadence: _cadence, nextTouchAt: _next, ...rest } = pool;
    return rest;
  }
  if (!args.reschedule && key === pool.cadence && pool.nextTouchAt !== undefined) return pool;
  return { ...pool, cadence: key, nextTouchAt: every.addTo(pool.lastTouchAt ?? pool.since) };
}
