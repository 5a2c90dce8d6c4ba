import { DateTime } from 'luxon';
import type { Locale } from '../accounts/account-settings';

/** The offset after a time, as each language sets a parenthesis: "(UTC+1)" in English, "（UTC+8）" in Chinese. */
const OFFSET: Readonly<Record<Locale, (offset: string) => string>> = {
  en: (offset) => ` (${offset})`,
  'zh-Hans': (offset) => `（${offset}）`,
  'zh-Hant': (offset) => `（${offset}）`,
};

/**
 * A moment as a mail says it: the date with its weekday and the time, in the recipient's language and time zone,
 * followed by that zone's offset then, so a reader elsewhere (or on another continent next week) can tell the hour.
 * @example mailTime({ at: new Date('2026-03-10T16:00:00Z'), locale: 'en', timeZone: 'Europe/Berlin' }) // → 'Tue, Mar 10, 2026, 5:00 PM (UTC+1)'
 */
export function mailTime({ at, locale, timeZone }: { at: Date; locale: Locale; timeZone: string }): string {
  const local = DateTime.fromJSDate(at).setZone(timeZone).setLocale(locale);
  if (!local.isValid) throw new Error(`mailTime: "${timeZone}" is not an IANA time zone (${local.invalidExplanation ?? local.invalidReason})`);
  return `${local.toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY)}${OFFSET[locale](`UTC${local.toFormat('Z')}`)}`;
}
