import { describe, expect, it } from 'vitest';
import {
  addToHistogram,
  emptyHistogram,
  HISTOGRAM_RELATIVE_ERROR,
  histogramCount,
  histogramPercentile,
  mergeHistograms,
  nearestRankPercentile,
  removeFromHistogram,
} from '../src';

describe('log-bucket histograms', () => {
  it('read every nearest-rank percentile within the stated relative error, from 1 ms to ten years', () => {
    const values: number[] = [];
    for (let x = 1; x < 3.2e11; x *= 1.0007) values.push(Math.round(x));
    const h = emptyHistogram();
    for (const v of values) addToHistogram(h, v);
    expect(histogramCount(h)).toBe(values.length);
    for (let p = 1; p <= 100; p++) {
      const exact = nearestRankPercentile(values, p) as number;
      const read = histogramPercentile(h, p) as number;
      expect(Math.abs(read - exact)).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR * exact);
    }
  });

  it('keep zero exact and order negative values below it', () => {
    const h = emptyHistogram();
    for (const v of [-5000, 0, 0, 7000]) addToHistogram(h, v);
    expect(histogramPercentile(h, 25)).toBeCloseTo(-5000, -2);
    expect(histogramPercentile(h, 50)).toBe(0);
    expect(histogramPercentile(h, 100)).toBeCloseTo(7000, -2);
    expect(histogramPercentile(emptyHistogram(), 50)).toBeNull();
  });

  it('add up across days and take back what a correction removes', () => {
    const day1 = addToHistogram(addToHistogram(emptyHistogram(), 1000), 86_400_000);
    const day2 = addToHistogram(emptyHistogram(), 3_600_000);
    const total = mergeHistograms(mergeHistograms(emptyHistogram(), day1), day2);
    removeFromHistogram(total, 86_400_000);
    expect(total).toEqual(mergeHistograms(addToHistogram(emptyHistogram(), 1000), day2));
    expect(histogramCount(total)).toBe(2);
  });
});
