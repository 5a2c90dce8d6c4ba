import { dayOf, selectSlices, summarizeSlices, type MetricsPeriod, type SegmentSummary } from '@funnel/engine';
import pLimit from 'p-limit';
import { loadStretch } from './load-stretch';
import { dayRange, storedMetricDays, type SummaryTarget } from './metric-days';
import { workflowDataDays } from './workflow-data-days';

/** A stretch of time and its summary. */
export interface DaysPart {
  range: MetricsPeriod;
  summary: SegmentSummary;
}

/**
 * Summarizes a stretch from the event log as it is now (what has no stored summary: today, a day not built yet,
 * a day marked since its build, the partial days of a period), of the slices `keep` keeps (all without it).
 * @example await liveSummary({ models, tenantId, workflowKey, definition, range: { from, to } })
 */
export async function liveSummary(
  input: SummaryTarget & {
    range: MetricsPeriod;
    /** The records with an outcome and no closing time instead of a stretch (see `loadStretch`). */
    undated?: { recordIds?: readonly string[] };
  },
): Promise<SegmentSummary> {
  const { models, tenantId, workflowKey, definition, range, undated } = input;
  const data = await loadStretch({ models, tenantId, workflowKey, range, ...(undated ? { undated } : {}) });
  return selectSlices(summarizeSlices({ definition, range, ...data, undated: undated !== undefined }), input.keep ?? (() => true));
}

/**
 * Days summarized from the log at once: enough to overlap the store's round trips, few enough that what is held is a
 * few days' events, never the log's.
 */
const LIVE_DAYS_AT_ONCE = 4;

/**
 * The summaries of the whole days `days` (first to last; without them, every day the workflow has data on): the
 * stored ones that are current (today's up to a few seconds ago, the rest of it read from the log), and each other
 * day with data summarized from the log, one day at a time, a few at once (a day not built yet or marked since its
 * build). Days without data have nothing to summarize and are left out.
 * @example await wholeDays({ models, tenantId, workflowKey, definition, days: { first: 20454, last: 20484 } })
 */
export async function wholeDays(input: SummaryTarget & { days?: { first: number; last: number } }): Promise<DaysPart[]> {
  const { days } = input;
  const [stored, data] = await Promise.all([storedMetricDays({ ...input, ...days }), workflowDataDays(input)]);
  const parts: DaysPart[] = [];
  const live: MetricsPeriod[] = [];
  for (const [day, { summary, through }] of stored) {
    const { from, to } = dayRange(day);
    parts.push({ range: { from, to: through }, summary });
    // Today's summary reaches a few seconds back; the rest of the day is read from the log.
    if (through < to) live.push({ from: through, to });
  }
  // A day with data and no current summary (not built yet, or marked since its build) is read from the log.
  const first = Math.max(days?.first ?? Number.NEGATIVE_INFINITY, data?.first ?? Number.POSITIVE_INFINITY);
  const last = Math.min(days?.last ?? Number.POSITIVE_INFINITY, data?.last ?? Number.NEGATIVE_INFINITY);
  for (let day = first; day <= last; day++) if (!stored.has(day)) live.push(dayRange(day));
  const limit = pLimit(LIVE_DAYS_AT_ONCE);
  const read = await Promise.all(live.map((range) => limit(async () => ({ range, summary: await liveSummary({ ...input, range }) }))));
  return [...parts, ...read].sort((a, b) => a.range.from - b.range.from);
}

/**
 * The summary parts of a day from its start to `to` (a period's last, partial day; often today): the day's stored
 * summary when it reaches no further than `to`, and the log after it; otherwise the log from the day's start.
 * @example await dayUntil({ models, tenantId, workflowKey, definition, range: { from: dayStart, to: now } })
 */
export async function dayUntil(input: SummaryTarget & { range: MetricsPeriod }): Promise<DaysPart[]> {
  const { range } = input;
  const day = dayOf(range.from);
  const stored = (await storedMetricDays({ ...input, first: day, last: day })).get(day);
  if (!stored || stored.through > range.to) return [{ range, summary: await liveSummary(input) }];
  const rest = { from: stored.through, to: range.to };
  return [
    { range: { from: range.from, to: stored.through }, summary: stored.summary },
    { range: rest, summary: await liveSummary({ ...input, range: rest }) },
  ];
}
