import { armTimers } from './arm-timers';
import type { CompiledStage } from './compiled-workflow';
import { nextDueAt } from './next-due-at';
import type { FunnelRecord, Instant, PoolState } from './record';
import { scheduleNurture } from './schedule-nurture';

/**
 * The record as it enters `stage` at `now`: phase, forecast category and probability from the stage (the record's
 * pipeline's, where it sets one; a probability set by hand stays where the stage keeps overrides), timers of the
 * old stage disarmed and the new ones armed, a pending approval dropped, the follow-up dropped in a pool or a closing
 * stage, outcome and closedAt set (or cleared on reopening), pool state started (or cleared on leaving a pool),
 * nextDueAt recomputed. Owner, fields and counters are taken from `record` as given.
 * @example enterStage({ record, stage: workflow.stage('pool')!, now, reason: 'no_need', previousOwner: 'ann' }).pool?.cadence // → 'no_need'
 */
export function enterStage(args: {
  record: FunnelRecord;
  stage: CompiledStage;
  now: Instant;
  reason?: string | undefined;
  previousOwner: string | null;
}): FunnelRecord {
  const { record, stage, now } = args;
  const timers = armTimers(stage, now);
  const keep = stage.keepsOverride && record.probabilityOverride !== undefined;
  const next: FunnelRecord = {
    ...record,
    stage: stage.key,
    phase: stage.phase,
    forecastCategory: stage.forecastCategory,
    probability: keep ? record.probability : stage.probabilityFor(record.pipeline),
    stageEnteredAt: now,
    timers,
    nextDueAt: null,
  };
  if (!keep && next.probabilityOverride !== undefined) delete next.probabilityOverride;
  // A request to move from the old stage lapses; a record pooled or closed has no owner's follow-up to keep.
  if (next.pendingApproval !== undefined) delete next.pendingApproval;
  if ((stage.pool || stage.outcome) && next.followUp !== undefined) delete next.followUp;
  if (stage.outcome) {
    next.outcome = stage.outcome;
    next.closedAt = now;
  } else if (next.outcome !== undefined || next.closedAt !== undefined) {
    delete next.outcome;
    delete next.closedAt;
  }
  if (stage.pool) {
    const pool: PoolState = { since: now, releasedAt: now, touches: 0, touchesWithoutResponse: 0, dormant: false };
    if (args.reason !== undefined) pool.reason = args.reason;
    if (args.previousOwner !== null) pool.previousOwner = args.previousOwner;
    next.pool = scheduleNurture({ stage, record: { ...next, pool }, now, reschedule: true });
  } else if (next.pool !== undefined) {
    delete next.pool;
  }
  next.nextDueAt = nextDueAt(next);
  return next;
}
