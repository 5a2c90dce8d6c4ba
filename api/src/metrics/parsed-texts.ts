import { deepFreeze } from '@funnel/schemas';
import { LRUCache } from 'lru-cache';
import type { Models } from '../models/models';

/** A parsed text, frozen, with the length of the text it came from (what the cache's bound counts). */
interface ParsedText {
  value: unknown;
  textLength: number;
}

const cachesByModels = new WeakMap<Models, Map<string, LRUCache<string, ParsedText>>>();

/**
 * Parsed JSON texts of stored documents (day summaries, the pipeline's won rows by month), kept per api (per `Models`)
 * by a key that names one version of a text: a report reads hundreds of them, and a version does not change once
 * written. Each kind of text has its cache, bounded by the texts' length (about what the parsed objects take). What it
 * returns is frozen all the way down and shared by every reader: one that wrote into it would throw, not change
 * another's report (docs/decisions.md 43).
 * @example const texts = parsedTexts(models, 'metricDays', 64 * 1024 * 1024); texts.parse(key, doc.summary)
 */
export function parsedTexts(models: Models, kind: string, maxTextLength: number): { get(key: string): unknown; parse(key: string, text: string): unknown } {
  let caches = cachesByModels.get(models);
  if (!caches) {
    caches = new Map();
    cachesByModels.set(models, caches);
  }
  let cache = caches.get(kind);
  if (!cache) {
    cache = new LRUCache<string, ParsedText>({ maxSize: maxTextLength, sizeCalculation: (entry) => Math.max(1, entry.textLength) });
    caches.set(kind, cache);
  }
  const kept = cache;
  return {
    get: (key) => kept.get(key)?.value,
    parse: (key, text) => {
      const value = deepFreeze(JSON.parse(text) as unknown);
      kept.set(key, { value, textLength: text.length });
      return value;
    },
  };
}
