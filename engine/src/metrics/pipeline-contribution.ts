import { MAX_PROBABILITY, type ForecastCategory } from '@funnel/schemas';
import type { FunnelRecord } from '../record';
import { leadSource } from './metric-slices';
import { DEFAULT_AMOUNT_FIELD, recordAmount } from './record-amount';
import { dayOf } from './segment-summary';

/** What of a record decides its place and weight in the pipeline. */
export type PipelineRecord = Pick<FunnelRecord, 'stage' | 'owner' | 'forecastCategory' | 'probability' | 'outcome' | 'closedAt' | 'fields' | 'pipeline'>;

/**
 * Where a record counts in the pipeline (its stage, owner, forecast category, record pipeline and lead source now, and
 * for a won record the UTC day it closed on) and what it adds there: its amount (the default amount field) and
 * amount × probability / 100. The pipeline is the sum over records of their contributions (docs/metrics.md
 * "Pipeline from a rollup").
 * @example pipelineContribution({ stage: 'sql', owner: 'ann', forecastCategory: 'pipeline', probability: 20, fields: { amount: 100 } })
 *   // → { stage: 'sql', owner: 'ann', forecastCategory: 'pipeline', pipeline: null, source: null, won: false, closedDay: null, amount: 100, weightedAmount: 20 }
 */
export interface PipelineContribution {
  stage: string;
  owner: string | null;
  forecastCategory: ForecastCategory;
  pipeline: string | null;
  /** The record's `source` field now, when it is text. */
  source: string | null;
  won: boolean;
  /** A won record's closing day (`dayOf(closedAt)`); null for an open record, or a won one without `closedAt`. */
  closedDay: number | null;
  amount: number;
  weightedAmount: number;
}

/**
 * A record's contribution to the pipeline, or null when it is not in the pipeline (forecast category `omitted`, or
 * outcome `lost`): the terms `pipelineMetrics` sums for it with the default amount field.
 * @example pipelineContribution({ ...record, outcome: 'lost' }) // → null
 */
export function pipelineContribution(record: PipelineRecord): PipelineContribution | null {
  if (record.forecastCategory === 'omitted' || record.outcome === 'lost') return null;
  const amount = recordAmount(record, DEFAULT_AMOUNT_FIELD);
  const won = record.outcome === 'won';
  return {
    stage: record.stage,
    owner: record.owner ?? null,
    forecastCategory: record.forecastCategory,
    pipeline: record.pipeline ?? null,
    source: leadSource(record) ?? null,
    won,
    closedDay: won && record.closedAt !== undefined ? dayOf(record.closedAt) : null,
    amount,
    weightedAmount: (amount * record.probability) / MAX_PROBABILITY,
  };
}
