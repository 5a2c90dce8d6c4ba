import type { DurationSummary } from './duration-summary';

/**
 * The relative error of a percentile read from a histogram, guaranteed: every bucket's representative lies
 * within this share of every value the bucket holds (docs/metrics.md "Percentiles from summaries").
 */
export const HISTOGRAM_RELATIVE_ERROR = 0.01;
/**
 * The accuracy the buckets are cut for, a little finer than promised, so that a value on a bucket boundary,
 * where `Math.log` may round the key to the neighbouring bucket, still stays within HISTOGRAM_RELATIVE_ERROR.
 */
const CUT_ACCURACY = 0.0099;
const GAMMA = (1 + CUT_ACCURACY) / (1 - CUT_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const PERCENT = 100;
const MEDIAN = 50;
const P90 = 90;

/**
 * A mergeable log-bucket histogram of durations (DDSketch's logarithmic mapping): a positive value `x` goes to
 * bucket `k = ⌈log_γ x⌉`, a negative one to the same bucket of `-x` among the negatives, zero to its own count.
 * Counts are plain integers and may be added or taken away, so histograms of days add up to the histogram of a
 * period and a correction can remove what a day counted (a deal reopened and won again). Keys are decimal
 * strings, so a histogram is a plain JSON/BSON document.
 * @example addToHistogram(emptyHistogram(), 86_400_000) // → { zero: 0, pos: { '920': 1 }, neg: {} }
 */
export interface LogHistogram {
  zero: number;
  pos: Record<string, number>;
  neg: Record<string, number>;
}

/**
 * A histogram with nothing in it.
 * @example histogramCount(emptyHistogram()) // → 0
 */
export function emptyHistogram(): LogHistogram {
  return { zero: 0, pos: {}, neg: {} };
}

function bucketOf(magnitude: number): string {
  return String(Math.ceil(Math.log(magnitude) / LOG_GAMMA));
}

/** The value a bucket stands for: within CUT_ACCURACY of everything in (γ^(k-1), γ^k]. */
function representative(key: string): number {
  return (2 * GAMMA ** Number(key)) / (GAMMA + 1);
}

/** Adds `weight` to the count of the bucket `value` falls in (a negative weight takes values away). */
function shift(histogram: LogHistogram, entry: { value: number; weight: number }): LogHistogram {
  const { value, weight } = entry;
  if (value === 0) histogram.zero += weight;
  else addCount(value > 0 ? histogram.pos : histogram.neg, { key: bucketOf(Math.abs(value)), count: weight });
  return histogram;
}

/** Adds `count` to `store[key]`, dropping the key when it comes to zero (a histogram holds only its non-empty buckets). */
function addCount(store: Record<string, number>, entry: { key: string; count: number }): void {
  const count = (store[entry.key] ?? 0) + entry.count;
  if (count === 0) delete store[entry.key];
  else store[entry.key] = count;
}

/**
 * Adds one value; returns the same histogram.
 * @example addToHistogram(h, 3_600_000) // one hour more
 */
export function addToHistogram(histogram: LogHistogram, value: number): LogHistogram {
  return shift(histogram, { value, weight: 1 });
}

/**
 * Takes away one value that was added before (a period undoing what a day counted); returns the same histogram.
 * @example removeFromHistogram(h, 3_600_000) // one hour less
 */
export function removeFromHistogram(histogram: LogHistogram, value: number): LogHistogram {
  return shift(histogram, { value, weight: -1 });
}

/**
 * Adds every count of `from` into `into`; returns `into`.
 * @example mergeHistograms(total, day)
 */
export function mergeHistograms(into: LogHistogram, from: LogHistogram): LogHistogram {
  into.zero += from.zero;
  for (const key in from.pos) addCount(into.pos, { key, count: from.pos[key] ?? 0 });
  for (const key in from.neg) addCount(into.neg, { key, count: from.neg[key] ?? 0 });
  return into;
}

/**
 * How many values the histogram holds (exact).
 * @example histogramCount(addToHistogram(emptyHistogram(), 5)) // → 1
 */
export function histogramCount(histogram: LogHistogram): number {
  let count = histogram.zero;
  for (const key in histogram.pos) count += histogram.pos[key] ?? 0;
  for (const key in histogram.neg) count += histogram.neg[key] ?? 0;
  return count;
}

/**
 * The nearest-rank percentile (docs/metrics.md: rank k = max(1, ⌈p·n/100⌉)) read from the buckets: the
 * representative of the bucket that holds the k-th smallest value, so within HISTOGRAM_RELATIVE_ERROR of the
 * exact nearest-rank percentile (exactly 0 when that value is 0). Null when the histogram is empty.
 * @example histogramPercentile(h, 90)
 */
export function histogramPercentile(histogram: LogHistogram, p: number): number | null {
  const count = histogramCount(histogram);
  if (count <= 0) return null;
  let remaining = Math.max(1, Math.ceil((p * count) / PERCENT));
  // Ascending order: the negatives from the largest magnitude down, zero, then the positives up.
  for (const key of Object.keys(histogram.neg).sort((a, b) => Number(b) - Number(a))) {
    remaining -= histogram.neg[key] ?? 0;
    if (remaining <= 0) return -representative(key);
  }
  remaining -= histogram.zero;
  if (remaining <= 0) return 0;
  for (const key of Object.keys(histogram.pos).sort((a, b) => Number(a) - Number(b))) {
    remaining -= histogram.pos[key] ?? 0;
    if (remaining <= 0) return representative(key);
  }
  return null;
}

/**
 * A duration summary read from a histogram: the exact count, median and p90 within HISTOGRAM_RELATIVE_ERROR.
 * @example summarizeHistogram(h) // → { count: 12, median: 86_123_456.7, p90: 604_800_000.1 }
 */
export function summarizeHistogram(histogram: LogHistogram): DurationSummary {
  return { count: histogramCount(histogram), median: histogramPercentile(histogram, MEDIAN), p90: histogramPercentile(histogram, P90) };
}
