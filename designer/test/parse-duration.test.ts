import { describe, expect, it } from 'vitest';
import { parseDuration } from '../src/model/parse-duration';
import { formatDuration } from '../src/model/format-duration';

describe('parseDuration', () => {
  it.each([
    ['7 days', 'P7D'],
    ['2 weeks', 'P2W'],
    ['12 hours', 'PT12H'],
    ['1 month', 'P1M'],
    ['7天', 'P7D'],
    ['7 天', 'P7D'],
    ['2 周', 'P2W'],
    ['3 個月', 'P3M'],
    ['12小时', 'PT12H'],
    ['1 day 12 hours', 'P1DT12H'],
    ['1 day, 12 hours', 'P1DT12H'],
    ['1天12小时', 'P1DT12H'],
    ['1 year', 'P1Y'],
    ['P7D', 'P7D'],
    ['pt12h', 'PT12H'],
    ['  7   Days ', 'P7D'],
  ])('reads "%s" as %s', (text, iso) => {
    const result = parseDuration(text);
    expect(result).toMatchObject({ ok: true, iso });
  });

  it.each([
    ['', { code: 'empty' }],
    ['days', { code: 'number_expected', at: 'days' }],
    ['7 dayz', { code: 'unknown_unit', at: 'dayz' }],
    ['1 day 2 days', { code: 'unit_twice', unit: 'day' }],
    ['0 天', { code: 'zero' }],
  ])('says why "%s" is not a duration by a code and what the message needs, for the designer to word', (text, problem) => {
    expect(parseDuration(text)).toMatchObject({ ok: false, problem });
  });

  it.each([
    ['', 'empty'],
    ['days', 'expected a number'],
    ['7 dayz', 'unknown unit'],
    ['7', 'unknown unit'],
    ['0 days', 'longer than zero'],
    ['1 day 2 days', 'given twice'],
  ])('refuses "%s" saying %s', (text, message) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('formatDuration', () => {
  it.each([
    ['P7D', 'en', '7 days'],
    ['P1D', 'en', '1 day'],
    ['P2W', 'en', '2 weeks'],
    ['PT12H', 'en', '12 hours'],
    ['P1M', 'en', '1 month'],
    ['P1DT12H', 'en', '1 day, 12 hours'],
    ['P7D', 'zh-Hans', '7天'],
    ['P2W', 'zh-Hans', '2周'],
    ['PT12H', 'zh-Hans', '12小时'],
    ['P1M', 'zh-Hans', '1个月'],
    ['P7D', 'zh-Hant', '7 天'],
    ['PT12H', 'zh-Hant', '12 小時'],
  ])('writes %s in %s as "%s"', (iso, locale, words) => {
    expect(formatDuration({ iso, locale })).toBe(words);
  });

  it('writes the short form used on timer badges', () => {
    expect(formatDuration({ iso: 'P7D', locale: 'en', style: 'narrow' })).toBe('7d');
  });

  it.each(['en', 'zh-Hans', 'zh-Hant'])('reads back what it writes in %s', (locale) => {
    for (const iso of ['P7D', 'P2W', 'PT12H', 'P1M', 'P1Y', 'P1DT12H', 'P3M']) {
      expect(parseDuration(formatDuration({ iso, locale }))).toMatchObject({ ok: true, iso });
    }
  });

  it('returns text that is not an ISO duration unchanged', () => {
    expect(formatDuration({ iso: 'soon', locale: 'en' })).toBe('soon');
  });
});
