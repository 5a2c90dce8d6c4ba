import { armTimers, nextDueAt, type CompiledWorkflow, type FunnelRecord, type ScoredActivity } from '@funnel/engine';
import type { ApiRecord } from '../api/funnel-api';

/**
 * A record from the api turned into the engine's shape for the simulator: its fields,
 * counters, owner and stage, with the stage's timers armed from when it entered
 * (against the definition being edited, which may differ from the record's version), and its
 * logged activities (which engagement scoring reads).
 * @example sampleRecord({ workflow, record: apiRecord, activities: [] }).stage // → 'lead'
 */
export function sampleRecord({
  workflow,
  record,
  activities,
}: {
  workflow: CompiledWorkflow;
  record: ApiRecord;
  activities: ScoredActivity[];
}): FunnelRecord | null {
  const stage = workflow.stage(record.stage);
  if (!stage) return null;
  const stageEnteredAt = Date.parse(record.stageEnteredAt);
  const timers = armTimers(stage, stageEnteredAt);
  return {
    id: record.id,
    workflowKey: record.workflowKey,
    workflowVersion: record.workflowVersion,
    ...(record.pipeline ? { pipeline: record.pipeline } : {}),
    stage: stage.key,
    phase: stage.phase,
    forecastCategory: stage.forecastCategory,
    probability: record.probability,
    ...(stage.outcome ? { outcome: stage.outcome } : {}),
    owner: record.ownerId,
    fields: record.fields,
    counters: record.counters,
    createdAt: Date.parse(record.createdAt),
    stageEnteredAt,
    timers,
    nextDueAt: nextDueAt({ timers }),
    excludedFromPerformance: false,
    activities,
    version: record.version,
  };
}
