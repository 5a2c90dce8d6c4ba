import { deepFreeze } from '@funnel/schemas';
import { LRUCache } from 'lru-cache';
import type { Models } from '../models/models';

/**
 * Heap a parsed text takes per character of its JSON, about: measured 4.7–5.3 for day summaries (many small objects
 * with numeric keys, frozen).
 */
const HEAP_BYTES_PER_TEXT_CHAR = 5;
/**
 * What an api process keeps parsed, at most, estimated as heap, unless `keepParsedTexts` says otherwise (the api's
 * `reportCacheMb`): 256 MB. With 200,000 records a year of one workflow's day summaries is 4.4 MB of text (about 22 MB
 * parsed), their slices 36 MB (about 180 MB), its won months 4.1 MB.
 */
const DEFAULT_PARSED_HEAP_BYTES = 256 * 1024 * 1024;
const MB = 1024 * 1024;

/** A parsed text, frozen, with the length of the text it came from. */
interface ParsedText {
  value: unknown;
  textLength: number;
}

const cachesByModels = new WeakMap<Models, LRUCache<string, ParsedText>>();

const newCache = (maxBytes: number) =>
  new LRUCache<string, ParsedText>({
    maxSize: maxBytes,
    sizeCalculation: (entry) => Math.max(1, entry.textLength * HEAP_BYTES_PER_TEXT_CHAR),
  });

/**
 * Sets how much heap this api's parsed texts may take (`megabytes`), dropping what it kept: called once as the api's
 * services are made (FUNNEL_REPORT_CACHE_MB).
 * @example keepParsedTexts(models, { megabytes: 64 })
 */
export function keepParsedTexts(models: Models, input: { megabytes: number }): void {
  cachesByModels.set(models, newCache(input.megabytes * MB));
}

/**
 * Parsed JSON texts of stored documents (day summaries and slices, the pipeline's won rows by month), kept per api
 * (per `Models`), least recently used first out, by a key that names one version of a text: a report reads hundreds of
 * them, and a version does not change once written (docs/decisions.md 43). What it returns is frozen all the way down
 * and shared by every reader: one that wrote into it would throw, not change another's report.
 * @example const texts = parsedTexts(models); texts.get(key) ?? texts.parse(key, doc.summary)
 */
export function parsedTexts(models: Models): { get(key: string): unknown; parse(key: string, text: string): unknown } {
  let cache = cachesByModels.get(models);
  if (!cache) {
    cache = newCache(DEFAULT_PARSED_HEAP_BYTES);
    cachesByModels.set(models, cache);
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
