import { describe, expect, it } from 'vitest';
import { retryWait } from '../src/model/retry-wait';

const NINE = Date.parse('2026-01-05T09:00:00Z');

describe('retryWait', () => {
  it('says how long to wait and until when, in each locale, rounded up', () => {
    expect(retryWait({ retryAfterMs: 839_001, locale: 'en', now: NINE, timeZone: 'UTC' })).toEqual({ wait: '14 minutes', time: '9:14 AM' });
    expect(retryWait({ retryAfterMs: 840_000, locale: 'zh-Hans', now: NINE, timeZone: 'Asia/Shanghai' })).toEqual({ wait: '14分钟', time: '17:14' });
    expect(retryWait({ retryAfterMs: 840_000, locale: 'zh-Hant', now: NINE, timeZone: 'Asia/Taipei' }).wait).toBe('14 分鐘');
  });

  it('speaks in seconds under two minutes and in hours from two hours', () => {
    expect(retryWait({ retryAfterMs: 4_200, locale: 'en', now: NINE, timeZone: 'UTC' }).wait).toBe('5 seconds');
    expect(retryWait({ retryAfterMs: 3 * 3_600_000, locale: 'en', now: NINE, timeZone: 'UTC' }).wait).toBe('3 hours');
  });
});
