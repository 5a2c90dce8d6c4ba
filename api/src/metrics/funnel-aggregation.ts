import { mainPathOrder, stageOutcomes, type DurationSummary, type FunnelMetrics, type MetricsPeriod, type MetricsWorkflow } from '@funnel/engine';
import type { Models } from '../models/models';
import { durationSummaryStages } from './nearest-rank-summary';
import { performanceFilter } from './performance-filter';

const NO_DURATIONS: DurationSummary = { count: 0, median: null, p90: null };
type SummaryRow = DurationSummary & { _id: string | null };

/** A touch (docs/metrics.md): any call, an outbound email or a meeting (not a note, not an inbound email). */
const TOUCHES = [{ 'activity.type': { $in: ['call', 'meeting'] } }, { 'activity.type': 'email', 'activity.direction': 'outbound' }];

/**
 * The funnel (docs/metrics.md) as database aggregations over the event log: stage volumes ($addToSet of
 * record ids), time in stage and cycle length (nearest-rank percentiles via $sortArray), win rate (last closing
 * transition per record), time to first touch (touches joined to their records by _id). Only the handful
 * of grouped rows come back; the conversions are ratios of them.
 * @example await funnelAggregation({ models, tenantId, workflowKey: 'standard_trunk', workflow, period })
 */
export async function funnelAggregation(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: MetricsWorkflow;
  period: MetricsPeriod;
}): Promise<FunnelMetrics> {
  const { models, tenantId, workflowKey, period } = input;
  const { definition } = input.workflow;
  const outcomes = stageOutcomes(definition);
  const wonStages = [...outcomes].filter(([, o]) => o === 'won').map(([s]) => s);
  const counted = await performanceFilter({ models, tenantId, workflowKey });
  const inWindow = { ...counted, at: { $gte: period.from, $lt: period.to } };

  const [entered, durations, closing, cycles, touches, created] = await Promise.all([
    models.Event.aggregate<{ _id: string; n: number }>([
      { $match: { ...inWindow, type: { $in: ['record_created', 'transitioned'] } } },
      { $group: { _id: { $cond: [{ $eq: ['$type', 'record_created'] }, '$stage', '$to'] }, records: { $addToSet: '$recordId' } } },
      { $project: { n: { $size: '$records' } } },
    ]),
    models.Event.aggregate<SummaryRow>([
      { $match: { ...inWindow, type: 'transitioned' } },
      { $group: { _id: '$from', xs: { $push: '$durationInStage' } } },
      ...durationSummaryStages('xs'),
    ]),
    models.Event.aggregate<{ _id: string; outcome: string }>([
      { $match: { ...inWindow, type: 'transitioned', to: { $in: [...outcomes.keys()] } } },
      { $sort: { at: 1, _id: 1 } },
      { $group: { _id: '$recordId', lastTo: { $last: '$to' } } },
      { $project: { outcome: { $cond: [{ $in: ['$lastTo', wonStages] }, 'won', 'lost'] } } },
    ]),
    models.Event.aggregate<SummaryRow>([
      { $match: { ...inWindow, type: 'transitioned', to: { $in: [...outcomes.keys()] } } },
      { $sort: { at: 1, _id: 1 } },
      { $group: { _id: '$recordId', lastTo: { $last: '$to' }, firstWonAt: { $min: { $cond: [{ $in: ['$to', wonStages] }, '$at', null] } } } },
      { $match: { lastTo: { $in: wonStages }, firstWonAt: { $ne: null } } },
      { $lookup: { from: models.Record.collection.collectionName, localField: '_id', foreignField: '_id', as: 'record' } },
      { $unwind: '$record' },
      { $match: { 'record.tenantId': tenantId, 'record.workflowKey': workflowKey, 'record.excludedFromPerformance': { $ne: true } } },
      { $group: { _id: null, xs: { $push: { $subtract: ['$firstWonAt', '$record.createdAt'] } } } },
      ...durationSummaryStages('xs'),
    ]),
    // Time to first touch: touches before the period's end, joined to their record (by _id), kept when the
    // record was created in the period and the touch came after its creation; earliest per record.
    models.Event.aggregate<SummaryRow>([
      { $match: { ...counted, type: 'activity_logged', at: { $lt: period.to }, $or: TOUCHES } },
      { $lookup: { from: models.Record.collection.collectionName, localField: 'recordId', foreignField: '_id', as: 'record' } },
      { $unwind: '$record' },
      {
        $match: {
          'record.tenantId': tenantId,
          'record.workflowKey': workflowKey,
          'record.excludedFromPerformance': { $ne: true },
          'record.createdAt': { $gte: period.from, $lt: period.to },
        },
      },
      { $match: { $expr: { $gte: ['$at', '$record.createdAt'] } } },
      { $group: { _id: '$recordId', firstTouchAt: { $min: '$at' }, createdAt: { $first: '$record.createdAt' } } },
      { $group: { _id: null, xs: { $push: { $subtract: ['$firstTouchAt', '$createdAt'] } } } },
      ...durationSummaryStages('xs'),
    ]),
    models.Record.countDocuments({ tenantId, workflowKey, excludedFromPerformance: { $ne: true }, createdAt: { $gte: period.from, $lt: period.to } }),
  ]);

  const enteredBy = new Map(entered.map((row) => [row._id, row.n]));
  const durationsFrom = new Map(durations.map(({ _id, ...summary }) => [_id, summary]));
  const order = mainPathOrder(definition);
  const volumes = order.map((stage) => enteredBy.get(stage) ?? 0);
  const first = volumes[0] ?? 0;
  const won = closing.filter((c) => c.outcome === 'won').length;
  const lost = closing.length - won;
  const [cycle] = cycles;
  const [touch] = touches;
  return {
    stages: order.map((stage, i) => {
      const here = volumes[i] ?? 0;
      const next = volumes[i + 1];
      return {
        stage,
        entered: here,
        conversionToNext: next === undefined || here === 0 ? null : next / here,
        cumulativeConversion: first === 0 ? null : here / first,
        timeInStage: durationsFrom.get(stage) ?? NO_DURATIONS,
      };
    }),
    cycleLength: cycle ? { count: cycle.count, median: cycle.median, p90: cycle.p90 } : NO_DURATIONS,
    winRate: { won, lost, rate: won + lost === 0 ? null : won / (won + lost) },
    timeToFirstTouch: {
      ...(touch ? { count: touch.count, median: touch.median, p90: touch.p90 } : NO_DURATIONS),
      untouched: created - (touch?.count ?? 0),
    },
  };
}
