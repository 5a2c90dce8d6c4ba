import { DEFAULT_AMOUNT_FIELD, recordAmount, type CompiledWorkflow, type MetricsFilter, type VelocityParts } from '@funnel/engine';
import type { Models } from '../models/models';
import { idChunks } from './id-chunks';
import { amountOf, filterMatch } from './pipeline-aggregation';

interface Totals {
  count: number;
  amount: number;
}

/** Count and amount of the records a match selects, from one `$group`. */
async function totals(models: Models, match: Record<string, unknown>, amountField: string): Promise<Totals> {
  const [row] = (await models.Record.aggregate([
    { $match: match },
    { $project: { amount: amountOf(amountField) } },
    { $group: { _id: null, count: { $sum: 1 }, amount: { $sum: '$amount' } } },
  ])) as (Totals & { _id: null })[];
  return { count: row?.count ?? 0, amount: row?.amount ?? 0 };
}

/**
 * The count and amount of the records a match selects that count for performance: the unflagged by one `$group`, and
 * the few flagged ones read (with their fields: a dotted projection costs the embedded store more) and counted when a
 * return flagged them (their log holds a flagged transition), not when
 * they were flagged without one (docs/metrics.md "Performance exclusions").
 */
async function countedTotals(models: Models, match: Record<string, unknown> & { tenantId: string }): Promise<Totals> {
  const [unflagged, flagged] = await Promise.all([
    totals(models, { ...match, excludedFromPerformance: { $ne: true } }, DEFAULT_AMOUNT_FIELD),
    models.Record.find({ ...match, excludedFromPerformance: true }, { _id: 1, fields: 1 }).lean() as Promise<
      { _id: string; fields?: Record<string, unknown> }[]
    >,
  ]);
  const returned = new Set<string>();
  for (const part of idChunks(flagged.map((r) => r._id))) {
    const returns = await models.Event.find(
      { tenantId: match.tenantId, recordId: { $in: part }, type: 'transitioned', excludedFromPerformance: true },
      { recordId: 1 },
    ).lean();
    for (const e of returns) returned.add(e.recordId);
  }
  const counted = flagged.filter((r) => returned.has(r._id));
  return {
    count: unflagged.count + counted.length,
    amount: unflagged.amount + counted.reduce((sum, r) => sum + recordAmount({ fields: r.fields ?? {} }, DEFAULT_AMOUNT_FIELD), 0),
  };
}

/**
 * Velocity's parts from the store, as `velocityParts` defines them: the open records in the workflow's opportunity
 * stages now (on the `{ tenantId, workflowKey, stage }` index: the cost grows with the open opportunities) and the
 * records won in the period (on `{ tenantId, workflowKey, closedAt }`: with the period's closings), those left out
 * of performance wholly left out, and with a filter, the records in it as they are now.
 * @example await velocityFromStore({ models, tenantId, workflowKey: 'standard_trunk', workflow, period })
 */
export async function velocityFromStore(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: CompiledWorkflow;
  period: { from: number; to: number };
  filter?: MetricsFilter | undefined;
}): Promise<VelocityParts> {
  const { models, tenantId, workflowKey, workflow, period, filter } = input;
  const opportunityStages = workflow.definition.stages.filter((stage) => stage.phase === 'opportunity' && !stage.outcome && !stage.pool).map((s) => s.key);
  const scope = { tenantId, workflowKey, ...filterMatch(filter) };
  const [openOpportunities, won] = await Promise.all([
    countedTotals(models, { ...scope, stage: { $in: opportunityStages }, outcome: { $exists: false }, pool: { $exists: false } }),
    countedTotals(models, { ...scope, outcome: 'won', closedAt: { $gte: period.from, $lt: period.to } }),
  ]);
  return { openOpportunities, won };
}
