import { DAY_MS, dayOf, summarizeSegment, type MetricsPeriod, type SegmentSummary } from '@funnel/engine';
import { loadStretch } from './load-stretch';
import { dayRange, storedMetricDays, type StoredDay, type SummaryTarget } from './metric-days';

/** A stretch of time and its summary. */
export interface DaysPart {
  range: MetricsPeriod;
  summary: SegmentSummary;
}

/**
 * Summarizes a stretch from the event log as it is now (what has no stored summary: today, a day not built yet,
 * a day marked since its build, the partial days of a period).
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
  return summarizeSegment({ definition, range, ...data, undated: undated !== undefined });
}

/**
 * The summaries of the whole days `first` to `last`: the stored ones that are current (today's up to a few seconds
 * ago, the rest of it read from the log), and for each run of days without one a single live summary of the run
 * (a run where nothing happened costs one empty index scan).
 * `splitAt` are days where a live run is cut, so that each part lies wholly before or after them.
 * @example await wholeDays({ models, tenantId, workflowKey, definition, first: 20454, last: 20484 })
 */
export async function wholeDays(input: SummaryTarget & { first: number; last: number; splitAt?: readonly number[] }): Promise<DaysPart[]> {
  const { first, last } = input;
  const stored = await storedMetricDays(input);
  const storedDays = [...stored.keys()].sort((a, b) => a - b);
  const cuts = [...(input.splitAt ?? [])].filter((d) => d > first && d <= last);
  const gaps: { first: number; last: number }[] = [];
  let next = first;
  for (const day of [...storedDays, last + 1]) {
    if (day > next) {
      let start = next;
      for (const cut of cuts.filter((c) => c > start && c < day)) {
        gaps.push({ first: start, last: cut - 1 });
        start = cut;
      }
      gaps.push({ first: start, last: day - 1 });
    }
    next = day + 1;
  }
  const live = gaps.map((gap) => ({ from: gap.first * DAY_MS, to: (gap.last + 1) * DAY_MS }));
  const kept: DaysPart[] = [];
  for (const day of storedDays) {
    const { summary, through } = stored.get(day) as StoredDay;
    const { from, to } = dayRange(day);
    kept.push({ range: { from, to: through }, summary });
    // Today's summary reaches a few seconds back; the rest of the day is read from the log.
    if (through < to) live.push({ from: through, to });
  }
  const read = await Promise.all(live.map(async (range) => ({ range, summary: await liveSummary({ ...input, range }) })));
  return [...kept, ...read].sort((a, b) => a.range.from - b.range.from);
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
