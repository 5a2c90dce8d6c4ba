import type { FunnelRecord, Instant } from './record';

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
  };
  pool: { reason: string | null; touches: number; touchesWithoutResponse: number; dormant: boolean; cadence: string | null } | null;
}

/**
 * The `var` names a guard may read besides fields: `counters.<any>`, these `record.*` and `pool.*` names.
 * @example GUARD_BUILTINS.record.includes('daysInStage') // → true
 */
export const GUARD_BUILTINS = {
  record: ['stage', 'phase', 'owner', 'probability', 'pipeline', 'outcome', 'daysInStage', 'hoursInStage'],
  pool: ['reason', 'touches', 'touchesWithoutResponse', 'dormant', 'cadence'],
} as const;

/**
 * Field names a definition may not use, because guards see them as built-ins.
 * @example RESERVED_FIELD_NAMES.includes('pool') // → true
 */
export const RESERVED_FIELD_NAMES = ['counters', 'record', 'pool'] as const;

/**
 * The data a json-logic guard, rule or cadence condition is evaluated against (the reference semantics:
 * json-logic-js on this object and the compiled guard agree).
 * @example guardData(record, now).record.daysInStage // → 3
 */
export function guardData(record: FunnelRecord, now: Instant): GuardData {
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
  return data;
}
