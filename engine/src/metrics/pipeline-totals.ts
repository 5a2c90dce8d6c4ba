import { MAX_PROBABILITY } from '@funnel/schemas';
import type { FunnelRecord } from '../record';
import { recordAmount } from './record-amount';

/** Volume and value of a set of records: count, Σ amount and Σ amount × probability / 100. */
export interface PipelineTotals {
  count: number;
  amount: number;
  weightedAmount: number;
}

/**
 * Adds up count, amount and weighted amount (amount × the record's probability / 100), in the order given.
 * @example pipelineTotals([{ ...r, probability: 30, fields: { amount: 1000 } }], 'amount') // → { count: 1, amount: 1000, weightedAmount: 300 }
 */
export function pipelineTotals(records: readonly FunnelRecord[], amountField: string): PipelineTotals {
  const totals: PipelineTotals = { count: 0, amount: 0, weightedAmount: 0 };
  for (const record of records) {
    const amount = recordAmount(record, amountField);
    totals.count += 1;
    totals.amount += amount;
    totals.weightedAmount += (amount * record.probability) / MAX_PROBABILITY;
  }
  return totals;
}
