import { describe, expect, it } from 'vitest';
import { monthPeriod } from '../src/work/team/team-period';

describe('the month the team forecast compares', () => {
  it('is the whole UTC calendar month of the moment, so the api compares it with the month before', () => {
    expect(monthPeriod(Date.parse('2026-12-07T12:00:00Z'))).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(monthPeriod(Date.parse('2026-03-01T00:00:00Z'))).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
  });
});
