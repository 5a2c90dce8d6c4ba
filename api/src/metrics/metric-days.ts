import { randomUUID } from 'node:crypto';
import {
  DAY_MS,
  mergeSlicedSummaries,
  selectSlices,
  stageOutcomes,
  summarizeSlices,
  type MetricsPeriod,
  type SegmentSummary,
  type SlicedSummary,
} from '@funnel/engine';
import type { WorkflowDefinition } from '@funnel/schemas';
import { DUPLICATE_KEY } from '../models/duplicate-key';
import type { MetricDayDoc } from '../models/metric-day';
import type { Models } from '../models/models';
import { type TenantBulkWriter, throwIfFailed } from '../models/tenant-bulk-writer';
import { loadStretch } from './load-stretch';
import { parsedTexts } from './parsed-texts';

/** The shape of `SegmentSummary` the stored days hold (3: with its slices by pipeline and owner); a stored day of another shape is built again. */
const METRIC_DAY_FORMAT = 3;
/** How often a build whose day was marked while it read starts again before leaving the day to the next round. */
const BUILD_ATTEMPTS = 3;

/** Whose summaries: a tenant's workflow, summarized by the closing stages of `definition` (its latest version). */
export interface SummaryTarget {
  models: Models;
  tenantId: string;
  workflowKey: string;
  definition: WorkflowDefinition;
  /** The slices a filtered report reads (`sliceFilter`); without it, the whole summary. */
  keep?: ((slice: string) => boolean) | undefined;
}

/** A stored day's summary and the end of what it covers. */
export interface StoredDay {
  summary: SegmentSummary;
  through: number;
}

/**
 * The id of a workflow's stored day.
 * @example metricDayId({ tenantId: 't1', workflowKey: 'standard_trunk', day: 20454 }) // → 't1:standard_trunk:20454'
 */
export function metricDayId(input: { tenantId: string; workflowKey: string; day: number }): string {
  return `${input.tenantId}:${input.workflowKey}:${input.day}`;
}

/**
 * What a definition's summaries depend on besides the log: which stages close a deal, and how.
 * @example outcomesKey(getTemplate('standard_trunk').definition) // → '[["lost","lost"],["won","won"]]'
 */
function outcomesKey(definition: WorkflowDefinition): string {
  return JSON.stringify([...stageOutcomes(definition)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * What a workflow's stored days depend on besides the log and its definition's closing stages: the summaries'
 * shape and those closing stages. Days built under another key are built again (and read from the log until then).
 * @example summariesKey(getTemplate('standard_trunk').definition) // → '2:[["lost","lost"],["won","won"]]'
 */
export function summariesKey(definition: WorkflowDefinition): string {
  return `${METRIC_DAY_FORMAT}:${outcomesKey(definition)}`;
}

/**
 * A whole UTC day as a period.
 * @example dayRange(20454) // → { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 2) }
 */
export function dayRange(day: number): MetricsPeriod {
  return { from: day * DAY_MS, to: (day + 1) * DAY_MS };
}

function current(doc: MetricDayDoc, definition: WorkflowDefinition): boolean {
  // A build of this format writes the summary and its slices together.
  return !doc.dirty && doc.builtGen === doc.gen && doc.format === METRIC_DAY_FORMAT && doc.outcomesKey === outcomesKey(definition);
}

/**
 * Builds and stores one day's summary up to `upTo` (at most the day's end) from the event log, idempotently
 * (docs/decisions.md 28): the day's document is created first and its `pending` end raised, its `gen` read, the log
 * read, and the summary stored only if `gen` has not moved meanwhile; an event logged late into what is being read
 * marks the day after its insert, so either the build saw it or its store misses. A day whose summary is current and
 * reaches less far grows by the stretch after it (today's summary, every round); one that reaches as far or further
 * is left as it is; any other is summarized from its start. Any number of processes may build one day: they store
 * the same summary. Returns false when marks kept coming for every attempt (the day stays marked).
 * @example await buildMetricDay({ models, tenantId, workflowKey: 'standard_trunk', definition, day: 20454 })
 */
export async function buildMetricDay(input: SummaryTarget & { day: number; upTo?: number }): Promise<boolean> {
  const { models, tenantId, workflowKey, definition, day } = input;
  const _id = metricDayId({ tenantId, workflowKey, day });
  const whole = dayRange(day);
  const end = Math.min(whole.to, input.upTo ?? whole.to);
  if (end <= whole.from) return true;
  for (let attempt = 0; attempt < BUILD_ATTEMPTS; attempt++) {
    const doc = await openDay({ models, tenantId, workflowKey, day, _id, pending: end });
    const reached = current(doc, definition) ? doc.through : undefined;
    // Already as far or further (another process, whose clock is ahead, built today after this one read its clock):
    // built again to `end`, today's summary would move backwards.
    if (reached !== undefined && reached >= end) return true;
    const grows = reached !== undefined;
    const range = grows ? { from: reached, to: end } : { from: whole.from, to: end };
    const data = await loadStretch({ models, tenantId, workflowKey, range });
    const stretch = summarizeSlices({ definition, range, ...data });
    const slices = grows ? mergeSlicedSummaries(JSON.parse(doc.slices as string) as SlicedSummary, stretch) : stretch;
    const stored = await models.MetricDay.updateOne(
      { tenantId, _id, gen: doc.gen, ...(grows ? { through: doc.through } : {}) },
      {
        $set: {
          summary: JSON.stringify(selectSlices(slices, () => true)),
          slices: JSON.stringify(slices),
          through: end,
          builtGen: doc.gen,
          dirty: false,
          outcomesKey: outcomesKey(definition),
          format: METRIC_DAY_FORMAT,
          builtAt: new Date(),
          buildId: randomUUID(),
        },
      },
    );
    if (stored.matchedCount === 1) return true;
  }
  return false;
}

/** The day's document, created if missing, with `pending` raised to `pending` (before any read of the log). */
async function openDay(input: { models: Models; tenantId: string; workflowKey: string; day: number; _id: string; pending: number }): Promise<MetricDayDoc> {
  const { models, tenantId, _id } = input;
  for (;;) {
    try {
      const doc = await models.MetricDay.findOneAndUpdate(
        { tenantId, _id },
        { $setOnInsert: { workflowKey: input.workflowKey, day: input.day, gen: 0, builtGen: -1, dirty: true }, $max: { pending: input.pending } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      if (doc) return doc as MetricDayDoc;
    } catch (error) {
      // Two builders created it at once: the other's document is there now.
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }
}

/** A day summary's text as parsed: the whole summary, or its slices. */
type ParsedDay = SegmentSummary | SlicedSummary;

/**
 * What names one build of a day's text: its `buildId` (a build's own random id), or for a day built before builds had
 * one, its `builtGen`, `through`, `builtAt`, closing stages and shape (two builds at one `gen` and instant may differ).
 */
function buildKey(doc: MetricDayDoc, field: 'summary' | 'slices'): string {
  const build = doc.buildId ?? `${doc.builtGen}:${doc.through}:${doc.builtAt?.getTime()}:${doc.format}:${doc.outcomesKey}`;
  return `day:${field}:${doc._id}:${build}`;
}

/**
 * The stored summaries of a workflow's days from `first` to `last` (without them, all its days) that are current
 * (built at their last mark, with these outcomes, in this shape), by day, each with the end of what it covers: the
 * whole summary, or with `keep` the slices it keeps (`selectSlices`; only then are the slices read). By the (tenant,
 * workflow, day) index: the few marked days among them are left out here, not in the query. The days' texts are read
 * and parsed only for builds this api has not parsed yet (`parsedTexts`); the summaries returned are shared and frozen.
 * @example const days = await storedMetricDays({ models, tenantId, workflowKey, definition, first: 20454, last: 20484 })
 */
export async function storedMetricDays(input: SummaryTarget & { first?: number; last?: number }): Promise<Map<number, StoredDay>> {
  const { models, tenantId, workflowKey, keep } = input;
  const field = keep ? 'slices' : 'summary';
  const texts = parsedTexts(models);
  const days = input.first === undefined || input.last === undefined ? {} : { day: { $gte: input.first, $lte: input.last } };
  const builds = ((await models.MetricDay.find({ tenantId, workflowKey, ...days }, { summary: 0, slices: 0 }).lean()) as MetricDayDoc[]).filter(
    (d) => current(d, input.definition) && d.through !== undefined,
  );
  const parsed = new Map<string, { doc: MetricDayDoc; value: ParsedDay }>();
  const unparsed: string[] = [];
  for (const doc of builds) {
    const value = texts.get(buildKey(doc, field)) as ParsedDay | undefined;
    if (value) parsed.set(doc._id, { doc, value });
    else unparsed.push(doc._id);
  }
  if (unparsed.length > 0) {
    // Read again with the text: a day built or marked in between is taken as it is now.
    const withTexts = (await models.MetricDay.find({ tenantId, _id: { $in: unparsed } }, { [keep ? 'summary' : 'slices']: 0 }).lean()) as MetricDayDoc[];
    for (const doc of withTexts) {
      const text = doc[field];
      if (!current(doc, input.definition) || doc.through === undefined || text === undefined) continue;
      parsed.set(doc._id, { doc, value: texts.parse(buildKey(doc, field), text) as ParsedDay });
    }
  }
  return new Map(
    [...parsed.values()].map(({ doc, value }) => [
      doc.day,
      { summary: keep ? selectSlices(value as SlicedSummary, keep) : (value as SegmentSummary), through: doc.through as number },
    ]),
  );
}

/**
 * Marks stored days that events logged late may have changed: a day is marked when its summary covers the
 * instant given for it (or a build in progress reads it), so that it is built again and read from the log until
 * then. Days never built have no document, and today's summary does not reach events of the last seconds: neither
 * needs a mark (the write matches nothing). Through `writer`: the drain's marks go with the writes of their turn of
 * the event loop (TurnWrites), sent once the events they follow are in the log.
 * @example await markMetricDays({ models, tenantId, marks: new Map([[metricDayId({ tenantId, workflowKey: 'standard_trunk', day: 20454 }), at]]), writer: turn })
 */
export async function markMetricDays(input: {
  models: Models;
  tenantId: string;
  marks: ReadonlyMap<string, number>;
  writer: Pick<TenantBulkWriter, 'write'>;
}): Promise<void> {
  const { models, tenantId } = input;
  if (input.marks.size === 0) return;
  const collection = models.MetricDay.collection.collectionName;
  const outcomes = await input.writer.write(
    [...input.marks].map(([_id, at]) => ({
      type: 'update' as const,
      collection,
      tenantId,
      filter: { _id, $or: [{ through: { $gt: at } }, { pending: { $gt: at } }] },
      update: { $inc: { gen: 1 }, $set: { dirty: true } },
    })),
  );
  throwIfFailed(outcomes, 'marking metric days');
}
