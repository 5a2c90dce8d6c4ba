import { DEFAULT_AMOUNT_FIELD, type CompiledWorkflow, type VelocityParts } from '@funnel/engine';
import type { Models } from '../models/models';
import { amountOf } from './pipeline-aggregation';

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
 * Velocity's parts from the store, as `velocityParts` defines them: the open records in the workflow's opportunity
 * stages now (on the `{ tenantId, workflowKey, stage }` index: the cost grows with the open opportunities) and the
 * records won in the period (on `{ tenantId, workflowKey, closedAt }`: with the period's closings), excluded ones left out.
 * @example await velocityFromStore({ models, tenantId, workflowKey: 'standard_trunk', workflow, period })
 */
export async function velocityFromStore(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: CompiledWorkflow;
  period: { from: number; to: number };
}): Promise<VelocityParts> {
  const { models, tenantId, workflowKey, workflow, period } = input;
  const opportunityStages = workflow.definition.stages.filter((stage) => stage.phase === 'opportunity' && !stage.outcome && !stage.pool).map((s) => s.key);
  const counted = { tenantId, workflowKey, excludedFromPerformance: { $ne: true } };
  const [openOpportunities, won] = await Promise.all([
    totals(models, { ...counted, stage: { $in: opportunityStages }, outcome: { $exists: false }, pool: { $exists: false } }, DEFAULT_AMOUNT_FIELD),
    totals(models, { ...counted, outcome: 'won', closedAt: { $gte: period.from, $lt: period.to } }, DEFAULT_AMOUNT_FIELD),
  ]);
  return { openOpportunities, won };
}
