import type { FunnelEvent, FunnelRecord } from '../record';
import { closingOutcomes } from './closing-outcomes';
import { cycleLength } from './cycle-length';
import type { DurationSummary } from './duration-summary';
import { funnelStages, type FunnelStageMetrics } from './funnel-stages';
import { creationSlice, creationSource, creationStamps, eventSlice, sliceFilter, type CreationStamp, type MetricsFilter } from './metric-slices';
import type { MetricsWorkflow } from './metrics-workflow';
import { countedRecords, performanceEvents } from './performance-events';
import { inPeriod, type MetricsPeriod } from './period';
import { timeToFirstTouch, type FirstTouchSummary } from './time-to-first-touch';
import { winRate, type WinRate } from './win-rate';

/**
 * What funnelMetrics reads: the workflow, records, their events and the period [from, to).
 * @example funnelMetrics({ workflow, records, events, period: { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) } })
 */
export interface FunnelMetricsInput {
  workflow: MetricsWorkflow;
  records: readonly FunnelRecord[];
  events: readonly FunnelEvent[];
  period: MetricsPeriod;
  /** Narrows the funnel to a pipeline and to owners at the time of each event (docs/metrics.md "Filters"). */
  filter?: MetricsFilter;
}

/**
 * The funnel over a period: per-stage volume, conversion and time in stage; cycle length, win rate and time to first touch.
 * @example funnelMetrics(input).cycleLength // → { count: 3, median: 2592000000, p90: 3542400000 }
 */
export interface FunnelMetrics {
  /** The main path's stages in funnel order (see `mainPathOrder`). */
  stages: FunnelStageMetrics[];
  /** Created → won, for records won in the period (ms). */
  cycleLength: DurationSummary;
  /** Among records closed in the period. */
  winRate: WinRate;
  /** Created → first touch, for records created in the period (ms). */
  timeToFirstTouch: FirstTouchSummary;
}

/**
 * The funnel over a period [from, to): volume per stage, conversion stage to stage and cumulative along the
 * main path, time in stage, cycle length, win rate and time to first touch. Records and events excluded from
 * performance are left out. docs/metrics.md defines every figure exactly.
 * @example funnelMetrics({ workflow, records, events, period: { from, to } }).winRate // → { won: 3, lost: 7, rate: 0.3 }
 */
export function funnelMetrics(input: FunnelMetricsInput): FunnelMetrics {
  const { definition } = input.workflow;
  const keep = sliceFilter(input.filter);
  const byId = new Map(input.records.map((r) => [r.id, r]));
  const counts = (e: FunnelEvent) => keep(eventSlice(e, byId.get(e.recordId)));
  const created = creationStamps(input.events);
  const records = countedRecords(input);
  const counted = performanceEvents(input);
  const inWindow = counted.filter((e) => inPeriod(e.at, input.period));
  // A record counts where its last closing in the period does.
  const closed = new Map([...closingOutcomes({ definition, events: inWindow })].filter(([, c]) => counts(c.event)));
  return {
    stages: funnelStages({ definition, events: inWindow, counts }),
    cycleLength: cycleLength({ records, closed }),
    winRate: winRate(closed),
    timeToFirstTouch: timeToFirstTouch({
      records: createdIn({ records, keep, created, source: input.filter?.source }),
      events: counted,
      period: input.period,
    }),
  };
}

/** The records whose creation is in a kept slice (the owner they were created with) and, given one, of a lead source (as created). */
function createdIn(input: {
  records: readonly FunnelRecord[];
  keep: (slice: string) => boolean;
  created: ReadonlyMap<string, CreationStamp>;
  source: string | undefined;
}): FunnelRecord[] {
  const { keep, created, source } = input;
  return input.records.filter((record) => {
    const stamp = created.get(record.id);
    return keep(creationSlice({ record, stamp })) && (source === undefined || creationSource({ record, stamp }) === source);
  });
}
