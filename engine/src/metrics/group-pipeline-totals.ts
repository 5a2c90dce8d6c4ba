import type { FunnelRecord } from '../record';
import { pipelineTotals, type PipelineTotals } from './pipeline-totals';

/**
 * Pipeline totals per group, in one pass over the records; a group no record falls in is absent.
 * @example groupPipelineTotals({ records, keyOf: (r) => r.owner, amountField: 'amount' }).get('ann') // → { count: 2, amount: 30000, weightedAmount: 7000 }
 */
export function groupPipelineTotals<K>(input: {
  records: readonly FunnelRecord[];
  keyOf: (record: FunnelRecord) => K;
  amountField: string;
}): Map<K, PipelineTotals> {
  const groups = new Map<K, FunnelRecord[]>();
  for (const record of input.records) {
    const key = input.keyOf(record);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return new Map([...groups].map(([key, records]) => [key, pipelineTotals(records, input.amountField)]));
}
