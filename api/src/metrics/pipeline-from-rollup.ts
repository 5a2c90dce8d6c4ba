import {
  pipelineFromGroups,
  pipelinePeriodEdges,
  selectPipelineRows,
  type ManagerMap,
  type MetricsFilter,
  type MetricsPeriod,
  type MetricsWorkflow,
  type PipelineChange,
  type PipelineMetrics,
} from '@funnel/engine';
import type { Models } from '../models/models';
import type { RecordDoc } from '../models/record';
import { filterMatch, pipelineGroups } from './pipeline-aggregation';
import { applyToRollupRows, loggedChanges, rollupRowsFor } from './pipeline-rollup';

/**
 * Most events after the rollup's cursor a report adds itself: more means the rounds have fallen behind (or stopped),
 * and the report takes the `$group` over the records instead of reading that much of the log.
 */
const LIVE_EVENTS_MAX = 5_000;

/**
 * The pipeline report from the workflow's rollup (docs/metrics.md "Pipeline from a rollup"): its rows, the pipeline
 * changes logged after its cursor (the last seconds, live), the rows of the filter and of the period's whole days, and
 * for the period's partial first and last days the won records closed in them (a `$group` on the closing-time index).
 * So its cost grows with the places of the pipeline (stages × owners × pipelines × sources, and for the won, the days
 * of the months the period touches), not with the records. Null when the workflow has no rollup yet (its baseline
 * still scanning) or the rounds are behind.
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
  // The won rows by day only of the months the period touches; without a period none.
  const rollup = await rollupRowsFor({ models, tenantId, workflowKey, period });
  if (!rollup) return null;
  const edges = period ? pipelinePeriodEdges(period) : [];
  // In this order: the stamps still in outboxes, which of them the log holds, then the log after the cursor (see unlogged).
  const waiting = await waitingStamps({ models, tenantId, workflowKey, edges });
  const logged = await loggedIds({ models, tenantId, ids: waiting.map((stamp) => stamp.id) });
  const live = await loggedChanges({ models, tenantId, after: rollup.cursor, through: Number.MAX_SAFE_INTEGER, limit: LIVE_EVENTS_MAX + 1 });
  if (live.length > LIVE_EVENTS_MAX) return null;
  const { rows } = rollup;
  for (const event of live) if (event.workflowKey === workflowKey && event.pipelineChange) applyToRollupRows(rows, event.pipelineChange);
  const liveIds = new Set(live.map((event) => event._id));
  for (const stamp of waiting) if (!logged.has(stamp.id) && !liveIds.has(stamp.id)) applyToRollupRows(rows, stamp.change);
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

/**
 * The pipeline changes still in the outboxes of the won records a period's partial days read from the records: their
 * wins are in the records already but not yet in the log, so the rows would still count them where they were (most
 * often a few milliseconds; after a crash, until the repair scan). Read before the log: a stamp logged after this read
 * is found by `loggedIds` or in the log after the cursor, one logged later still is applied from here, never both.
 */
async function waitingStamps(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  edges: readonly MetricsPeriod[];
}): Promise<{ id: string; change: PipelineChange }[]> {
  const { models, tenantId, workflowKey } = input;
  const read = await Promise.all(
    input.edges.map(
      (edge) =>
        models.Record.find(
          { tenantId, workflowKey, closedAt: { $gte: edge.from, $lt: edge.to }, outcome: 'won', 'outbox._id': { $gt: '' } },
          { outbox: 1 },
        ).lean() as Promise<Pick<RecordDoc, 'outbox'>[]>,
    ),
  );
  return read
    .flat()
    .flatMap((record) => (record.outbox ?? []).flatMap((entry) => (entry.pipelineChange ? [{ id: entry._id, change: entry.pipelineChange }] : [])));
}

/** Which of these event ids the log holds. */
async function loggedIds(input: { models: Models; tenantId: string; ids: readonly string[] }): Promise<Set<string>> {
  if (input.ids.length === 0) return new Set();
  const found = await input.models.Event.find({ tenantId: input.tenantId, _id: { $in: [...input.ids] } }, { _id: 1 }).lean();
  return new Set(found.map((event) => event._id));
}
