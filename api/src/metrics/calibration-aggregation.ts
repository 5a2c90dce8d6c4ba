import { mainPathOrder, stageOutcomes, type CalibrationRow, type MetricsPeriod, type MetricsWorkflow } from '@funnel/engine';
import type { Models } from '../models/models';
import { performanceFilter } from './performance-filter';

/** Percent, to set the observed share next to the configured probability. */
const PERCENT = 100;

/**
 * Calibration (docs/metrics.md) as one aggregation: stage entries grouped by (stage, record), joined to the
 * records, then per stage the records that passed, those closed (in the period, if given) and those won.
 * @example await calibrationAggregation({ models, tenantId, workflowKey: 'standard_trunk', workflow })
 */
export async function calibrationAggregation(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: MetricsWorkflow;
  period?: MetricsPeriod;
}): Promise<CalibrationRow[]> {
  const { models, tenantId, workflowKey, period } = input;
  const { definition } = input.workflow;
  const closed = period
    ? { $and: [{ $ne: [{ $ifNull: ['$record.outcome', null] }, null] }, { $gte: ['$record.closedAt', period.from] }, { $lt: ['$record.closedAt', period.to] }] }
    : { $ne: [{ $ifNull: ['$record.outcome', null] }, null] };
  const rows = await models.Event.aggregate<{ _id: string; passed: number; closed: number; won: number }>([
    { $match: { ...(await performanceFilter({ models, tenantId, workflowKey })), type: { $in: ['record_created', 'transitioned'] } } },
    { $group: { _id: { stage: { $cond: [{ $eq: ['$type', 'record_created'] }, '$stage', '$to'] }, recordId: '$recordId' } } },
    { $lookup: { from: models.Record.collection.collectionName, localField: '_id.recordId', foreignField: '_id', as: 'record' } },
    { $unwind: '$record' },
    { $match: { 'record.tenantId': tenantId, 'record.workflowKey': workflowKey, 'record.excludedFromPerformance': { $ne: true } } },
    {
      $group: {
        _id: '$_id.stage',
        passed: { $sum: 1 },
        closed: { $sum: { $cond: [closed, 1, 0] } },
        won: { $sum: { $cond: [{ $and: [closed, { $eq: ['$record.outcome', 'won'] }] }, 1, 0] } },
      },
    },
  ]);
  const byStage = new Map(rows.map((row) => [row._id, row]));
  const outcomes = stageOutcomes(definition);
  return mainPathOrder(definition)
    .filter((stage) => !outcomes.has(stage))
    .map((stage) => {
      const row = byStage.get(stage) ?? { passed: 0, closed: 0, won: 0 };
      return {
        stage,
        configured: definition.stages.find((s) => s.key === stage)?.probability ?? 0,
        passed: row.passed,
        closed: row.closed,
        won: row.won,
        observed: row.closed === 0 ? null : (row.won / row.closed) * PERCENT,
      };
    });
}
