import { describe, expect, it } from 'vitest';
import { apiConfig, limitsFromEnv } from '../src/config';
import { keepParsedTexts, parsedTexts } from '../src/metrics/parsed-texts';
import type { Models } from '../src/models/models';

/** A text whose parse is estimated at about 400 KB of heap (5 bytes a character). */
const TEXT = JSON.stringify({ filler: 'x'.repeat(80_000) });

describe('parsed texts of the reports', () => {
  it('keeps at most FUNNEL_REPORT_CACHE_MB of them in a process, the least recently used out first', () => {
    const config = apiConfig(limitsFromEnv({ FUNNEL_REPORT_CACHE_MB: '1' }));
    expect(config.reportCacheMb).toBe(1);
    expect(apiConfig({}).reportCacheMb).toBe(256);
    const models = {} as Models;
    keepParsedTexts(models, { megabytes: config.reportCacheMb });
    const texts = parsedTexts(models);
    texts.parse('a', TEXT);
    texts.parse('b', TEXT);
    expect(texts.get('a')).toEqual({ filler: expect.any(String) });
    // A third does not fit in 1 MB with the other two: b, read least recently, goes.
    texts.parse('c', TEXT);
    expect(texts.get('b')).toBeUndefined();
    expect(texts.get('a')).toBeDefined();
    expect(texts.get('c')).toBeDefined();
  });

  it('keeps 256 MB by default', () => {
    const texts = parsedTexts({} as Models);
    for (const key of ['a', 'b', 'c']) texts.parse(key, TEXT);
    for (const key of ['a', 'b', 'c']) expect(texts.get(key)).toBeDefined();
  });
});
