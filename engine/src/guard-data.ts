import type { CompiledScoring } from './compiled-workflow';
import type { FunnelRecord, Instant } from './record';
import { scoreOf } from './score-of';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What a guard sees besides the record's fields (reserved names: `counters`, `record`, `pool`). */
export interface GuardData {
  [field: string]: unknown;
  counters: Record<string, number>;
  record: {
    stage: string;
    phase: string;
    owner: string | null;
    probability: number;
    pipeline: string | null;
    outcome: string | null;
    /** Whole days since the record entered its stage (floor). */
    daysInStage: number;
    hoursInStage: number;
    /** The score at `now` (null when the definition does not score), with its fit and engagement parts. */
    score: number | null;
    fitScore: number | null;
    engagementScore: number | null;
  };
  pool: { reason: string | null; touches: number; touchesWithoutResponse: number; dormant: boolean; cadence: string | null } | null;
}

/**
 * The `var` names a guard may read besides fields: `counters.<any>`, these `record.*` and `pool.*` names.
 * @example GUARD_BUILTINS.record.includes('daysInStage') // → true
 */
export const GUARD_BUILTINS = {
  record: ['stage', 'phase', 'owner', 'probability', 'pipeline', 'outcome', 'daysInStage', 'hoursInStage', 'score', 'fitScore', 'engagementScore'],
  pool: ['reason', 'touches', 'touchesWithoutResponse', 'dormant', 'cadence'],
} as const;

/**
 * Field names a definition may not use, because guards see them as built-ins.
 * @example RESERVED_FIELD_NAMES.includes('pool') // → true
 */
export const RESERVED_FIELD_NAMES = ['counters', 'record', 'pool'] as const;

/**
 * The data a json-logic guard, rule or cadence condition is evaluated against (the reference semantics:
 * json-logic-js on this object and the compiled guard agree). With the workflow's `scoring`, `record.score` is the
 * score at `now` (fit rules see this data before the score is set: compile keeps them from reading it). Positional,
 * unlike most engine functions: it runs for every guard check, and every caller has the three at hand.
 * @example guardData(record, now, workflow.scoring).record.daysInStage // → 3
 */
export function guardData(record: FunnelRecord, now: Instant, scoring: CompiledScoring | undefined): GuardData {
  const inStage = now - record.stageEnteredAt;
  const pool = record.pool;
  const data: GuardData = {
    counters: record.counters,
    record: {
      stage: record.stage,
      phase: record.phase,
      owner: record.owner,
      probability: record.probability,
      pipeline: record.pipeline ?? null,
      outcome: record.outcome ?? null,
      daysInStage: Math.floor(inStage / DAY_MS),
      hoursInStage: Math.floor(inStage / HOUR_MS),
      score: null,
      fitScore: null,
      engagementScore: null,
    },
    pool: pool
      ? {
          reason: pool.reason ?? null,
          touches: pool.touches,
          touchesWithoutResponse: pool.touchesWithoutResponse,
          dormant: pool.dormant,
          cadence: pool.cadence ?? null,
        }
      : null,
  };
  // Copying fields one by one is many times faster in V8 than `{ ...fields, counters, record, pool }`,
  // and this runs for every guard check; compile refuses fields named like the built-ins.
  const fields = record.fields;
  for (const name in fields) data[name] = fields[name];
  if (scoring) {
    const score = scoreOf({ scoring, record, now, fitData: data });
    data.record.score = score.score;
    data.record.fitScore = score.fit;
    data.record.engagementScore = score.engagement;
  }
  return data;
}
