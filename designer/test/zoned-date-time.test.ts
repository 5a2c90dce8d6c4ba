import { describe, expect, it } from 'vitest';
import { fromZonedInput, nextDayAt, toZonedInput } from '../src/work/fields/zoned-date-time';

describe('date and time inputs in the person’s time zone', () => {
  it('shows a moment as the wall clock of the person’s zone, and reads it back to the same moment', () => {
    expect(toZonedInput('2026-12-08T01:00:00.000Z', 'Asia/Shanghai')).toBe('2026-12-08T09:00');
    expect(fromZonedInput('2026-12-08T09:00', 'Asia/Shanghai')).toBe('2026-12-08T01:00:00.000Z');
    expect(fromZonedInput('2026-07-01T09:00', 'Europe/Paris')).toBe('2026-07-01T07:00:00.000Z');
    expect(fromZonedInput('2026-12-01T09:00', 'Europe/Paris')).toBe('2026-12-01T08:00:00.000Z');
    expect(fromZonedInput('', 'UTC')).toBeUndefined();
    expect(toZonedInput(undefined, 'UTC')).toBe('');
  });

  it('sets "tomorrow" by the person’s calendar, not the browser’s', () => {
    // 20:00 UTC on the 7th is already the 8th in Shanghai.
    expect(nextDayAt({ now: Date.parse('2026-12-07T20:00:00Z'), hour: 9, timeZone: 'Asia/Shanghai' })).toBe('2026-12-09T09:00');
    expect(nextDayAt({ now: Date.parse('2026-12-31T10:00:00Z'), hour: 9, timeZone: 'UTC' })).toBe('2027-01-01T09:00');
  });
});
