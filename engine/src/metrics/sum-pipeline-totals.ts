import type { PipelineTotals } from './pipeline-totals';

/**
 * Adds pipeline totals together, in the order given.
 * @example sumPipelineTotals([{ count: 1, amount: 10, weightedAmount: 1 }, { count: 2, amount: 5, weightedAmount: 2 }]) // → { count: 3, amount: 15, weightedAmount: 3 }
 */
export function sumPipelineTotals(parts: readonly PipelineTotals[]): PipelineTotals {
  const sum: PipelineTotals = { count: 0, amount: 0, weightedAmount: 0 };
  for (const part of parts) addPipelineTotals(sum, part);
  return sum;
}

/**
 * Adds `part` into `sum` (which changes): one step of `sumPipelineTotals`.
 * @example const sum = { count: 0, amount: 0, weightedAmount: 0 }; addPipelineTotals(sum, { count: 1, amount: 10, weightedAmount: 1 });
 */
export function addPipelineTotals(sum: PipelineTotals, part: PipelineTotals): void {
  sum.count += part.count;
  sum.amount += part.amount;
  sum.weightedAmount += part.weightedAmount;
}
