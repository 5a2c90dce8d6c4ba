import { cachedListFormat, cachedNumberFormat } from './cached-intl';
import { DURATION_UNITS, parseIsoDuration } from './parse-duration';

export type DurationStyle = 'long' | 'narrow';

/**
 * Writes an ISO-8601 duration in words for a locale, with the browser's Intl
 * (so "7 days", "7天", "2 weeks", "1 day, 12 hours"); unknown input is returned as is.
 * @example formatDuration({ iso: 'P7D', locale: 'en' }) // → '7 days'
 */
export function formatDuration({ iso, locale, style = 'long' }: { iso: string; locale: string; style?: DurationStyle }): string {
  const parts = parseIsoDuration(iso);
  if (!parts) return iso;
  const words = DURATION_UNITS.flatMap((unit) => {
    const value = parts[unit];
    if (!value) return [];
    return [cachedNumberFormat(locale, { style: 'unit', unit, unitDisplay: style }).format(value)];
  });
  if (words.length === 0) return cachedNumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: style }).format(0);
  return cachedListFormat(locale, { style: style === 'narrow' ? 'narrow' : 'short', type: 'unit' }).format(words);
}
