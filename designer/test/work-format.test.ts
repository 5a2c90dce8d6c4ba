import { describe, expect, it } from 'vitest';
import { workFormat } from '../src/work/shared/format';

describe('the work area formats', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it('says how far a deadline is in the largest whole unit, in each language', () => {
    expect(workFormat('en', 'UTC').relative('2026-12-08T10:00:00Z', now)).toBe('tomorrow');
    expect(workFormat('zh-Hans', 'UTC').relative('2026-12-08T10:00:00Z', now)).toBe('明天');
    expect(workFormat('en', 'UTC').relative('2026-12-07T15:00:00Z', now)).toBe('in 5 hours');
    expect(workFormat('en', 'UTC').relative('2026-12-04T10:00:00Z', now)).toBe('3 days ago');
  });

  it('counts days by the calendar in the person’s time zone: "tomorrow" is the date after today', () => {
    const lateEvening = Date.parse('2026-12-07T23:00:00Z');
    // 26 hours after 23:00 on Dec 7 is Dec 9: the day after tomorrow, not "tomorrow".
    expect(workFormat('en', 'UTC').relative('2026-12-09T01:00:00Z', lateEvening)).toBe('in 2 days');
    // 60 hours after 10:00 on Dec 7 is Dec 9 at 22:00: the day after tomorrow, not "in 3 days".
    expect(workFormat('en', 'UTC').relative('2026-12-09T22:00:00Z', now)).toBe('in 2 days');
    // The same moments, seen from Shanghai (UTC+8): Dec 8 07:00 to Dec 9 09:00 is tomorrow.
    expect(workFormat('en', 'Asia/Shanghai').relative('2026-12-09T01:00:00Z', lateEvening)).toBe('tomorrow');
  });

  it('shows times in the person’s own time zone and money with the locale’s grouping', () => {
    expect(workFormat('en', 'Asia/Shanghai').dateTime('2026-12-07T10:00:00Z')).toContain('6:00');
    expect(workFormat('en', 'America/New_York').date('2026-12-07T02:00:00Z')).toBe('Dec 6, 2026');
    expect(workFormat('en', 'UTC').money(12500.5)).toBe('12,500.5');
  });
});
