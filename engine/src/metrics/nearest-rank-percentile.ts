/** Percentiles are given in percent. */
const PERCENT = 100;

/**
 * The nearest-rank percentile: sort ascending, take the value at rank ⌈p·n/100⌉ (1-based). Always a value
 * from the data, never an interpolation, so a database query that sorts and picks by index agrees exactly.
 * `p` is an integer percent in 1..100; the median is `p = 50` (for an even count, the lower middle value).
 * @example nearestRankPercentile([5, 1, 4, 2, 3], 90) // → 5; nearestRankPercentile([1, 2, 3, 4], 50) // → 2
 */
export function nearestRankPercentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // p·n is an integer for integer p, so the division by 100 is exact where it matters and ceil never overshoots.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / PERCENT));
  return sorted[rank - 1] ?? null;
}
