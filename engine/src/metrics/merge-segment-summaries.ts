import { emptyHistogram, mergeHistograms, type LogHistogram } from './log-histogram';
import { type ByDay, own, type SegmentSummary, type SlicedSummary } from './segment-summary';

function addTouches(into: ByDay<LogHistogram>, from: ByDay<LogHistogram>): void {
  for (const [day, h] of Object.entries(from)) into[day] = mergeHistograms(into[day] ?? emptyHistogram(), h);
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const key in from) into[key] = (into[key] ?? 0) + (from[key] ?? 0);
}

/**
 * The summary of two stretches side by side (`earlier` then `later`, each summarized with its own look back at the
 * log): what `summarizeSegment` gives for the two as one stretch, so a day's summary can grow as the day goes on.
 * Returns a new summary; neither input changes.
 * @example mergeSegmentSummaries(summarizeSegment({ …, range: { from: dayStart, to: noon } }), summarizeSegment({ …, range: { from: noon, to: dayEnd } }))
 */
export function mergeSegmentSummaries(earlier: SegmentSummary, later: SegmentSummary): SegmentSummary {
  const merged = structuredClone(earlier);
  addSummary(merged, later);
  return merged;
}

/**
 * `mergeSegmentSummaries` slice by slice: a day's sliced summary grown by the stretch after it.
 * @example mergeSlicedSummaries(stored, summarizeSlices({ …, range: { from: through, to: now } }))
 */
export function mergeSlicedSummaries(earlier: SlicedSummary, later: SlicedSummary): SlicedSummary {
  const merged = structuredClone(earlier);
  for (const [slice, summary] of Object.entries(later)) {
    const into = merged[slice];
    if (into) addSummary(into, summary);
    else merged[slice] = structuredClone(summary);
  }
  return merged;
}

/**
 * Adds `from` into `into` (which changes): counts, histograms and the listed reclosings.
 * @example const total = emptySegmentSummary(); for (const s of slices) addSummary(total, s);
 */
export function addSummary(into: SegmentSummary, from: SegmentSummary): void {
  for (const [stage, e] of Object.entries(from.entries)) {
    const entries = own(into.entries, stage) ?? { n: 0, again: {} };
    entries.n += e.n;
    addCounts(entries.again, e.again);
    into.entries[stage] = entries;
  }
  addCounts(into.firstEntries, from.firstEntries);
  for (const [stage, h] of Object.entries(from.timeInStage)) into.timeInStage[stage] = mergeHistograms(own(into.timeInStage, stage) ?? emptyHistogram(), h);
  into.closings.won += from.closings.won;
  into.closings.lost += from.closings.lost;
  for (const [day, a] of Object.entries(from.closings.again)) {
    const again = into.closings.again[day] ?? { won: 0, lost: 0 };
    into.closings.again[day] = { won: again.won + a.won, lost: again.lost + a.lost };
  }
  mergeHistograms(into.cycles, from.cycles);
  into.reclosings.push(...from.reclosings);
  into.created += from.created;
  addTouches(into.touches, from.touches);
  for (const [source, counts] of Object.entries(from.bySource)) {
    const bySource = own(into.bySource, source) ?? { created: 0, touches: {} };
    bySource.created += counts.created;
    addTouches(bySource.touches, counts.touches);
    into.bySource[source] = bySource;
  }
  for (const [stage, c] of Object.entries(from.closed)) {
    const closed = own(into.closed, stage) ?? { closed: 0, won: 0 };
    into.closed[stage] = { closed: closed.closed + c.closed, won: closed.won + c.won };
  }
}
