import type { FunnelRecord } from '../record';
import type { ClosingOutcome } from './closing-outcomes';
import { summarizeDurations, type DurationSummary } from './duration-summary';

/**
 * Cycle length, created → first won, for the records whose closing outcome is won (ms, median and p90).
 * Records not among `records` are left out (their creation time is unknown).
 * @example cycleLength({ records, closed: closingOutcomes({ definition, events }) }) // → { count: 4, median: 2592000000, p90: … }
 */
export function cycleLength(input: { records: readonly FunnelRecord[]; closed: ReadonlyMap<string, ClosingOutcome> }): DurationSummary {
  const createdAt = new Map(input.records.map((r) => [r.id, r.createdAt]));
  const cycles = [...input.closed].flatMap(([id, closing]) => {
    const created = createdAt.get(id);
    return created === undefined || closing.outcome !== 'won' || closing.firstWonAt === undefined ? [] : [closing.firstWonAt - created];
  });
  return summarizeDurations(cycles);
}
