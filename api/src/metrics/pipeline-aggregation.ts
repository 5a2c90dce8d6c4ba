import {
  DEFAULT_AMOUNT_FIELD,
  managerChain,
  type ManagerMap,
  type MetricsFilter,
  type MetricsWorkflow,
  type PipelineMetrics,
  type PipelineTotals,
} from '@funnel/engine';
import { FORECAST_CATEGORIES } from '@funnel/schemas';
import type { Models } from '../models/models';

const ZERO: PipelineTotals = { count: 0, amount: 0, weightedAmount: 0 };
const SHOWN_CATEGORIES = FORECAST_CATEGORIES.filter((c) => c !== 'omitted');
/** Field names are definition keys (^[a-zA-Z][a-zA-Z0-9_]*$); checked again before going into a pipeline. */
const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;

interface GroupRow extends PipelineTotals {
  _id: { stage: string; owner: string | null; forecastCategory: string };
}

function add(a: PipelineTotals, b: PipelineTotals): PipelineTotals {
  return { count: a.count + b.count, amount: a.amount + b.amount, weightedAmount: a.weightedAmount + b.weightedAmount };
}

function sum(rows: GroupRow[], keep: (row: GroupRow) => boolean): PipelineTotals {
  return rows.filter(keep).reduce<PipelineTotals>((acc, row) => add(acc, row), ZERO);
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
  const amount = amountOf(input.amountField ?? DEFAULT_AMOUNT_FIELD);
  const wonOutsidePeriod = input.period
    ? [
        {
          $nor: [
            { outcome: 'won', $or: [{ closedAt: { $exists: false } }, { closedAt: { $lt: input.period.from } }, { closedAt: { $gte: input.period.to } }] },
          ],
        },
      ]
    : [];
  const rows = (await input.models.Record.aggregate([
    {
      $match: {
        tenantId: input.tenantId,
        workflowKey: input.workflowKey,
        ...filterMatch(input.filter),
        forecastCategory: { $ne: 'omitted' },
        outcome: { $ne: 'lost' },
        ...(wonOutsidePeriod.length > 0 ? { $and: wonOutsidePeriod } : {}),
      },
    },
    { $project: { stage: 1, owner: { $ifNull: ['$owner', null] }, forecastCategory: 1, amount, probability: 1 } },
    {
      $group: { _id: { stage: '$stage', owner: '$owner', forecastCategory: '$forecastCategory' }, ...PIPELINE_TOTALS },
    },
  ])) as GroupRow[];

  const { definition } = input.workflow;
  const definedStages = definition.stages.filter((s) => s.forecastCategory !== 'omitted' && s.outcome !== 'lost').map((s) => s.key);
  const otherStages = [...new Set(rows.map((r) => r._id.stage))].filter((s) => !definedStages.includes(s)).sort();
  const owners = [...new Set(rows.map((r) => r._id.owner))].sort((a, b) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1));
  const managerIds = [...new Set(Object.values(input.managers).filter((m): m is string => m !== null))].sort();
  return {
    total: sum(rows, () => true),
    byStage: [...definedStages, ...otherStages].map((stage) => ({ stage, ...sum(rows, (r) => r._id.stage === stage) })),
    byForecastCategory: SHOWN_CATEGORIES.map((forecastCategory) => ({ forecastCategory, ...sum(rows, (r) => r._id.forecastCategory === forecastCategory) })),
    byOwner: owners.map((owner) => ({ owner, ...sum(rows, (r) => r._id.owner === owner) })),
    byManager: managerIds.map((manager) => ({
      manager,
      ...sum(rows, (r) => r._id.owner !== null && (r._id.owner === manager || managerChain(r._id.owner, input.managers).includes(manager))),
    })),
  };
}
