import {
  pipelineFromGroups,
  pipelinePeriodEdges,
  selectPipelineRows,
  type ManagerMap,
  type MetricsFilter,
  type MetricsPeriod,
  type MetricsWorkflow,
  type PipelineMetrics,
} from '@funnel/engine';
import type { Models } from '../models/models';
import { filterMatch, pipelineGroups } from './pipeline-aggregation';
import { applyToRollupRows, loggedChanges, pipelineRollupId, rollupRowsOf } from './pipeline-rollup';

/**
 * Most events after the rollup's cursor a report adds itself: more means the rounds have fallen behind (or stopped),
 * and the report takes the `$group` over the records instead of reading that much of the log.
 */
const LIVE_EVENTS_MAX = 5_000;

/**
 * The pipeline report from the workflow's rollup (docs/metrics.md "Pipeline from a rollup"): its rows, the pipeline
 * changes logged after its cursor (the last seconds, live), the rows of the filter and of the period's whole days, and
 * for the period's partial first and last days the won records closed in them (a `$group` on the closing-time index).
 * So its cost grows with the places of the pipeline (stages × owners × pipelines × sources, and for the won, days), not
 * with the records. Null when the workflow has no rollup yet (its baseline still scanning) or the rounds are behind.
 * @example (await pipelineFromRollup({ models, tenantId, workflowKey: 'deals', workflow, managers: {} }))?.total
 */
export async function pipelineFromRollup(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: MetricsWorkflow;
  managers: ManagerMap;
  period?: MetricsPeriod | undefined;
  filter?: MetricsFilter | undefined;
}): Promise<PipelineMetrics | null> {
  const { models, tenantId, workflowKey, period, filter } = input;
  // Without a period the won rows by day (megabytes at scale) are neither parsed nor sent.
  const doc = await models.PipelineRollup.findOne({ tenantId, _id: pipelineRollupId(input) }, period ? {} : { wonDays: 0 }).lean();
  if (!doc?.cursor) return null;
  const live = await loggedChanges({ models, tenantId, after: doc.cursor, through: Number.MAX_SAFE_INTEGER, limit: LIVE_EVENTS_MAX + 1 });
  if (live.length > LIVE_EVENTS_MAX) return null;
  const rows = rollupRowsOf(doc, { wonDays: period !== undefined });
  for (const event of live) if (event.workflowKey === workflowKey && event.pipelineChange) applyToRollupRows(rows, event.pipelineChange);
  const edges = period ? pipelinePeriodEdges(period) : [];
  const edgeGroups = await Promise.all(
    edges.map((edge) =>
      pipelineGroups({ models, tenantId, workflowKey, match: { ...filterMatch(filter), outcome: 'won', closedAt: { $gte: edge.from, $lt: edge.to } } }),
    ),
  );
  // Over a period, the won records come by closing day; without one, over all time with the open ones.
  const counted = period ? [...[...rows.places.values()].filter((row) => !row.won), ...rows.wonDays.values()] : rows.places.values();
  const groups = [...selectPipelineRows({ rows: counted, filter, period }), ...edgeGroups.flat()];
  return pipelineFromGroups({ workflow: input.workflow, groups, managers: input.managers });
}
