import type { Outcome, WorkflowDefinition } from '@funnel/schemas';
import type { FunnelEvent, Instant } from '../record';
import { countedSteps } from './counted-steps';
import { addToHistogram, emptyHistogram } from './log-histogram';
import type { MetricsPeriod } from './period';
import { dayOf, emptySegmentSummary, type SegmentSummary } from './segment-summary';

/** What a summary reads of a record: when it was created, whether it counts for performance, how it closed. */
export interface SegmentRecord {
  createdAt: Instant;
  excludedFromPerformance: boolean;
  outcome?: Outcome;
  closedAt?: Instant;
}

/**
 * What `summarizeSegment` reads.
 * @example summarizeSegment({ definition, range: { from: day * DAY_MS, to: (day + 1) * DAY_MS }, events, records })
 */
export interface SummarizeSegmentInput {
  definition: WorkflowDefinition;
  /** The stretch [from, to): a UTC day, part of one, or several. */
  range: MetricsPeriod;
  /**
   * The stretch starts a period in the middle of a day (`range.from` is the period's start): what refers back to
   * earlier instants is keyed to the day before, so that a period counts it as before itself.
   */
  opensPeriod?: boolean;
  /**
   * Every event, of the workflow, of the records involved (with events in the stretch, created in it or closed in it),
   * from their first event on, in log order (by `at`, ties in the order the log holds them).
   */
  events: readonly FunnelEvent[];
  /** The workflow's records involved; an event whose record is not here counts as one of a record not in `records`. */
  records: ReadonlyMap<string, SegmentRecord>;
  /** Count as closed the records with an outcome and no `closedAt` (no write path makes them), instead of those closed in the stretch. */
  undated?: boolean;
}

type ClosingSeen = { at: Instant; won: boolean };

/** The value under `key`, put there by `make` when missing. */
function slot<T>(values: Record<string, T>, key: string, make: () => T): T {
  const found = values[key];
  if (found !== undefined) return found;
  const made = make();
  values[key] = made;
  return made;
}

/**
 * Summarizes one stretch of time for the funnel and calibration (docs/metrics.md "Summaries"): the same
 * performance rules as `funnelMetrics` and `calibration`, each figure kept so that stretches add up, and every
 * count that depends on an earlier event keyed by that event's day. A UTC day's summary never changes once the
 * day is over, unless an event is logged into it late (a backdated change) or a record's flag changes.
 * @example summarizeSegment({ definition, range: { from, to }, events, records }).closings // → { won: 3, lost: 7, again: {} }
 */
export function summarizeSegment(input: SummarizeSegmentInput): SegmentSummary {
  const { range, records } = input;
  const dayBefore = dayOf(range.from) - 1;
  const dayKey = (at: Instant) => String(input.opensPeriod && at < range.from ? dayBefore : dayOf(at));
  const inRange = (at: Instant | undefined) => at !== undefined && at >= range.from && at < range.to;
  const summary = emptySegmentSummary();

  const closedHere = new Map<string, Set<string>>();
  for (const [id, r] of records) {
    if (r.excludedFromPerformance) continue;
    if (inRange(r.createdAt)) summary.created += 1;
    if (r.outcome !== undefined && (input.undated ? r.closedAt === undefined : inRange(r.closedAt))) closedHere.set(id, new Set());
  }

  const lastEntry = new Map<string, Instant>();
  const lastClosing = new Map<string, ClosingSeen>();
  for (const { event: e, record, entered: stage, closing, firstTouch } of countedSteps(input)) {
    if (stage !== undefined) closedHere.get(e.recordId)?.add(stage);
    if (e.at >= range.to) continue;
    const here = e.at >= range.from;
    if (stage !== undefined) {
      const key = `${e.recordId}\u0000${stage}`;
      const prev = lastEntry.get(key);
      if (here) {
        const entries = slot(summary.entries, stage, () => ({ n: 0, again: {} as Record<string, number> }));
        entries.n += 1;
        if (prev !== undefined) entries.again[dayKey(prev)] = (entries.again[dayKey(prev)] ?? 0) + 1;
        else if (record) summary.firstEntries[stage] = (summary.firstEntries[stage] ?? 0) + 1;
      }
      lastEntry.set(key, e.at);
    }
    if (e.type === 'transitioned' && here) addToHistogram(slot(summary.timeInStage, e.from, emptyHistogram), e.durationInStage);
    if (closing) {
      const won = closing === 'won';
      const prev = lastClosing.get(e.recordId);
      if (here) countClosing({ summary, won, prev, dayKey, record, recordId: e.recordId, at: e.at });
      lastClosing.set(e.recordId, { at: e.at, won });
    }
    if (firstTouch && here) addToHistogram(slot(summary.touches, dayKey(firstTouch.createdAt), emptyHistogram), e.at - firstTouch.createdAt);
  }

  for (const [id, stages] of closedHere) {
    const won = records.get(id)?.outcome === 'won' ? 1 : 0;
    for (const stage of stages) {
      const closed = slot(summary.closed, stage, () => ({ closed: 0, won: 0 }));
      closed.closed += 1;
      closed.won += won;
    }
  }
  return summary;
}

/** One closing transition in the stretch: its outcome, what it closed again, and its cycle (counted records only). */
function countClosing(input: {
  summary: SegmentSummary;
  won: boolean;
  prev: ClosingSeen | undefined;
  dayKey: (at: Instant) => string;
  record: SegmentRecord | undefined;
  recordId: string;
  at: Instant;
}): void {
  const { summary, won, prev, record } = input;
  if (won) summary.closings.won += 1;
  else summary.closings.lost += 1;
  if (prev) {
    const again = slot(summary.closings.again, input.dayKey(prev.at), () => ({ won: 0, lost: 0 }));
    if (prev.won) again.won += 1;
    else again.lost += 1;
  }
  if (!record) return;
  if (won) addToHistogram(summary.cycles, input.at - record.createdAt);
  if (prev) summary.reclosings.push({ recordId: input.recordId, at: input.at, won, prevAt: prev.at, prevWon: prev.won, createdAt: record.createdAt });
}
