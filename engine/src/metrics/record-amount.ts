import type { FunnelRecord } from '../record';

/**
 * The field a record's deal value is read from unless a metric is told otherwise.
 * @example pipelineMetrics({ workflow, records, amountField: DEFAULT_AMOUNT_FIELD })
 */
export const DEFAULT_AMOUNT_FIELD = 'amount';

/**
 * A record's amount: the finite number in its amount field, or 0 when the field is empty or not a number.
 * @example recordAmount({ ...record, fields: { amount: 1200 } }) // → 1200
 */
export function recordAmount(record: Pick<FunnelRecord, 'fields'>, amountField: string = DEFAULT_AMOUNT_FIELD): number {
  const value = record.fields[amountField];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
