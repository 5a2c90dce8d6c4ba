import { describe, expect, it } from 'vitest';
import { previousPeriod } from '../src/metrics/previous-period';

const utc = (year: number, month: number, day = 1) => Date.UTC(year, month - 1, day);

describe('the period before a period', () => {
  it('is the calendar month, quarter or year before, for whole UTC months', () => {
    expect(previousPeriod({ from: utc(2026, 3), to: utc(2026, 4) })).toEqual({ from: utc(2026, 2), to: utc(2026, 3) });
    expect(previousPeriod({ from: utc(2026, 4), to: utc(2026, 7) })).toEqual({ from: utc(2026, 1), to: utc(2026, 4) });
    expect(previousPeriod({ from: utc(2026, 1), to: utc(2027, 1) })).toEqual({ from: utc(2025, 1), to: utc(2026, 1) });
    expect(previousPeriod({ from: utc(2026, 1), to: utc(2026, 2) })).toEqual({ from: utc(2025, 12), to: utc(2026, 1) });
  });

  it('is the same number of milliseconds just before, for any other period', () => {
    expect(previousPeriod({ from: utc(2026, 3, 2), to: utc(2026, 4, 1) })).toEqual({ from: utc(2026, 1, 31), to: utc(2026, 3, 2) });
    expect(previousPeriod({ from: utc(2026, 3, 1) + 3_600_000, to: utc(2026, 3, 31) + 3_600_000 })).toEqual({
      from: utc(2026, 1, 30) + 3_600_000,
      to: utc(2026, 3, 1) + 3_600_000,
    });
  });
});
