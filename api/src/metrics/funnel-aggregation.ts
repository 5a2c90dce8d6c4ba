import { mainPathOrder, stageOutcomes, type DurationSummary, type FunnelMetrics, type MetricsPeriod, type MetricsWorkflow } from '@funnel/engine';
import type { Models } from '../models/models';
import { durationSummaryStages } from './nearest-rank-summary';
import { performanceFilter } from './performance-filter';

const NO_DURATIONS: DurationSummary = { count: 0, median: null, p90: null };
type SummaryRow = DurationSummary & { _id: string | null };

/** A touch (docs/metrics.md): any call, an outbound email or a meeting; `$$event` names the activity_logged event. */
const IS_TOUCH = {
  $or: [
    { $in: ['$$event.activity.type', ['call', 'meeting']] },
    { $and: [{ $eq: ['$$event.activity.type', 'email'] }, { $eq: ['$$event.activity.direction', 'outbound'] }] },
  ],
};

/**
 * The funnel (docs/metrics.md) as database aggregations over the event log: stage volumes ($addToSet of
 * record ids), time in stage and cycle length (nearest-rank percentiles via $sortArray), win rate (last closing
 * transition per record), time to first touch ($lookup of each created record's activities). Only the handful
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

  const [entered, durations, closing, cycles, touches] = await Promise.all([
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
    models.Record.aggregate<SummaryRow & { untouched: number }>([
      { $match: { tenantId, workflowKey, excludedFromPerformance: { $ne: true }, createdAt: { $gte: period.from, $lt: period.to } } },
      { $lookup: { from: models.Event.collection.collectionName, localField: '_id', foreignField: 'recordId', as: 'events' } },
      {
        $project: {
          delay: {
            $subtract: [
              {
                $min: {
                  $map: {
                    input: {
                      $filter: {
                        input: '$events',
                        as: 'event',
                        cond: {
                          $and: [
                            { $eq: ['$$event.tenantId', tenantId] },
                            { $eq: ['$$event.type', 'activity_logged'] },
                            { $gte: ['$$event.at', '$createdAt'] },
                            { $lt: ['$$event.at', period.to] },
                            IS_TOUCH,
                          ],
                        },
                      },
                    },
                    as: 'event',
                    in: '$$event.at',
                  },
                },
              },
              '$createdAt',
            ],
          },
        },
      },
      { $group: { _id: null, xs: { $push: '$delay' }, created: { $sum: 1 } } },
      { $project: { xs: { $filter: { input: '$xs', as: 'x', cond: { $ne: ['$$x', null] } } }, created: 1 } },
      { $project: { xs: 1, untouched: { $subtract: ['$created', { $size: '$xs' }] } } },
      ...durationSummaryStages('xs', ['untouched']),
    ]),
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
    timeToFirstTouch: touch
      ? { count: touch.count, median: touch.median, p90: touch.p90, untouched: touch.untouched }
      : { ...NO_DURATIONS, untouched: 0 },
  };
}
