import type { WorkflowDefinition } from '@funnel/schemas';
import type { FunnelMetrics } from './funnel-metrics';
import { addToHistogram, emptyHistogram, histogramCount, mergeHistograms, removeFromHistogram, summarizeHistogram, type LogHistogram } from './log-histogram';
import { funnelStageRows } from './funnel-stages';
import { mainPathOrder } from './main-path-order';
import type { MetricsPeriod } from './period';
import { own, type Reclosing, type SegmentSummary, sourceKey } from './segment-summary';
import type { StartEdgeCorrections } from './start-edge-corrections';

/**
 * One stretch of a period and the first day whose events it may refer back to as inside the period: references
 * keyed to an earlier day are to events before the period (docs/metrics.md "Summaries").
 * @example { summary: await dayDoc(day), periodStartDay: dayOf(period.from) }
 */
export interface PeriodPart {
  summary: SegmentSummary;
  periodStartDay: number;
}

function sumAgain<T>(again: Record<string, T>, fromDay: number, value: (t: T) => number): number {
  let sum = 0;
  for (const key in again) if (Number(key) >= fromDay) sum += value(again[key] as T);
  return sum;
}

/**
 * The funnel of a period from the summaries of its stretches (`summarizeSegment`), and for a period starting
 * mid-day the corrections of its first day: counts, rates and conversions as `funnelMetrics` gives them, exactly;
 * median and p90 within HISTOGRAM_RELATIVE_ERROR of its nearest-rank values.
 * @example funnelFromSummaries({ definition, period, parts: days.map((summary) => ({ summary, periodStartDay })) })
 */
export function funnelFromSummaries(input: {
  definition: WorkflowDefinition;
  period: MetricsPeriod;
  parts: readonly PeriodPart[];
  corrections?: StartEdgeCorrections;
  /** The slices a filter keeps (`sliceFilter`), when the parts are `selectSlices` of them; every slice without one. */
  keep?: (slice: string) => boolean;
  /** A lead source: time to first touch of its records only (`bySource`; the corrections' touches must be of it too). */
  source?: string | undefined;
}): FunnelMetrics {
  const entered = new Map<string, number>();
  const timeInStage = new Map<string, LogHistogram>();
  const cycles = emptyHistogram();
  const touches = emptyHistogram();
  const reclosings: Reclosing[] = [];
  let won = 0;
  let lost = 0;
  let created = 0;
  for (const { summary, periodStartDay } of input.parts) {
    for (const [stage, e] of Object.entries(summary.entries)) {
      entered.set(stage, (entered.get(stage) ?? 0) + e.n - sumAgain(e.again, periodStartDay, (n) => n));
    }
    for (const [stage, h] of Object.entries(summary.timeInStage)) {
      const total = timeInStage.get(stage) ?? emptyHistogram();
      timeInStage.set(stage, mergeHistograms(total, h));
    }
    won += summary.closings.won - sumAgain(summary.closings.again, periodStartDay, (a) => a.won);
    lost += summary.closings.lost - sumAgain(summary.closings.again, periodStartDay, (a) => a.lost);
    mergeHistograms(cycles, summary.cycles);
    reclosings.push(...summary.reclosings);
    const firstTouches = input.source === undefined ? summary : own(summary.bySource, sourceKey(input.source));
    created += firstTouches?.created ?? 0;
    for (const [day, h] of Object.entries(firstTouches?.touches ?? {})) if (Number(day) >= periodStartDay) mergeHistograms(touches, h);
  }
  const corrections = input.corrections;
  if (corrections) {
    for (const [stage, n] of Object.entries(corrections.entries)) entered.set(stage, (entered.get(stage) ?? 0) - n);
    won -= corrections.won;
    lost -= corrections.lost;
    mergeHistograms(touches, corrections.touches);
  }
  undoReclosedCycles({ cycles, reclosings: reclosings.filter((r) => r.prevAt >= input.period.from), keep: input.keep ?? (() => true) });

  const order = mainPathOrder(input.definition);
  const touched = summarizeHistogram(touches);
  return {
    stages: funnelStageRows({
      order,
      entered: order.map((stage) => entered.get(stage) ?? 0),
      timeInStage: (stage) => summarizeHistogram(timeInStage.get(stage) ?? emptyHistogram()),
    }),
    cycleLength: summarizeHistogram(cycles),
    winRate: { won, lost, rate: won + lost === 0 ? null : won / (won + lost) },
    timeToFirstTouch: { ...touched, untouched: created - histogramCount(touches) },
  };
}

/**
 * Records that closed more than once in the period: each day counted every won closing (created → that win) in the
 * closing's slice; the funnel counts one cycle per record, to its first win in the period, and only if its last
 * closing in the period is a win, in the slice of that last closing. `reclosings` are the closings in the period
 * whose previous closing is in it too, of every slice; `keep` the slices `cycles` holds.
 */
function undoReclosedCycles(input: { cycles: LogHistogram; reclosings: readonly Reclosing[]; keep: (slice: string) => boolean }): void {
  const byRecord = new Map<string, Reclosing[]>();
  for (const r of input.reclosings) {
    const list = byRecord.get(r.recordId);
    if (list) list.push(r);
    else byRecord.set(r.recordId, [r]);
  }
  for (const list of byRecord.values()) {
    list.sort((a, b) => a.at - b.at);
    const first = list[0] as Reclosing;
    const chain = [{ at: first.prevAt, won: first.prevWon, slice: first.prevSlice }, ...list.map((r) => ({ at: r.at, won: r.won, slice: r.slice }))];
    for (const closing of chain) if (closing.won && input.keep(closing.slice)) removeFromHistogram(input.cycles, closing.at - first.createdAt);
    const firstWin = chain.find((c) => c.won);
    const last = chain[chain.length - 1];
    if (last?.won && input.keep(last.slice) && firstWin) addToHistogram(input.cycles, firstWin.at - first.createdAt);
  }
}
