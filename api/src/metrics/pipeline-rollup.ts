import {
  addToPipelineRows,
  pipelineContribution,
  pipelineRowKey,
  type PipelineChange,
  type PipelineContribution,
  type PipelineRecord,
  type PipelineRow,
} from '@funnel/engine';
import { DUPLICATE_KEY } from '../models/duplicate-key';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import type { PipelineRollupDoc } from '../models/pipeline-rollup';
import type { RecordDoc } from '../models/record';
import { FEED_ORDER, feedFilter, positionOf } from '../services/event-feed';

/** Records the baseline's scan reads per write of the rollup. */
const SCAN_PAGE_RECORDS = 2_000;
/** Events of the log summed per write of the rollup. */
const LOG_PAGE_EVENTS = 2_000;
/** Pages (of either kind) one workflow advances by in one round of the metric summaries. */
const PAGES_PER_ROUND = 10;

/** What the scan reads of a record: its contribution now and its base. */
const SCANNED_FIELDS = {
  createdAt: 1,
  stage: 1,
  owner: 1,
  forecastCategory: 1,
  probability: 1,
  outcome: 1,
  closedAt: 1,
  pipeline: 1,
  'fields.amount': 1,
  'fields.source': 1,
  pipelineBase: 1,
} as const;

/** Which rollup: a tenant's workflow, and how many records or events a page reads (a test's small pages). */
interface RollupTarget {
  models: Models;
  tenantId: string;
  workflowKey: string;
  pageSize?: number | undefined;
}

/**
 * The rollup's id.
 * @example pipelineRollupId({ tenantId: 't1', workflowKey: 'deals' }) // → 't1:deals'
 */
export function pipelineRollupId(input: { tenantId: string; workflowKey: string }): string {
  return `${input.tenantId}:${input.workflowKey}`;
}

/**
 * A rollup's rows: `places`, the pipeline by place over all time (a won record without its closing day: what a report
 * without a period reads), and `wonDays`, the won records by place and closing day (what a period reads), each by key.
 * @example rollupRowsOf(doc, { wonDays: false }).places.size
 */
export interface RollupRows {
  places: Map<string, PipelineRow>;
  wonDays: Map<string, PipelineRow>;
}

/**
 * The rows a rollup stores; its won rows by day only when asked for (a report without a period does without them,
 * and they are most of the document).
 * @example rollupRowsOf(doc, { wonDays: period !== undefined })
 */
export function rollupRowsOf(doc: Pick<PipelineRollupDoc, 'rows'> & Partial<Pick<PipelineRollupDoc, 'wonDays'>>, read: { wonDays: boolean }): RollupRows {
  const keyed = (text: string | undefined) => new Map((JSON.parse(text ?? '[]') as PipelineRow[]).map((row) => [pipelineRowKey(row), row]));
  return { places: keyed(doc.rows), wonDays: read.wonDays ? keyed(doc.wonDays) : new Map() };
}

/** The rows as the rollup stores them. */
function storedRows(rows: RollupRows): Pick<PipelineRollupDoc, 'rows' | 'wonDays'> {
  return { rows: JSON.stringify([...rows.places.values()]), wonDays: JSON.stringify([...rows.wonDays.values()]) };
}

/**
 * Adds a record's contribution to the rows (`sign` -1 takes it away): to its place, and a won record closed on a day to
 * its row of that day too.
 * @example addToRollupRows(rows, pipelineContribution(record), 1)
 */
function addToRollupRows(rows: RollupRows, contribution: PipelineContribution, sign: 1 | -1): void {
  addToPipelineRows(rows.places, { ...contribution, closedDay: null }, sign);
  if (contribution.won && contribution.closedDay !== null) addToPipelineRows(rows.wonDays, contribution, sign);
}

/**
 * Applies one record's logged pipeline change to the rows: its contribution before taken away, the one after added.
 * @example applyToRollupRows(rows, event.pipelineChange)
 */
export function applyToRollupRows(rows: RollupRows, change: PipelineChange): void {
  if (change.from) addToRollupRows(rows, change.from, -1);
  if (change.to) addToRollupRows(rows, change.to, 1);
}

/** The next state of a rollup, or null when there is nothing to add. */
type RollupStep = (Pick<PipelineRollupDoc, 'scan' | 'cursor' | 'events'> & Partial<Pick<PipelineRollupDoc, 'rows' | 'wonDays'>>) | null;

/**
 * Moves a workflow's pipeline rollup on by up to `PAGES_PER_ROUND` pages (docs/decisions.md 40): the baseline's scan of
 * the records while it runs, then the log's pipeline changes stamped up to `settleMs` ago, in the event feed's order.
 * Each page is one compare-and-set of the rollup on its `rev`: a process that loses the race reads the rollup again and
 * goes on from there, and one killed mid-page leaves the state before it (nothing counted twice or lost). True when
 * more is left than this round's share.
 * @example while (await advancePipelineRollup({ models, tenantId, workflowKey: 'deals', settleMs: 2000 }));
 */
export async function advancePipelineRollup(input: RollupTarget & { settleMs: number }): Promise<boolean> {
  const { models, tenantId } = input;
  let doc = await openRollup(input);
  for (let page = 0; page < PAGES_PER_ROUND; page++) {
    const step = doc.cursor === null ? await scanPage(input, doc) : await logPage(input, doc);
    if (step === null) return false;
    const stored = await models.PipelineRollup.findOneAndUpdate(
      { tenantId, _id: doc._id, rev: doc.rev },
      { $set: { ...step, rev: doc.rev + 1, updatedAt: new Date() } },
      { returnDocument: 'after', lean: true },
    );
    // Another process wrote it first: go on from what it wrote.
    doc = stored ?? ((await models.PipelineRollup.findOne({ tenantId, _id: doc._id }).lean()) as PipelineRollupDoc);
  }
  return true;
}

/** The workflow's rollup, created empty (its scan about to start) when it has none. */
async function openRollup(input: RollupTarget): Promise<PipelineRollupDoc> {
  const { models, tenantId, workflowKey } = input;
  const _id = pipelineRollupId(input);
  const found = await models.PipelineRollup.findOne({ tenantId, _id }).lean();
  if (found) return found;
  const now = Date.now();
  const doc: PipelineRollupDoc = {
    _id,
    tenantId,
    workflowKey,
    rev: 0,
    scan: { startedAt: now, after: null, scanned: 0, earliestBase: now },
    cursor: null,
    rows: '[]',
    wonDays: '[]',
    events: 0,
    updatedAt: new Date(now),
  };
  try {
    await models.PipelineRollup.create(doc);
    return doc;
  } catch (error) {
    if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    return (await models.PipelineRollup.findOne({ tenantId, _id }).lean()) as PipelineRollupDoc;
  }
}

/** A record as the baseline's scan reads it. */
type ScannedRecord = PipelineRecord & Pick<RecordDoc, '_id' | 'createdAt' | 'pipelineBase'>;

/** Where the scan is: after the record `id` created at `createdAt` (`id` '' is before every record of its instant). */
type ScanPosition = { createdAt: number; id: string };

/**
 * One page of the baseline: each record counts with its `pipelineBase` when a stamped change stored one (the log holds
 * the rest of its changes), else with its contribution now (no change of it is stamped). A record is read whole in one
 * document, so a change landing meanwhile is in one of the two. The last page starts the log's sum from before the
 * earliest stamp any of them can have: the scan's start or the earliest base, less the settle window (clocks of
 * processes differ by less).
 */
async function scanPage(input: RollupTarget & { settleMs: number }, doc: PipelineRollupDoc): Promise<RollupStep> {
  const scan = doc.scan as NonNullable<PipelineRollupDoc['scan']>;
  const { records, next } = await scannedRecords(input, scan.after);
  const rows = rollupRowsOf(doc, { wonDays: true });
  let earliestBase = scan.earliestBase;
  for (const record of records) {
    const contribution: PipelineContribution | null = record.pipelineBase ? record.pipelineBase.contribution : pipelineContribution(withFields(record));
    if (record.pipelineBase) earliestBase = Math.min(earliestBase, record.pipelineBase.at);
    if (contribution) addToRollupRows(rows, contribution, 1);
  }
  const done = next === null;
  return {
    scan: done ? null : { ...scan, after: next, scanned: scan.scanned + records.length, earliestBase },
    cursor: done ? { loggedAt: Math.max(1, Math.min(scan.startedAt, earliestBase) - input.settleMs), id: '' } : null,
    ...storedRows(rows),
    events: doc.events,
  };
}

/**
 * The next page of the workflow's records in (creation time, `_id`) order after `after`, and where the page after it
 * starts (null: none is left). A record's creation time never changes, so every record is read once however records
 * move meanwhile (a scan along the stage index would read a record that moved to a later stage twice). The walk is
 * along the `(tenant, workflow, createdAt)` index in its order, so a page stops at its limit: first the rest of the
 * current instant by `_id`, then the following instants, less the last one the page reached (it may be cut), which
 * the next page reads whole from its start.
 */
async function scannedRecords(input: RollupTarget, after: ScanPosition | null): Promise<{ records: ScannedRecord[]; next: ScanPosition | null }> {
  const { models, tenantId, workflowKey } = input;
  const read = (filter: Record<string, unknown>, sort: Record<string, 1>, limit: number) =>
    models.Record.find({ tenantId, workflowKey, ...filter }, SCANNED_FIELDS)
      .sort(sort)
      .limit(limit)
      .lean() as unknown as Promise<ScannedRecord[]>;
  const pageSize = input.pageSize ?? SCAN_PAGE_RECORDS;
  const sameInstant = after ? await read({ createdAt: after.createdAt, _id: { $gt: after.id } }, { _id: 1 }, pageSize) : [];
  const lastOfInstant = sameInstant[sameInstant.length - 1];
  if (after && lastOfInstant && sameInstant.length === pageSize) return { records: sameInstant, next: { createdAt: after.createdAt, id: lastOfInstant._id } };
  const limit = pageSize - sameInstant.length;
  const later = await read(after ? { createdAt: { $gt: after.createdAt } } : {}, { createdAt: 1 }, limit);
  if (later.length < limit) return { records: [...sameInstant, ...later], next: null };
  const cut = (later[later.length - 1] as ScannedRecord).createdAt;
  return { records: [...sameInstant, ...later.filter((record) => record.createdAt !== cut)], next: { createdAt: cut, id: '' } };
}

/** A record read with some of its fields: `fields` is there even when none of them was. */
function withFields<T extends { fields?: Record<string, unknown> }>(record: T): T & { fields: Record<string, unknown> } {
  return { ...record, fields: record.fields ?? {} };
}

/**
 * One page of the log after the rollup's cursor, stamped up to `settleMs` ago (an insert still on its way lands within
 * the window: docs/decisions.md 33): its pipeline changes of this workflow added, the cursor moved past it. Null when
 * there is none.
 */
async function logPage(input: RollupTarget & { settleMs: number }, doc: PipelineRollupDoc): Promise<RollupStep> {
  const cursor = doc.cursor as NonNullable<PipelineRollupDoc['cursor']>;
  const events = await loggedChanges({ ...input, after: cursor, through: Date.now() - input.settleMs, limit: input.pageSize ?? LOG_PAGE_EVENTS });
  const last = events[events.length - 1];
  if (!last) return null;
  const changes = events.flatMap((event) => (event.workflowKey === input.workflowKey && event.pipelineChange ? [event.pipelineChange] : []));
  const moved = { scan: null, cursor: positionOf(last), events: doc.events + events.length };
  // A page with no change of this workflow's pipeline (other workflows', touches, field edits) moves the cursor only.
  if (changes.length === 0) return moved;
  const rows = rollupRowsOf(doc, { wonDays: true });
  for (const change of changes) applyToRollupRows(rows, change);
  return { ...moved, ...storedRows(rows) };
}

/**
 * A tenant's events after a position, stamped up to `through`, in the feed's order, with only what the rollup reads of
 * them (the workflow is picked out by the caller: asked of the store, it would lead it off the feed's index).
 * @example await loggedChanges({ models, tenantId, after: doc.cursor, through: Date.now(), limit: 2000 })
 */
export async function loggedChanges(input: {
  models: Models;
  tenantId: string;
  after: { loggedAt: number; id: string };
  through: number;
  limit: number;
}): Promise<Pick<EventDoc, '_id' | 'loggedAt' | 'workflowKey' | 'pipelineChange'>[]> {
  const query = feedFilter({ tenantId: input.tenantId, after: input.after, through: input.through, types: null });
  return (await input.models.Event.find(query, { loggedAt: 1, workflowKey: 1, pipelineChange: 1 }).sort(FEED_ORDER).limit(input.limit).lean()) as Pick<
    EventDoc,
    '_id' | 'loggedAt' | 'workflowKey' | 'pipelineChange'
  >[];
}
