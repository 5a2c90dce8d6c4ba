import { HISTOGRAM_RELATIVE_ERROR } from './log-histogram';

const PERCENTILE_KEYS = new Set(['median', 'p90']);
/** Sums are compared to 9 decimals (docs/metrics.md "Common rules"). */
const DECIMALS = 9;

/**
 * Where a metric read from summaries differs from the reference function's: every count, sum, rate and
 * conversion must be equal (to 9 decimals), a median or p90 within HISTOGRAM_RELATIVE_ERROR of the reference's.
 * Empty when they agree; each entry names the path and both values.
 * @example summaryMismatches(funnelFromSummaries(…), funnelMetrics(…)) // → [] or ['.winRate.won: 3 ≠ 4']
 */
export function summaryMismatches(actual: unknown, expected: unknown): string[] {
  return mismatchesAt({ actual, expected, path: '' });
}

/** The mismatches of `actual` against `expected`, each named by its path below `path`. */
function mismatchesAt(input: { actual: unknown; expected: unknown; path: string }): string[] {
  const { actual, expected, path } = input;
  const differ = [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return differ;
    return expected.flatMap((e, i) => mismatchesAt({ actual: actual[i], expected: e, path: `${path}[${i}]` }));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return differ;
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    return [...keys].flatMap((k) => {
      const a = (actual as Record<string, unknown>)[k];
      const e = (expected as Record<string, unknown>)[k];
      if (PERCENTILE_KEYS.has(k) && typeof e === 'number' && typeof a === 'number') {
        return Math.abs(a - e) <= HISTOGRAM_RELATIVE_ERROR * Math.abs(e) ? [] : [`${path}.${k}: ${a} not within 1 % of ${e}`];
      }
      return mismatchesAt({ actual: a, expected: e, path: `${path}.${k}` });
    });
  }
  const same = typeof actual === 'number' && typeof expected === 'number' ? actual.toFixed(DECIMALS) === expected.toFixed(DECIMALS) : actual === expected;
  return same ? [] : differ;
}
