import { useTranslation } from 'react-i18next';
import { cachedNumberFormat } from '../../model/cached-intl';
import { useSession } from '../../session/useSession';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function dateFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(locale, format);
  }
  return format;
}

/** The calendar day a moment falls on in a time zone, as a count of days (to subtract one day from another). */
function calendarDay(at: number, timeZone: string): number {
  // en-CA writes the date as YYYY-MM-DD, which Date.parse reads as that day's UTC midnight.
  return Date.parse(dateFormat('en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at))) / DAY_MS;
}

/** Formats money, dates and times left in one locale and time zone. */
export interface WorkFormat {
  locale: string;
  timeZone: string;
  /** An amount with the locale's grouping: "12,500", "12,500.5". */
  money: (amount: number) => string;
  /** A count: "1,204". */
  count: (value: number) => string;
  /** A date and time in the person's time zone: "Dec 8, 2026, 09:00". */
  dateTime: (iso: string) => string;
  /** A day in the person's time zone: "Dec 8, 2026". */
  date: (iso: string) => string;
  /**
   * How far a moment is from `now`, in the largest whole unit: "tomorrow", "in 5 hours", "3 days ago", "明天". A day or
   * more away it counts calendar days in the person's time zone, so that "tomorrow" is the date after today's.
   */
  relative: (iso: string, now?: number) => string;
}

/**
 * The formats for a locale and time zone (the browser's Intl; built formats are cached).
 * @example workFormat('en', 'Europe/Paris').relative('2026-12-08T10:00:00Z', Date.parse('2026-12-07T10:00:00Z')) // → 'tomorrow'
 */
export function workFormat(locale: string, timeZone: string): WorkFormat {
  return {
    locale,
    timeZone,
    money: (amount) => cachedNumberFormat(locale, { maximumFractionDigits: 2 }).format(amount),
    count: (value) => cachedNumberFormat(locale, {}).format(value),
    dateTime: (iso) => dateFormat(locale, timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
    date: (iso) => dateFormat(locale, timeZone, { dateStyle: 'medium' }).format(new Date(iso)),
    relative: (iso, now = Date.now()) => {
      const delta = Date.parse(iso) - now;
      const size = Math.abs(delta);
      const format = relativeFormat(locale);
      const days = calendarDay(Date.parse(iso), timeZone) - calendarDay(now, timeZone);
      if (size >= DAY_MS && days !== 0) return format.format(days, 'day');
      if (size >= HOUR_MS) return format.format(Math.round(delta / HOUR_MS), 'hour');
      return format.format(Math.round(delta / MINUTE_MS), 'minute');
    },
  };
}

/** The signed-in person's formats: the app's language and their own time zone (the browser's for an API key). */
export function useWorkFormat(): WorkFormat {
  const { i18n } = useTranslation();
  const timeZone = useSession((state) => state.me?.user.timeZone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return workFormat(i18n.language, timeZone);
}
