import { DAY_MS, dayOf } from '@funnel/engine';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import type { TenantBulkWriter } from '../models/tenant-bulk-writer';
import { groupBy } from '../services/group-by';
import { idChunks } from './id-chunks';
import { markMetricDays, metricDayId } from './metric-days';

/**
 * Events whose record's later entries, closings or touches a stored day may refer back to. Not `record_created`:
 * a record has no events before it is created, and its creation is logged with or before its later events (one
 * outbox carries them until they are logged).
 */
const REFERRED_TYPES = new Set<EventDoc['type']>(['transitioned', 'activity_logged']);

/**
 * Events that give a record another owner. Events logged before the log stamped owners count under the record's owner
 * now (docs/metrics.md "Filters"), so the days holding such events of the record change with it.
 */
const OWNER_TYPES = new Set<EventDoc['type']>(['owner_changed', 'assigned', 'released']);

/**
 * The closing stages of a workflow in any of its versions (a closed record may sit in a stage of an older one);
 * `stages` are the stage keys the caller is about to look up.
 */
export type OutcomeStages = (input: { tenantId: string; workflowKey: string; stages: readonly string[] }) => Promise<ReadonlySet<string>>;

/**
 * Marks the stored day summaries that events just logged may have changed, so that they are built again and read
 * from the log until then (docs/decisions.md 28). Called by the outbox drainer after the events are in the log and
 * before their outboxes are cleared: a crash in between leaves the outboxes for the repair scan, whose drain
 * marks again. Marked, per event: the day it happened on (a late or backdated event); the later days holding
 * entries, closings or touches of its record (they refer back to the record's earlier ones); for a passage that
 * excludes its record from performance, a change of its lead source (the `source` field), and a change of owner of a
 * record with events logged before the log stamped owners, every day of the record's history and its creation and
 * closing days; for a transition or a
 * migration into or out of a closing stage, the days the record's closing time may have been on.
 * Days never built have no document, and today's summary does not reach the events of the last seconds: neither
 * is marked. What it costs a batch: one indexed read of its records' later events (an empty scan in the ordinary
 * case, events of the last seconds) and one bulk update (that matches nothing then); a batch with wins, losses,
 * reopenings or exclusions also reads those records and their whole histories.
 * @example await markTouchedDays({ models, outcomeStages, events: drained, writer: turn })
 */
export async function markTouchedDays(input: {
  models: Models;
  outcomeStages: OutcomeStages;
  events: readonly EventDoc[];
  /** Where the marks go (the drain's: its turn's writes, TurnWrites). */
  writer: Pick<TenantBulkWriter, 'write'>;
}): Promise<void> {
  for (const [tenantId, events] of groupBy(input.events, (e) => e.tenantId)) {
    // Per day, the earliest instant something touched: a day is marked if its summary reaches that far.
    const marks = new Map<string, number>();
    const mark = (workflowKey: string, at: number | undefined) => {
      if (at === undefined) return;
      const id = metricDayId({ tenantId, workflowKey, day: dayOf(at) });
      marks.set(id, Math.min(at, marks.get(id) ?? at));
    };
    for (const e of events) mark(e.workflowKey, e.at);
    await markLaterDays({ ...input, tenantId, events, mark });
    await markClosingDays({ ...input, tenantId, events, mark });
    await markMetricDays({ models: input.models, tenantId, marks, writer: input.writer });
  }
}

/** The later days of each record whose entries, closings or touches may now refer back to one of these events. */
async function markLaterDays(input: {
  models: Models;
  tenantId: string;
  events: readonly EventDoc[];
  mark: (workflowKey: string, at: number) => void;
}): Promise<void> {
  const firstDayEnd = new Map<string, number>();
  for (const e of input.events) {
    if (!REFERRED_TYPES.has(e.type)) continue;
    const end = (dayOf(e.at) + 1) * DAY_MS;
    firstDayEnd.set(e.recordId, Math.min(end, firstDayEnd.get(e.recordId) ?? end));
  }
  if (firstDayEnd.size === 0) return;
  const from = Math.min(...firstDayEnd.values());
  for (const part of idChunks([...firstDayEnd.keys()])) {
    const later = await input.models.Event.find(
      { tenantId: input.tenantId, recordId: { $in: part }, at: { $gte: from } },
      { recordId: 1, at: 1, workflowKey: 1 },
    ).lean();
    for (const e of later) if (e.at >= (firstDayEnd.get(e.recordId) ?? Number.POSITIVE_INFINITY)) input.mark(e.workflowKey, e.at);
  }
}

/**
 * For passages that exclude a record from performance, changes of its lead source, and changes of owner of a record
 * with unstamped events, every
 * day of its history and its creation and closing days; for transitions and migrations into or out of a closing
 * stage, the days its closing time may have been on (the days it entered a closing stage or was migrated into or out
 * of one) and its closing day now.
 */
async function markClosingDays(input: {
  models: Models;
  outcomeStages: OutcomeStages;
  tenantId: string;
  events: readonly EventDoc[];
  mark: (workflowKey: string, at: number | undefined) => void;
}): Promise<void> {
  const { models, tenantId } = input;
  // A record created in these events has no event from before owners were stamped: no need to look (a routed create
  // logs its creation and its assignment together).
  const created = new Set(input.events.filter((e) => e.type === 'record_created').map((e) => e.recordId));
  const excluded = await withUnstampedEvents({
    models,
    tenantId,
    recordIds: [...new Set(input.events.filter((e) => OWNER_TYPES.has(e.type) && !created.has(e.recordId)).map((e) => e.recordId))],
  });
  const closing = new Map<string, ReadonlySet<string>>();
  for (const e of input.events) {
    if (e.type === 'transitioned' && e.excludedFromPerformance) excluded.add(e.recordId);
    // Time to first touch by lead source reads the source now of a record whose creation was logged without one.
    if (e.type === 'fields_updated' && e.changed.includes('source')) excluded.add(e.recordId);
    // A record created into a closing stage closes on its creation day, which its own mark covers.
    if (e.type !== 'transitioned' && e.type !== 'migrated') continue;
    // Only a change from or into a closing stage can change the record's outcome or closing time.
    const outcomes = await input.outcomeStages({ tenantId, workflowKey: e.workflowKey, stages: [e.from, e.to] });
    if (outcomes.has(e.from) || outcomes.has(e.to)) closing.set(e.recordId, outcomes);
  }
  const recordIds = [...new Set([...excluded, ...closing.keys()])];
  for (const part of idChunks(recordIds)) {
    const [history, records] = await Promise.all([
      models.Event.find({ tenantId, recordId: { $in: part } }, { recordId: 1, at: 1, workflowKey: 1, type: 1, from: 1, to: 1, stage: 1 }).lean() as Promise<
        { recordId: string; at: number; workflowKey: string; type: EventDoc['type']; from?: string; to?: string; stage?: string }[]
      >,
      models.Record.find({ tenantId, _id: { $in: part } }, { workflowKey: 1, createdAt: 1, closedAt: 1 }).lean(),
    ]);
    for (const r of records) {
      if (excluded.has(r._id)) input.mark(r.workflowKey, r.createdAt);
      input.mark(r.workflowKey, r.closedAt);
    }
    for (const e of history) {
      const outcomes = closing.get(e.recordId);
      const closes = (stage: string | undefined) => stage !== undefined && outcomes?.has(stage) === true;
      const closedThen =
        (e.type === 'migrated' && (closes(e.from) || closes(e.to))) ||
        (e.type === 'transitioned' && closes(e.to)) ||
        (e.type === 'record_created' && closes(e.stage));
      if (excluded.has(e.recordId) || closedThen) input.mark(e.workflowKey, e.at);
    }
  }
}

/** Of these records, those with events logged before the log stamped owners (by the (tenant, record, at) index). */
async function withUnstampedEvents(input: { models: Models; tenantId: string; recordIds: readonly string[] }): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of idChunks(input.recordIds)) {
    const unstamped = await input.models.Event.find({ tenantId: input.tenantId, recordId: { $in: part }, owner: { $exists: false } }, { recordId: 1 }).lean();
    for (const e of unstamped) found.add(e.recordId);
  }
  return found;
}
