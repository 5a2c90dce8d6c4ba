import { emptyHistogram, mergeHistograms } from './log-histogram';
import type { SegmentSummary } from './segment-summary';

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
  for (const [stage, e] of Object.entries(later.entries)) {
    const into = merged.entries[stage] ?? { n: 0, again: {} };
    into.n += e.n;
    addCounts(into.again, e.again);
    merged.entries[stage] = into;
  }
  addCounts(merged.firstEntries, later.firstEntries);
  for (const [stage, h] of Object.entries(later.timeInStage)) merged.timeInStage[stage] = mergeHistograms(merged.timeInStage[stage] ?? emptyHistogram(), h);
  merged.closings.won += later.closings.won;
  merged.closings.lost += later.closings.lost;
  for (const [day, a] of Object.entries(later.closings.again)) {
    const into = merged.closings.again[day] ?? { won: 0, lost: 0 };
    merged.closings.again[day] = { won: into.won + a.won, lost: into.lost + a.lost };
  }
  mergeHistograms(merged.cycles, later.cycles);
  merged.reclosings.push(...later.reclosings);
  merged.created += later.created;
  for (const [day, h] of Object.entries(later.touches)) merged.touches[day] = mergeHistograms(merged.touches[day] ?? emptyHistogram(), h);
  for (const [stage, c] of Object.entries(later.closed)) {
    const into = merged.closed[stage] ?? { closed: 0, won: 0 };
    merged.closed[stage] = { closed: into.closed + c.closed, won: into.won + c.won };
  }
  return merged;
}
