import type { CompiledWorkflow } from './compiled-workflow';
import { nextDueAt } from './next-due-at';
import type { FunnelRecord, Instant } from './record';
import { scheduleNurture } from './schedule-nurture';

/**
 * After a change that does not move the record (fields, activity, extension): blocked timers may try again,
 * the nurture cadence is chosen again (rescheduled from the last touch when `touched`), nextDueAt is recomputed.
 * @example refreshSchedules({ workflow, record, now, touched: false }).nextDueAt // → the blocked timer's dueAt
 */
export function refreshSchedules(args: { workflow: CompiledWorkflow; record: FunnelRecord; now: Instant; touched: boolean }): FunnelRecord {
  const { workflow, record, now } = args;
  const timers = record.timers.some((t) => t.blockedAt !== undefined) ? record.timers.map(({ blockedAt: _blockedAt, ...timer }) => timer) : record.timers;
  const stage = workflow.stage(record.stage);
  const pool = record.pool && stage?.pool ? scheduleNurture({ stage, record: { ...record, pool: record.pool }, now, reschedule: args.touched }) : record.pool;
  const next: FunnelRecord = { ...record, timers };
  if (pool) next.pool = pool;
  next.nextDueAt = nextDueAt(next);
  return next;
}
