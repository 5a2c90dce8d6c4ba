import { randomUUID } from 'node:crypto';
import {
  addPipelineRow,
  addToPipelineRows,
  DAY_MS,
  pipelineContribution,
  pipelineRowKey,
  type PipelineChange,
  type PipelineContribution,
  type PipelineRecord,
  type MetricsPeriod,
  type PipelineRow,
} from '@funnel/engine';
import { DUPLICATE_KEY } from '../models/duplicate-key';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import type { PipelineRollupDoc } from '../models/pipeline-rollup';
import type { RecordDoc } from '../models/record';
import { FEED_ORDER, feedFilter, positionOf } from '../services/event-feed';
import { parsedTexts } from './parsed-texts';

/** Records the baseline's scan reads per write of the rollup. */
const SCAN_PAGE_RECORDS = 2_000;
/** Events of the log summed per write of the rollup. */
const LOG_PAGE_EVENTS = 2_000;
/** Pages (of either kind) one workflow advances by in one round of the metric summaries. */
const PAGES_PER_ROUND = 10;
/** Reads of a rollup and its months a report makes while pages land between the two; then it takes the `$group`. */
const READ_ATTEMPTS = 3;

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
 * The id of one month document of a rollup's won rows (`generation` is the rollup's).
 * @example pipelineWonMonthId({ tenantId: 't1', workflowKey: 'deals', generation: 'g1', month: '2026-01' }) // → 't1:deals:g1:2026-01'
 */
function pipelineWonMonthId(input: { tenantId: string; workflowKey: string; generation: string; month: string }): string {
  return `${pipelineRollupId(input)}:${input.generation}:${input.month}`;
}

/**
 * The first and last months of the won rows' documents: their ids sort as text (a report reads its months as one
 * `_id` range) only with four-digit years, so a closing day before the year 0000 is kept in the first and one after
 * 9999 in the last (each row keeps its own day, so a report still counts it on that day).
 */
const FIRST_MONTH = '0000-01';
const LAST_MONTH = '9999-12';

/**
 * The UTC month of a day (days since the epoch), as the won rows' documents are named, within FIRST_MONTH..LAST_MONTH.
 * @example monthOfDay(Date.UTC(2026, 0, 31) / DAY_MS) // → '2026-01'
 * @example monthOfDay(Date.UTC(12026, 0, 31) / DAY_MS) // → '9999-12'
 */
function monthOfDay(day: number): string {
  const date = new Date(day * DAY_MS);
  if (date.getUTCFullYear() < 0) return FIRST_MONTH;
  if (date.getUTCFullYear() > 9999) return LAST_MONTH;
  return date.toISOString().slice(0, 7);
}

/** The months a period's won rows are read from, first to last (both included). */
type MonthRange = { first: string; last: string };

/**
 * The months whose won rows a period reads: those of its whole UTC days (its partial first and last days are read from
 * the records), as the first and the last of them; null without a whole day. Two months whatever the period's length.
 * @example monthsOfPeriod({ from: Date.UTC(2026, 0, 20, 9), to: Date.UTC(2026, 2, 1) }) // → { first: '2026-01', last: '2026-02' }
 */
function monthsOfPeriod(period: MetricsPeriod): MonthRange | null {
  const firstDay = Math.ceil(period.from / DAY_MS);
  const lastDay = Math.floor(period.to / DAY_MS) - 1;
  return firstDay > lastDay ? null : { first: monthOfDay(firstDay), last: monthOfDay(lastDay) };
}

/**
 * A report's rows: `places`, the pipeline by place over all time (a won record without its closing day: what a report
 * without a period reads), and `wonDays`, the won records by place and closing day of the months a period touches, each
 * by key. While the rollup advances, the same shape holds a page's changes (`wonDays` then its net won rows by day).
 * @example (await rollupRowsFor({ models, tenantId, workflowKey: 'deals', period }))?.rows.places.size
 */
export interface RollupRows {
  places: Map<string, PipelineRow>;
  wonDays: Map<string, PipelineRow>;
}

/** Rows stored as JSON text (none when absent), by key. */
function keyedRows(text: string | undefined): Map<string, PipelineRow> {
  return new Map((JSON.parse(text ?? '[]') as PipelineRow[]).map((row) => [pipelineRowKey(row), row]));
}

/** Won rows by day as a page stores them: by UTC month of their closing day, as JSON text (`PipelineRollupDoc.wonPage`). */
function wonPageOf(wonDays: Map<string, PipelineRow>): string {
  const byMonth: Record<string, PipelineRow[]> = {};
  for (const row of wonDays.values()) {
    const month = monthOfDay(row.closedDay as number);
    byMonth[month] ??= [];
    byMonth[month].push(row);
  }
  return JSON.stringify(byMonth);
}

/**
 * The rollup's rows and cursor as a report reads them (docs/decisions.md 40): the rows by place, and with a period the
 * won rows of the months it touches — each month's document, plus the rollup's last page when that month does not have
 * it yet (a process stopped between the two writes, or is writing them now). A page landing between the reads (a month
 * newer than the rollup read) makes it read both again. Null when the rollup has no cursor yet (its baseline is
 * scanning), when it has its won rows in the one document still (not yet migrated) and a period asks for them, or when
 * pages keep landing between the reads.
 * @example const read = await rollupRowsFor({ models, tenantId, workflowKey: 'deals', period }); read?.cursor
 */
export async function rollupRowsFor(
  input: RollupTarget & { period?: MetricsPeriod | undefined },
): Promise<{ cursor: NonNullable<PipelineRollupDoc['cursor']>; rows: RollupRows } | null> {
  const { models, tenantId, period } = input;
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    // Without a period, the rows by place only (a rollup of before holds every won row by day in `wonDays`).
    const fields = period ? { wonDays: 0 } : { wonDays: 0, wonPage: 0 };
    const doc = (await models.PipelineRollup.findOne({ tenantId, _id: pipelineRollupId(input) }, fields).lean()) as PipelineRollupDoc | null;
    if (!doc?.cursor) return null;
    const places = keyedRows(doc.rows);
    if (!period) return { cursor: doc.cursor, rows: { places, wonDays: new Map() } };
    // Not yet migrated (its won rows by day in the one document): the `$group` until the next round moves them.
    if (!doc.generation) return null;
    const wonDays = await wonRowsOfMonths(input, doc, monthsOfPeriod(period));
    if (wonDays) return { cursor: doc.cursor, rows: { places, wonDays } };
  }
  return null;
}

/**
 * The won rows by day of these months as of the rollup `doc`: the month documents it finds in the range (one `_id`
 * range of the rollup's generation, so the read grows with the documents stored, not with the months asked for),
 * plus the rollup's last page for a month of the range that does not have it yet. Null when a month is newer than
 * `doc` (a page landed since it was read).
 */
async function wonRowsOfMonths(input: RollupTarget, doc: PipelineRollupDoc, months: MonthRange | null): Promise<Map<string, PipelineRow> | null> {
  const { models, tenantId, workflowKey } = input;
  const wonDays = new Map<string, PipelineRow>();
  if (!months) return wonDays;
  const idOf = (month: string) => pipelineWonMonthId({ tenantId, workflowKey, generation: doc.generation, month });
  const range = { $gte: idOf(months.first), $lte: idOf(months.last) };
  // The months' revisions first; the rows only of those this api has not parsed at that revision (a month's rows at
  // one `rev` never change: each page raises it).
  const texts = parsedTexts(models);
  const stored: { month: string; rev: number; rows: readonly PipelineRow[] }[] = [];
  const unparsed: string[] = [];
  for (const found of await models.PipelineWonMonth.find({ tenantId, workflowKey, _id: range }, { rows: 0 }).lean()) {
    if (found.rev > doc.rev) return null;
    const rows = texts.get(`month:${found._id}:${found.rev}`) as readonly PipelineRow[] | undefined;
    if (rows) stored.push({ month: found.month, rev: found.rev, rows });
    else unparsed.push(found._id);
  }
  if (unparsed.length > 0) {
    for (const found of await models.PipelineWonMonth.find({ tenantId, _id: { $in: unparsed } }).lean()) {
      stored.push({ month: found.month, rev: found.rev, rows: texts.parse(`month:${found._id}:${found.rev}`, found.rows) as readonly PipelineRow[] });
    }
  }
  if (stored.some((month) => month.rev > doc.rev)) return null;
  for (const found of stored) for (const row of found.rows) wonDays.set(pipelineRowKey(row), row);
  const page = JSON.parse(doc.wonPage) as Record<string, PipelineRow[]>;
  for (const [month, added] of Object.entries(page)) {
    if (month < months.first || month > months.last) continue;
    const found = stored.find((m) => m.month === month);
    if ((found?.rev ?? -1) < doc.rev) for (const row of added) addPipelineRow(wonDays, row);
  }
  return wonDays;
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
type RollupStep = (Pick<PipelineRollupDoc, 'scan' | 'cursor' | 'events' | 'wonPage'> & Partial<Pick<PipelineRollupDoc, 'rows'>>) | null;

/** A page's changes as the rollup stores them: its rows by place whole, its won rows by day as the page's share. */
function storedStep(rows: RollupRows): Pick<PipelineRollupDoc, 'rows' | 'wonPage'> {
  return { rows: JSON.stringify([...rows.places.values()]), wonPage: wonPageOf(rows.wonDays) };
}

/** The rows a page starts from: the rollup's rows by place, and no won rows by day (the page's own are its share). */
function pageRows(doc: PipelineRollupDoc): RollupRows {
  return { places: keyedRows(doc.rows), wonDays: new Map() };
}

/**
 * Moves a workflow's pipeline rollup on by up to `PAGES_PER_ROUND` pages (docs/decisions.md 40): the baseline's scan of
 * the records while it runs, then the log's pipeline changes stamped up to `settleMs` ago, in the event feed's order.
 * Each page is one compare-and-set of the rollup on its `rev` (its rows by place, its cursor, and the page's won rows by
 * day as `wonPage`), then the page's won rows added to each month document it touches, once (`settleWonPage`); a page
 * starts only when the one before it is in every month. A process that loses the race reads the rollup again and goes
 * on from there, and one killed mid-page leaves a state the next one finishes (nothing counted twice or lost). True
 * when more is left than this round's share.
 * @example while (await advancePipelineRollup({ models, tenantId, workflowKey: 'deals', settleMs: 2000 }));
 */
export async function advancePipelineRollup(input: RollupTarget & { settleMs: number }): Promise<boolean> {
  const { models, tenantId } = input;
  let doc = await openRollup(input);
  for (let page = 0; page < PAGES_PER_ROUND; page++) {
    await settleWonPage(input, doc);
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
  await settleWonPage(input, doc);
  return true;
}

/**
 * Adds the rollup's last page of won rows (`wonPage`, written at its `rev`) to each month document it names that does
 * not have it yet. A month has every page up to its own `rev`: one lower than the rollup's lacks this page and no other
 * (each page before it was added to its months before the next page was written), so the page is added and the
 * month's `rev` raised to the rollup's in one compare-and-set on the month's `rev`; a process that loses the race reads
 * the month again and finds the page there. Idempotent, so whoever reads the rollup next finishes what a process killed
 * between the two writes left.
 */
async function settleWonPage(input: RollupTarget, doc: PipelineRollupDoc): Promise<void> {
  const page = JSON.parse(doc.wonPage) as Record<string, PipelineRow[]>;
  for (const [month, added] of Object.entries(page)) await addToWonMonth(input, doc, month, added);
}

/** Adds a page's won rows of one month to its document once (see settleWonPage). */
async function addToWonMonth(input: RollupTarget, doc: PipelineRollupDoc, month: string, added: readonly PipelineRow[]): Promise<void> {
  const { models, tenantId, workflowKey } = input;
  const _id = pipelineWonMonthId({ tenantId, workflowKey, generation: doc.generation, month });
  for (;;) {
    const found = await models.PipelineWonMonth.findOne({ tenantId, _id }).lean();
    if (found && found.rev >= doc.rev) return;
    const rows = keyedRows(found?.rows);
    for (const row of added) addPipelineRow(rows, row);
    const next = { rows: JSON.stringify([...rows.values()]), rev: doc.rev, updatedAt: new Date() };
    if (found) {
      const written = await models.PipelineWonMonth.updateOne({ tenantId, _id, rev: found.rev }, { $set: next });
      if (written.matchedCount === 1) return;
    } else if (await createdFirst(() => models.PipelineWonMonth.create({ _id, tenantId, workflowKey, month, ...next }))) return;
    // Another process wrote the month first: read it again.
  }
}

/** Runs a create: false when a document of that id was there (another process created it first). */
async function createdFirst(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    return false;
  }
}

/** The workflow's rollup, created empty (its scan about to start) when it has none, migrated when it is of before. */
async function openRollup(input: RollupTarget): Promise<PipelineRollupDoc> {
  const { models, tenantId, workflowKey } = input;
  const _id = pipelineRollupId(input);
  const found = await models.PipelineRollup.findOne({ tenantId, _id }).lean();
  if (found) return found.wonDays === undefined ? found : await migrateWonDays(input, found);
  const now = Date.now();
  const doc: PipelineRollupDoc = {
    _id,
    tenantId,
    workflowKey,
    rev: 0,
    generation: randomUUID(),
    scan: { startedAt: now, after: null, scanned: 0, earliestBase: now },
    cursor: null,
    rows: '[]',
    wonPage: '{}',
    events: 0,
    updatedAt: new Date(now),
  };
  if (await createdFirst(() => models.PipelineRollup.create(doc))) return doc;
  return await openRollup(input);
}

/**
 * Moves the won rows by day of a rollup of before (all of them in `wonDays`, in the one document) to month documents
 * of a new generation at the rollup's `rev`, then, by compare-and-set, names that generation on the rollup and drops
 * `wonDays`. A process killed between the two, or one that loses the race to another migrating at once, leaves month
 * documents of a generation the rollup never names: never read. Until then a report over a period takes the `$group`.
 */
async function migrateWonDays(input: RollupTarget, doc: PipelineRollupDoc): Promise<PipelineRollupDoc> {
  const { models, tenantId, workflowKey } = input;
  const generation = randomUUID();
  const byMonth = JSON.parse(wonPageOf(keyedRows(doc.wonDays))) as Record<string, PipelineRow[]>;
  const updatedAt = new Date();
  for (const [month, rows] of Object.entries(byMonth)) {
    const _id = pipelineWonMonthId({ tenantId, workflowKey, generation, month });
    await models.PipelineWonMonth.create({ _id, tenantId, workflowKey, month, rev: doc.rev, rows: JSON.stringify(rows), updatedAt });
  }
  const migrated = await models.PipelineRollup.findOneAndUpdate(
    { tenantId, _id: doc._id, rev: doc.rev },
    { $set: { generation, wonPage: '{}', rev: doc.rev + 1, updatedAt }, $unset: { wonDays: '' } },
    { returnDocument: 'after', lean: true },
  );
  return migrated ?? (await openRollup(input));
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
  const rows = pageRows(doc);
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
    ...storedStep(rows),
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
  if (changes.length === 0) return { ...moved, wonPage: '{}' };
  const rows = pageRows(doc);
  for (const change of changes) applyToRollupRows(rows, change);
  return { ...moved, ...storedStep(rows) };
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
