import { DAY_MS, summarizeSegment, type MetricsPeriod, type SegmentSummary } from '@funnel/engine';
import { loadStretch } from './load-stretch';
import { dayRange, storedMetricDays, type SummaryTarget } from './metric-days';

/** A stretch of whole days and its summary. */
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
    /** The records closed without a closing time instead of a stretch. */
    undated?: boolean;
  },
): Promise<SegmentSummary> {
  const { models, tenantId, workflowKey, definition, range } = input;
  const undated = input.undated === true;
  const data = await loadStretch({ models, tenantId, workflowKey, range, undated });
  return summarizeSegment({ definition, range, ...data, undated });
}

/**
 * The summaries of the whole days `first` to `last`: the stored ones that are up to date, and for each run of
 * days without one a single live summary of the run (a run where nothing happened costs one empty index scan).
 * `splitAt` are days where a live run is cut, so that each part lies wholly before or after them.
 * @example await wholeDays({ models, tenantId, workflowKey, definition, first: 20454, last: 20484 })
 */
export async function wholeDays(input: SummaryTarget & { first: number; last: number; splitAt?: readonly number[] }): Promise<DaysPart[]> {
  const { first, last } = input;
  const stored = await storedMetricDays(input);
  const storedDays = [...stored.keys()].filter((d): d is number => d !== null).sort((a, b) => a - b);
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
  const live = await Promise.all(
    gaps.map(async (gap) => {
      const range = { from: gap.first * DAY_MS, to: (gap.last + 1) * DAY_MS };
      return { range, summary: await liveSummary({ ...input, range }) };
    }),
  );
  const kept = storedDays.map((day) => ({ range: dayRange(day), summary: stored.get(day) as SegmentSummary }));
  return [...kept, ...live].sort((a, b) => a.range.from - b.range.from);
}
