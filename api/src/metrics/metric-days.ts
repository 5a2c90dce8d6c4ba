import { DAY_MS, stageOutcomes, summarizeSegment, type MetricsPeriod, type SegmentSummary } from '@funnel/engine';
import type { WorkflowDefinition } from '@funnel/schemas';
import { DUPLICATE_KEY } from '../models/duplicate-key';
import type { MetricDayDoc } from '../models/metric-day';
import type { Models } from '../models/models';
import { loadStretch } from './load-stretch';

/** The shape of `SegmentSummary` the stored days hold; a stored day of another shape is built again. */
export const METRIC_DAY_FORMAT = 1;
/** How often a build whose day was marked while it read starts again before leaving the day to the next round. */
const BUILD_ATTEMPTS = 3;

/**
 * The id of a workflow's stored day (`null`: the bucket of records closed without a closing time).
 * @example metricDayId('t1', 'standard_trunk', 20454) // → 't1:standard_trunk:20454'
 */
export function metricDayId(tenantId: string, workflowKey: string, day: number | null): string {
  return `${tenantId}:${workflowKey}:${day ?? 'undated'}`;
}

/**
 * What a definition's summaries depend on besides the log: which stages close a deal, and how.
 * @example outcomesKey(getTemplate('standard_trunk').definition) // → '[["lost","lost"],["won","won"]]'
 */
export function outcomesKey(definition: WorkflowDefinition): string {
  return JSON.stringify([...stageOutcomes(definition)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Whose summaries: a tenant's workflow, summarized by the closing stages of `definition` (its latest version). */
export interface SummaryTarget {
  models: Models;
  tenantId: string;
  workflowKey: string;
  definition: WorkflowDefinition;
}

/** A whole UTC day as a period. */
export function dayRange(day: number): MetricsPeriod {
  return { from: day * DAY_MS, to: (day + 1) * DAY_MS };
}

/**
 * Builds and stores one day's summary (or, `day: null`, the undated bucket) from the event log, idempotently:
 * the day's document is created first, its `gen` read, the log read, and the summary stored only if `gen` has
 * not moved meanwhile; a late event logged during the build marks the day after its insert, so either the build
 * saw it or its store misses (docs/decisions.md 23). Any number of processes may build the same day: they
 * store the same summary. Returns false when marks kept coming for every attempt (the day stays dirty).
 * @example await buildMetricDay({ models, tenantId, workflowKey: 'standard_trunk', definition, day: 20454 })
 */
export async function buildMetricDay(input: SummaryTarget & { day: number | null }): Promise<boolean> {
  const { models, tenantId, workflowKey, definition, day } = input;
  const _id = metricDayId(tenantId, workflowKey, day);
  for (let attempt = 0; attempt < BUILD_ATTEMPTS; attempt++) {
    const gen = await openDay({ models, tenantId, workflowKey, day, _id });
    const range = day === null ? { from: 0, to: 0 } : dayRange(day);
    const data = await loadStretch({ models, tenantId, workflowKey, range, undated: day === null });
    const summary = summarizeSegment({ definition, range, ...data, undated: day === null });
    const stored = await models.MetricDay.updateOne(
      { tenantId, _id, gen },
      { $set: { summary, builtGen: gen, dirty: false, outcomesKey: outcomesKey(definition), format: METRIC_DAY_FORMAT, builtAt: new Date() } },
    );
    if (stored.matchedCount === 1) return true;
  }
  return false;
}

/** The day's document, created if missing (before any read of the log), and its `gen`. */
async function openDay(input: { models: Models; tenantId: string; workflowKey: string; day: number | null; _id: string }): Promise<number> {
  const { models, tenantId, _id } = input;
  for (;;) {
    try {
      const doc = await models.MetricDay.findOneAndUpdate(
        { tenantId, _id },
        { $setOnInsert: { workflowKey: input.workflowKey, day: input.day, gen: 0, builtGen: -1, dirty: true } },
        { upsert: true, returnDocument: 'after', projection: { gen: 1 }, lean: true },
      );
      if (doc) return doc.gen;
    } catch (error) {
      // Two builders created it at once: the other's document is there now.
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }
}

/**
 * The stored summaries of a workflow's days from `first` to `last` that are up to date (built at their last
 * mark, with these outcomes, in this shape), by day; `null` holds the undated bucket when asked for.
 * @example const days = await storedMetricDays({ models, tenantId, workflowKey, definition, first: 20454, last: 20484 })
 */
export async function storedMetricDays(input: SummaryTarget & { first: number; last: number; undated?: boolean }): Promise<Map<number | null, SegmentSummary>> {
  const { models, tenantId, workflowKey } = input;
  const days = { $gte: input.first, $lte: input.last };
  const docs = (await models.MetricDay.find({
    tenantId,
    workflowKey,
    ...(input.undated ? { $or: [{ day: days }, { day: null }] } : { day: days }),
    dirty: false,
    format: METRIC_DAY_FORMAT,
    outcomesKey: outcomesKey(input.definition),
  }).lean()) as MetricDayDoc[];
  return new Map(docs.flatMap((d) => (d.summary && d.builtGen === d.gen ? [[d.day, d.summary] as const] : [])));
}

/**
 * Marks stored days as touched by something logged late: each is built again, and read from the log until then.
 * Days never built have no document and need no mark.
 * @example await markMetricDays({ models, tenantId, ids: [metricDayId(tenantId, 'standard_trunk', 20454)] })
 */
export async function markMetricDays(input: { models: Models; tenantId: string; ids: readonly string[] }): Promise<void> {
  if (input.ids.length === 0) return;
  await input.models.MetricDay.updateMany({ tenantId: input.tenantId, _id: { $in: [...input.ids] } }, { $inc: { gen: 1 }, $set: { dirty: true } });
}
