import type { FunnelEvent, MetricsPeriod, SegmentRecord } from '@funnel/engine';
import type { Models } from '../models/models';

/** `$in` lists of at most this many ids: the embedded store expands up to 1,000 into index scans. */
const IDS_PER_QUERY = 1000;
/** The event types the summaries read; the rest of the log (field changes, timers…) is left in the store. */
const SUMMARY_EVENT_TYPES = ['record_created', 'transitioned', 'activity_logged'] as const satisfies readonly FunnelEvent['type'][];
/** What a summary reads of an event: no actor, reason, note or blockers. */
const EVENT_FIELDS = {
  _id: 1,
  type: 1,
  at: 1,
  recordId: 1,
  stage: 1,
  from: 1,
  to: 1,
  durationInStage: 1,
  excludedFromPerformance: 1,
  'activity.type': 1,
  'activity.direction': 1,
};
const RECORD_FIELDS = { _id: 1, createdAt: 1, excludedFromPerformance: 1, outcome: 1, closedAt: 1 };

/** What `summarizeSegment` needs for a stretch: the histories of the records involved, in log order, and those records. */
export interface StretchData {
  events: FunnelEvent[];
  records: Map<string, SegmentRecord>;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_QUERY) out.push(items.slice(i, i + IDS_PER_QUERY));
  return out;
}

/**
 * Reads what a summary of [range.from, range.to) needs (docs/metrics.md "Summaries"): the workflow's records with
 * an event in the stretch, created in it or closed in it (or, `undated`, closed without a closing time), and the
 * whole history of each from the event log, by the indexes on (tenant, workflow, at), (tenant, record, at),
 * (tenant, workflow, createdAt) and (tenant, workflow, closedAt). Its cost grows with the stretch's records and
 * their histories, never with the rest of the log.
 * @example summarizeSegment({ definition, range, ...(await loadStretch({ models, tenantId, workflowKey, range })) })
 */
export async function loadStretch(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  range: MetricsPeriod;
  undated?: boolean;
}): Promise<StretchData> {
  const { models, tenantId, workflowKey, range } = input;
  const window = { $gte: range.from, $lt: range.to };
  const [inStretch, created, closed] = input.undated
    ? [[] as string[], [], await models.Record.find({ tenantId, workflowKey, outcome: { $exists: true }, closedAt: { $exists: false } }, { _id: 1 }).lean()]
    : await Promise.all([
        models.Event.distinct('recordId', { tenantId, workflowKey, at: window, type: { $in: [...SUMMARY_EVENT_TYPES] } }) as Promise<string[]>,
        models.Record.find({ tenantId, workflowKey, createdAt: window }, { _id: 1 }).lean(),
        models.Record.find({ tenantId, workflowKey, closedAt: window }, { _id: 1 }).lean(),
      ]);
  const ids = [...new Set([...inStretch, ...created.map((r) => r._id), ...closed.map((r) => r._id)])];
  const [histories, records] = await Promise.all([
    Promise.all(
      chunks(ids).map((part) =>
        models.Event.find({ tenantId, recordId: { $in: part }, workflowKey, type: { $in: [...SUMMARY_EVENT_TYPES] } }, EVENT_FIELDS).lean(),
      ),
    ),
    Promise.all(chunks(ids).map((part) => models.Record.find({ tenantId, workflowKey, _id: { $in: part } }, RECORD_FIELDS).lean())),
  ]);
  // Log order: by time, ties in the order the log holds them (event ids sort in write order).
  const events = histories.flat().sort((a, b) => a.at - b.at || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)) as unknown as FunnelEvent[];
  return { events, records: new Map(records.flat().map((r) => [r._id, r as SegmentRecord])) };
}
