import type { PipelineStage } from 'mongoose';

/** Percent points of the summary: the nearest-rank median and 90th percentile (docs/metrics.md). */
const MEDIAN = 50;
const P90 = 90;

/** `sorted[k - 1]` with k = max(1, ⌈p·n/100⌉), or null when there is no value: nearest rank, in the database. */
function rank(sorted: string, p: number) {
  const size = { $size: sorted };
  return {
    $cond: [{ $eq: [size, 0] }, null, { $arrayElemAt: [sorted, { $subtract: [{ $max: [1, { $ceil: { $divide: [{ $multiply: [p, size] }, 100] } }] }, 1] }] }],
  };
}

/**
 * Aggregation stages turning an array field of durations into `{ count, median, p90 }` with nearest-rank
 * percentiles ($sortArray then $arrayElemAt; not $percentile, whose approximation is not promised to agree).
 * @example [{ $group: { _id: '$from', xs: { $push: '$durationInStage' } } }, ...durationSummaryStages('xs')]
 */
export function durationSummaryStages(field: string, keep: readonly string[] = []): PipelineStage[] {
  const kept = Object.fromEntries(keep.map((name) => [name, 1]));
  return [
    { $project: { sorted: { $sortArray: { input: `$${field}`, sortBy: 1 } }, ...kept } },
    { $project: { count: { $size: '$sorted' }, median: rank('$sorted', MEDIAN), p90: rank('$sorted', P90), ...kept } },
  ];
}
