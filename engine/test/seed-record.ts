import { enterStage, nextDueAt, type ArmedTimer, type CompiledWorkflow, type FunnelRecord, type Instant, type PoolState } from '../src';

/**
 * Completes a suite's record seed: the record as if it entered `stage` at `stageEnteredAt` (default: now), with its
 * timers armed and pool state started by the engine itself, then the seed's own values laid over it (timers merged
 * by key, other seed timers appended; pool merged), and nextDueAt recomputed.
 * @example seedRecord({ workflow, seed: { stage: 'sql', owner: 'sam' }, now }).timers[0].key // → 'one_week'
 */
export function seedRecord({ workflow, seed, now }: { workflow: CompiledWorkflow; seed: Record<string, unknown>; now: Instant }): FunnelRecord {
  const stageKey = (seed.stage as string | undefined) ?? workflow.initialStage;
  const stage = workflow.stage(stageKey);
  if (!stage) throw new Error(`seed names stage "${stageKey}", which the definition does not have`);
  const enteredAt = (seed.stageEnteredAt as number | undefined) ?? now;
  const seedPool = seed.pool as Partial<PoolState> | undefined;
  const base: FunnelRecord = {
    id: 'r1',
    workflowKey: workflow.key,
    workflowVersion: workflow.version,
    stage: stage.key,
    phase: stage.phase,
    forecastCategory: stage.forecastCategory,
    probability: stage.probability,
    owner: 'sam',
    fields: { name: 'Acme' },
    counters: {},
    createdAt: (seed.createdAt as number | undefined) ?? enteredAt,
    stageEnteredAt: enteredAt,
    // The seed's pipeline before entry, so that the stage's probability is the pipeline's.
    ...(typeof seed.pipeline === 'string' ? { pipeline: seed.pipeline } : {}),
    timers: [],
    nextDueAt: null,
    excludedFromPerformance: false,
    version: 1,
  };
  const entered = enterStage({ record: base, stage, now: enteredAt, reason: seedPool?.reason, previousOwner: seedPool?.previousOwner ?? null });
  const { timers: seedTimers, pool: _pool, ...rest } = seed;
  const given = (seedTimers as Partial<ArmedTimer>[] | undefined) ?? [];
  const armed = entered.timers.map((t): ArmedTimer => ({ ...t, ...(given.find((s) => s.key === t.key) ?? {}) }));
  // A seed may also hold timers the stage does not define (records left on an old version).
  const timers = [...armed, ...(given.filter((s) => !armed.some((t) => t.key === s.key)) as ArmedTimer[])];
  const record: FunnelRecord = { ...entered, ...rest, timers } as FunnelRecord;
  if (entered.pool) record.pool = { ...entered.pool, ...seedPool };
  record.nextDueAt = nextDueAt(record);
  return record;
}
