import { nearestRankPercentile } from './nearest-rank-percentile';

const MEDIAN = 50;
const P90 = 90;

/** How many durations there were and their nearest-rank median and 90th percentile (milliseconds; null when none). */
export interface DurationSummary {
  count: number;
  median: number | null;
  p90: number | null;
}

/**
 * Summarizes durations in milliseconds by count, median and p90 (nearest rank).
 * @example summarizeDurations([3, 1, 2]) // → { count: 3, median: 2, p90: 3 }
 */
export function summarizeDurations(durations: readonly number[]): DurationSummary {
  return { count: durations.length, median: nearestRankPercentile(durations, MEDIAN), p90: nearestRankPercentile(durations, P90) };
}
