import type { Outcome, WorkflowDefinition } from '@funnel/schemas';
import type { FunnelEvent, Instant } from '../record';
import { countedSteps } from './counted-steps';
import { addToHistogram, emptyHistogram } from './log-histogram';
import { creationSlice, creationSource, creationStamps, type SlicedRecord } from './metric-slices';
import type { MetricsPeriod } from './period';
import { performanceExclusions } from './performance-events';
import { dayOf, emptySegmentSummary, own, type SegmentSummary, type SlicedSummary, sourceKey } from './segment-summary';
import { selectSlices } from './select-slices';

/** What a summary reads of a record: when it was created, whether it counts for performance, how it closed, its slice. */
export interface SegmentRecord extends SlicedRecord {
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

type ClosingSeen = { at: Instant; won: boolean; slice: string };

/** The value under `key`, put there by `make` when missing. */
function slot<T>(values: Record<string, T>, key: string, make: () => T): T {
  const found = own(values, key);
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
  return selectSlices(summarizeSlices(input), () => true);
}

/**
 * `summarizeSegment` by slice (docs/metrics.md "Filters"): one summary per pipeline and owner, each figure in the
 * slice of the event that makes it (an entry, a transition, a closing), a creation and its first touch in the slice
 * the record was created in, calibration's counts in the slice of the record's first entry into the stage. What a
 * closing takes back of the record's previous closing is kept in the previous closing's slice, so that the slices add
 * up to `summarizeSegment` and a period's slices count each record's last closing once, in its slice.
 * @example summarizeSlices({ definition, range, events, records })['[null,"ann"]']?.created // → 4
 */
export function summarizeSlices(input: SummarizeSegmentInput): SlicedSummary {
  const { range, records } = input;
  const dayBefore = dayOf(range.from) - 1;
  const dayKey = (at: Instant) => String(input.opensPeriod && at < range.from ? dayBefore : dayOf(at));
  const inRange = (at: Instant | undefined) => at !== undefined && at >= range.from && at < range.to;
  const slices: SlicedSummary = {};
  const of = (slice: string) => slot(slices, slice, emptySegmentSummary);

  const created = creationStamps(input.events);
  const closedHere = new Map<string, Map<string, string>>();
  const { wholly } = performanceExclusions(input);
  for (const [id, r] of records) {
    if (wholly.has(id)) continue;
    const stamp = created.get(id);
    if (inRange(r.createdAt)) countCreated({ summary: of(creationSlice({ record: r, stamp })), source: creationSource({ record: r, stamp }) });
    if (r.outcome !== undefined && (input.undated ? r.closedAt === undefined : inRange(r.closedAt))) closedHere.set(id, new Map());
  }

  const lastEntry = new Map<string, Instant>();
  const lastClosing = new Map<string, ClosingSeen>();
  for (const { event: e, record, entered: stage, closing, firstTouch, slice } of countedSteps(input)) {
    const passed = closedHere.get(e.recordId);
    if (stage !== undefined && passed && !passed.has(stage)) passed.set(stage, slice);
    if (e.at >= range.to) continue;
    const here = e.at >= range.from;
    if (stage !== undefined) {
      const key = `${e.recordId}\u0000${stage}`;
      const prev = lastEntry.get(key);
      if (here) {
        const summary = of(slice);
        const entries = slot(summary.entries, stage, () => ({ n: 0, again: {} as Record<string, number> }));
        entries.n += 1;
        if (prev !== undefined) entries.again[dayKey(prev)] = (entries.again[dayKey(prev)] ?? 0) + 1;
        else if (record) summary.firstEntries[stage] = (own(summary.firstEntries, stage) ?? 0) + 1;
      }
      lastEntry.set(key, e.at);
    }
    if (e.type === 'transitioned' && here) addToHistogram(slot(of(slice).timeInStage, e.from, emptyHistogram), e.durationInStage);
    if (closing) {
      const won = closing === 'won';
      const prev = lastClosing.get(e.recordId);
      if (here) countClosing({ slices: of, won, prev, dayKey, record, recordId: e.recordId, at: e.at, slice });
      lastClosing.set(e.recordId, { at: e.at, won, slice });
    }
    if (firstTouch && here) countTouch({ summary: of(firstTouch.slice), day: dayKey(firstTouch.createdAt), ...firstTouch, at: e.at });
  }

  for (const [id, stages] of closedHere) {
    const won = records.get(id)?.outcome === 'won' ? 1 : 0;
    for (const [stage, slice] of stages) {
      const closed = slot(of(slice).closed, stage, () => ({ closed: 0, won: 0 }));
      closed.closed += 1;
      closed.won += won;
    }
  }
  return slices;
}

/** A counted record created in the stretch, in its creation's slice, and by its lead source. */
function countCreated(input: { summary: SegmentSummary; source: string | undefined }): void {
  input.summary.created += 1;
  if (input.source !== undefined) slot(input.summary.bySource, sourceKey(input.source), () => ({ created: 0, touches: {} })).created += 1;
}

/** A first touch in the stretch (created → touch), by its record's creation day, and by its lead source. */
function countTouch(input: { summary: SegmentSummary; day: string; createdAt: Instant; at: Instant; source: string | undefined }): void {
  const { summary, day } = input;
  addToHistogram(slot(summary.touches, day, emptyHistogram), input.at - input.createdAt);
  if (input.source === undefined) return;
  const bySource = slot(summary.bySource, sourceKey(input.source), () => ({ created: 0, touches: {} }));
  addToHistogram(slot(bySource.touches, day, emptyHistogram), input.at - input.createdAt);
}

/**
 * One closing transition in the stretch: its outcome (in its slice), what it closes again (in the previous closing's
 * slice), and its cycle (counted records only).
 */
function countClosing(input: {
  slices: (slice: string) => SegmentSummary;
  won: boolean;
  prev: ClosingSeen | undefined;
  dayKey: (at: Instant) => string;
  record: SegmentRecord | undefined;
  recordId: string;
  at: Instant;
  slice: string;
}): void {
  const { won, prev, record, slice } = input;
  const summary = input.slices(slice);
  if (won) summary.closings.won += 1;
  else summary.closings.lost += 1;
  if (prev) {
    const again = slot(input.slices(prev.slice).closings.again, input.dayKey(prev.at), () => ({ won: 0, lost: 0 }));
    if (prev.won) again.won += 1;
    else again.lost += 1;
  }
  if (!record) return;
  if (won) addToHistogram(summary.cycles, input.at - record.createdAt);
  if (prev) {
    summary.reclosings.push({
      recordId: input.recordId,
      at: input.at,
      won,
      slice,
      prevAt: prev.at,
      prevWon: prev.won,
      prevSlice: prev.slice,
      createdAt: record.createdAt,
    });
  }
}
