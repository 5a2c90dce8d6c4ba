import type { CompiledWorkflow } from './compiled-workflow';
import { nextDueAt } from './next-due-at';
import type { Actor, ArmedTimer, Decision, FunnelRecord, Instant, PoolState } from './record';
import { armTimers } from './arm-timers';
import { invalidFieldBlockers } from './invalid-field-blockers';
import type { MigrationPlan } from './plan-migration';
import { scheduleNurture } from './schedule-nurture';

/**
 * Moves a record to the plan's new version and stage: phase, probability, forecast category and outcome come from
 * the new stage. A record that stays in a stage of the same key, or in a stage the plan says was renamed
 * (`by: 'rename'`), keeps when it entered it: its timers are armed again from stageEnteredAt (a timer with the same
 * key keeps its extensions, warning state and pending request). One the plan moves to another stage enters it now,
 * as a transition would: stageEnteredAt is `now` and its timers start afresh (a timer armed from the old entry could
 * be overdue at once). Pool state is kept or started.
 * Refused, with an `invalid_field` blocker for each, when the record's fields do not hold under the new version's
 * field schema (a field it no longer knows, a value it no longer takes): the record stays on its version.
 * Rules do not run (the next change runs them). Emits `migrated`, which is the log's record of the stage entry.
 * @example migrateRecord({ plan, to: v2, record, actor, now }).record.workflowVersion // → 2
 */
export function migrateRecord(args: { plan: MigrationPlan; to: CompiledWorkflow; record: FunnelRecord; actor: Actor; now: Instant }): Decision {
  const { plan, to, record, actor, now } = args;
  if (record.workflowVersion !== plan.fromVersion) {
    return { type: 'refused', blockers: [{ type: 'wrong_version', expected: plan.fromVersion, actual: record.workflowVersion }] };
  }
  const entry = plan.stages.find((s) => s.from === record.stage);
  const stage = entry?.to ? to.stage(entry.to) : undefined;
  if (!stage) return { type: 'not_found', what: 'stage', key: record.stage };
  // The record's fields must hold under the new version's field schema, or the record stays where it is.
  const invalid = invalidFieldBlockers(to.validateFields(record.fields));
  if (invalid.length > 0) return { type: 'refused', blockers: invalid };
  const moved = stage.key !== record.stage && entry?.by !== 'rename';
  const timers = moved
    ? armTimers(stage, now)
    : armTimers(stage, record.stageEnteredAt, record.lastActivityAt).map((fresh): ArmedTimer => {
        const old = record.timers.find((t) => t.key === fresh.key);
        const policy = stage.timers.find((t) => t.key === fresh.key)?.extension;
        if (!old) return fresh;
        let dueAt = fresh.dueAt;
        for (let i = 0; i < old.extensions && policy; i++) dueAt = policy.length.addTo(dueAt);
        return { ...fresh, dueAt, warned: old.warned, extensions: old.extensions, ...(old.pendingExtension ? { pendingExtension: old.pendingExtension } : {}) };
      });
  const migrated: FunnelRecord = {
    ...record,
    workflowKey: to.key,
    workflowVersion: to.version,
    stage: stage.key,
    phase: stage.phase,
    forecastCategory: stage.forecastCategory,
    probability: stage.keepsOverride && record.probabilityOverride ? record.probability : stage.probabilityFor(record.pipeline),
    stageEnteredAt: moved ? now : record.stageEnteredAt,
    timers,
    version: record.version + 1,
  };
  if (stage.outcome) {
    migrated.outcome = stage.outcome;
    migrated.closedAt = record.closedAt ?? now;
  } else {
    delete migrated.outcome;
    delete migrated.closedAt;
  }
  if (stage.pool) {
    const pool: PoolState = record.pool ?? { since: now, releasedAt: now, touches: 0, touchesWithoutResponse: 0, dormant: false };
    migrated.pool = scheduleNurture({ stage, record: { ...migrated, pool }, now, reschedule: false });
  } else delete migrated.pool;
  if (migrated.probabilityOverride && !stage.keepsOverride) delete migrated.probabilityOverride;
  migrated.nextDueAt = nextDueAt(migrated);
  return {
    type: 'applied',
    record: migrated,
    events: [
      {
        type: 'migrated',
        at: now,
        actor: actor.id,
        recordId: record.id,
        fromVersion: plan.fromVersion,
        toVersion: plan.toVersion,
        from: record.stage,
        to: stage.key,
      },
    ],
    effects: [],
  };
}
