import { describe, expect, it } from 'vitest';
import { formatBenchRow } from '../format-bench-row.mjs';

describe('formatBenchRow', () => {
  it('prints yes or NO for a row with a target', () => {
    expect(formatBenchRow({ benchmark: 'step', value: 2_660_000, unit: 'steps/s', target: '≥ 1000000', met: true })).toBe(
      '| step | 2660000 | steps/s | ≥ 1000000 | yes |',
    );
    expect(formatBenchRow({ benchmark: 'p99', value: 303, unit: 'ms', target: '< 200', met: false })).toBe('| p99 | 303 | ms | < 200 | NO |');
  });

  it('prints just the figure for a row without a target, whatever its met field says', () => {
    // The api benchmarks write `met: ''`, the others leave it out, a crashed benchmark's row says `false`.
    expect(formatBenchRow({ benchmark: 'yoga body limit', value: 405, unit: 'requests/s', target: '', met: '' })).toBe(
      '| yoga body limit | 405 | requests/s |  |  |',
    );
    expect(formatBenchRow({ benchmark: 'echo', value: 75_227, unit: 'ops/s', target: '' })).toBe('| echo | 75227 | ops/s |  |  |');
    expect(formatBenchRow({ benchmark: 'test/noisy-neighbour', value: 'failed', unit: '', target: '', met: false })).toBe(
      '| test/noisy-neighbour | failed |  |  |  |',
    );
  });

  it('prints no verdict for a reference figure the benchmark did not judge', () => {
    expect(formatBenchRow({ benchmark: 'share of the ceiling', value: 33, unit: '%', target: '(issue 4: 50; see decision 18)', met: '' })).toBe(
      '| share of the ceiling | 33 | % | (issue 4: 50; see decision 18) |  |',
    );
  });
});
