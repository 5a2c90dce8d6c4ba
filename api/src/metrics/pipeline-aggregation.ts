import {
  DEFAULT_AMOUNT_FIELD,
  pipelineFromGroups,
  type ManagerMap,
  type MetricsFilter,
  type MetricsWorkflow,
  type PipelineGroup,
  type PipelineMetrics,
  type PipelineTotals,
} from '@funnel/engine';
import type { Models } from '../models/models';

/** Field names are definition keys (^[a-zA-Z][a-zA-Z0-9_]*$); checked again before going into a pipeline. */
const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** A `$group` row: its key and totals. */
interface GroupRow extends PipelineTotals {
  _id: { stage: string; owner: string | null; forecastCategory: string };
}

/**
 * A record's amount in an aggregation: its `amountField` when that is a number, else 0.
 * @example { $project: { amount: amountOf('amount'), probability: 1 } }
 */
export function amountOf(amountField: string): Record<string, unknown> {
  if (!FIELD_NAME.test(amountField)) throw new Error(`"${amountField}" is not a field name`);
  return { $cond: [{ $in: [{ $type: `$fields.${amountField}` }, ['double', 'int', 'long', 'decimal']] }, `$fields.${amountField}`, 0] };
}

/**
 * The `$match` of a filter over the records as they are now (docs/metrics.md "Filters": the pipeline, velocity):
 * their pipeline, their owner now, their lead source.
 * @example { $match: { tenantId, workflowKey, ...filterMatch({ owners: ['u1'] }) } }
 */
export function filterMatch(filter: MetricsFilter | undefined): Record<string, unknown> {
  return {
    ...(filter?.pipeline !== undefined ? { pipeline: filter.pipeline } : {}),
    ...(filter?.owners !== undefined ? { owner: { $in: [...filter.owners] } } : {}),
    ...(filter?.source !== undefined ? { 'fields.source': filter.source } : {}),
  };
}

/**
 * The totals a `$group` sums over records projected with `amount` (amountOf) and `probability`: their count, amount
 * and amount × probability / 100.
 * @example { $group: { _id: '$stage', ...PIPELINE_TOTALS } }
 */
const PIPELINE_TOTALS = {
  count: { $sum: 1 },
  amount: { $sum: '$amount' },
  weightedAmount: { $sum: { $divide: [{ $multiply: ['$amount', '$probability'] }, 100] } },
};

/**
 * Totals of the records a `$match` keeps among a workflow's records in the pipeline (not omitted, not lost), grouped by
 * stage, owner and forecast category: one `$group`, a handful of rows.
 * @example await pipelineGroups({ models, tenantId, workflowKey: 'standard_trunk', match: { outcome: 'won' } })
 */
export async function pipelineGroups(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  match: Record<string, unknown>;
  amountField?: string | undefined;
}): Promise<PipelineGroup[]> {
  const amount = amountOf(input.amountField ?? DEFAULT_AMOUNT_FIELD);
  const rows = (await input.models.Record.aggregate([
    { $match: { tenantId: input.tenantId, workflowKey: input.workflowKey, forecastCategory: { $ne: 'omitted' }, outcome: { $ne: 'lost' }, ...input.match } },
    { $project: { stage: 1, owner: { $ifNull: ['$owner', null] }, forecastCategory: 1, amount, probability: 1 } },
    { $group: { _id: { stage: '$stage', owner: '$owner', forecastCategory: '$forecastCategory' }, ...PIPELINE_TOTALS } },
  ])) as GroupRow[];
  return rows.map(({ _id, count, amount: sum, weightedAmount }) => ({ ..._id, count, amount: sum, weightedAmount }));
}

/**
 * The pipeline (docs/metrics.md) computed in the database: one $group by (stage, owner, forecast category)
 * over the records in the pipeline, summing count, amount and amount × probability / 100; the rows are
 * then rolled up into stage, category, owner and manager views (a handful of rows, not records).
 * @example await pipelineAggregation({ models, tenantId, workflowKey: 'standard_trunk', workflow, managers })
 */
export async function pipelineAggregation(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: MetricsWorkflow;
  managers: ManagerMap;
  period?: { from: number; to: number };
  amountField?: string;
  /** The records of a pipeline and of some owners, as they are now. */
  filter?: MetricsFilter | undefined;
}): Promise<PipelineMetrics> {
  const wonOutsidePeriod = input.period
    ? [
        {
          $nor: [
            { outcome: 'won', $or: [{ closedAt: { $exists: false } }, { closedAt: { $lt: input.period.from } }, { closedAt: { $gte: input.period.to } }] },
          ],
        },
      ]
    : [];
  const groups = await pipelineGroups({
    ...input,
    match: { ...filterMatch(input.filter), ...(wonOutsidePeriod.length > 0 ? { $and: wonOutsidePeriod } : {}) },
  });
  return pipelineFromGroups({ workflow: input.workflow, groups, managers: input.managers });
}
