import type { FunnelEvent, MetricsPeriod, SegmentRecord } from '@funnel/engine';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import type { RecordDoc } from '../models/record';
import { idChunks } from './id-chunks';
import { EARLIEST_INSTANT } from './workflow-data-days';

/** The event types the summaries read; the rest of the log (field changes, timers…) is left in the store. */
const SUMMARY_EVENT_TYPES = ['record_created', 'transitioned', 'activity_logged'] as const satisfies readonly FunnelEvent['type'][];
/**
 * What a summary reads of an event: no actor, reason or blockers. Top-level fields only: the embedded store
 * projects those itself, where a dotted path (`activity.type`) goes through mingo at several times the cost.
 */
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
  activity: 1,
  owner: 1,
  source: 1,
};
/** The lead source is the one field read (time to first touch by source): a dotted path, but of the stretch's records only. */
const RECORD_FIELDS = { _id: 1, createdAt: 1, excludedFromPerformance: 1, outcome: 1, closedAt: 1, owner: 1, pipeline: 1, 'fields.source': 1 };

type StoredRecord = Pick<RecordDoc, '_id' | 'createdAt' | 'excludedFromPerformance' | 'outcome' | 'closedAt' | 'owner' | 'pipeline'> & {
  fields?: { source?: unknown };
};

/** What `summarizeSegment` needs for a stretch: the histories of the records involved, in log order, and those records. */
export interface StretchData {
  events: FunnelEvent[];
  records: Map<string, SegmentRecord>;
}

/**
 * Reads what a summary of [range.from, range.to) needs (docs/metrics.md "Summaries"): the workflow's events in the
 * stretch, its records with an event in it, created in it or closed in it (or, `undated`, closed without a closing
 * time), each of those records' events before the stretch (what the stretch refers back to), and the later events
 * of the records closed in it (calibration counts every stage they passed), and the whole history of the records a
 * return flagged (a returned passage may start in the stretch and end after it); for a period's partial first day,
 * the records' later events in the period instead of their earlier ones. By the indexes on (tenant, workflow,
 * at), (tenant, record, at), (tenant, workflow, createdAt) and (tenant, workflow, closedAt): its cost grows with
 * the stretch's events and records and their histories, never with the rest of the log.
 * @example summarizeSegment({ definition, range, ...(await loadStretch({ models, tenantId, workflowKey, range })) })
 */
export async function loadStretch(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  range: MetricsPeriod;
  /**
   * Instead of a stretch, the records with an outcome and no closing time (`recordIds`: of those records only; without
   * them, found by a scan of the workflow's records).
   */
  undated?: { recordIds?: readonly string[] };
  /**
   * A period's partial first day: no look back (what is before the period's start counts as before it whatever it
   * was), and instead each record's events after the stretch up to `opensPeriodUntil`, the period's end, for
   * `startEdgeCorrections`.
   */
  opensPeriodUntil?: number;
}): Promise<StretchData> {
  const { models, tenantId, workflowKey, range } = input;
  const scope = { tenantId, workflowKey };
  const window = { $gte: range.from, $lt: range.to };
  const types = { $in: [...SUMMARY_EVENT_TYPES] };
  const [inStretch, created, closed] = input.undated
    ? [[], [], await undatedRecords({ models, scope, recordIds: input.undated.recordIds })]
    : await Promise.all([
        models.Event.find({ ...scope, at: window, type: types }, EVENT_FIELDS).lean(),
        models.Record.find({ ...scope, createdAt: window }, RECORD_FIELDS).lean(),
        models.Record.find({ ...scope, closedAt: window }, RECORD_FIELDS).lean(),
      ]);
  const records = new Map<string, StoredRecord>([...created, ...closed].map((r) => [r._id, r]));
  const unread = [...new Set(inStretch.map((e) => e.recordId))].filter((id) => !records.has(id));
  for (const part of idChunks(unread)) for (const r of await models.Record.find({ ...scope, _id: { $in: part } }, RECORD_FIELDS).lean()) records.set(r._id, r);
  const involved = [...new Set([...inStretch.map((e) => e.recordId), ...records.keys()])];
  const closedIds = closed.map((r) => r._id);
  // By (tenant, record, at) alone: with the workflow in the filter the store may as well take (tenant, workflow, at)
  // and read every earlier event of the workflow. A record's events are all of its workflow; checked below.
  const history = (ids: string[], at: Record<string, number>) =>
    Promise.all(
      idChunks(ids).map((part) => models.Event.find({ tenantId, recordId: { $in: part }, at, type: types }, { ...EVENT_FIELDS, workflowKey: 1 }).lean()),
    );
  const ahead = input.opensPeriodUntil;
  // Records a return flagged: whether an event is in a returned passage depends on the return, which may come later.
  const returned = involved.filter((id) => records.get(id)?.excludedFromPerformance === true);
  const [before, after, whole] = await Promise.all([
    ahead === undefined ? history(involved, { $lt: range.from }) : [],
    ahead === undefined ? history(closedIds, { $gte: range.to }) : history(involved, { $gte: range.to, $lt: ahead }),
    history(returned, { $gte: EARLIEST_INSTANT }),
  ]);
  const ofWorkflow = (e: { workflowKey: string }) => e.workflowKey === workflowKey;
  const byId = new Map<string, EventDoc>();
  for (const e of [...before.flat().filter(ofWorkflow), ...inStretch, ...after.flat().filter(ofWorkflow), ...whole.flat().filter(ofWorkflow)] as EventDoc[]) {
    byId.set(e._id, e);
  }
  // Log order: by time, ties in the order the log holds them (event ids sort in write order).
  const events = [...byId.values()].sort((a, b) => a.at - b.at || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)) as unknown as FunnelEvent[];
  return { events, records: records as Map<string, SegmentRecord> };
}

/** The workflow's records with an outcome and no closing time: among `recordIds` when given (by `_id`), else all (a scan). */
async function undatedRecords(input: {
  models: Models;
  scope: { tenantId: string; workflowKey: string };
  recordIds: readonly string[] | undefined;
}): Promise<StoredRecord[]> {
  const undated = { ...input.scope, outcome: { $exists: true }, closedAt: { $exists: false } };
  if (!input.recordIds) return input.models.Record.find(undated, RECORD_FIELDS).lean();
  const parts = await Promise.all(idChunks(input.recordIds).map((part) => input.models.Record.find({ ...undated, _id: { $in: part } }, RECORD_FIELDS).lean()));
  return parts.flat();
}
