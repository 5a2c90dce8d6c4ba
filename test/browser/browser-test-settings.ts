import { join } from 'node:path';
import { REPOSITORY_ROOT } from './start-funnel-for-browser';

/** Where the browser tests write a screenshot of every step and screen (artifacts/ is not committed). */
export const SCREENSHOTS = join(REPOSITORY_ROOT, 'artifacts', 'screenshots');

/** Long enough for the api's debounced validation and a chart render on a busy 2-core machine. */
export const UI_TIMEOUT_MS = 15_000;

export const DAY_MS = 24 * 60 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;

/**
 * When a one-week timer must start for its deadline to fall on tomorrow's date in UTC (the zone the tests' people work
 * in) a day and a bit after `now`, and be warned of a day before: 26 hours on, or 23½ hours on from 22:00 UTC, when 26
 * would land on the day after tomorrow — so "back to the pool tomorrow" holds whatever the hour the tests run at.
 * @example startForDeadlineTomorrow(Date.parse('2026-12-07T10:00:00Z')) + 7 * DAY_MS // → Date.parse('2026-12-08T12:00:00Z')
 */
export function startForDeadlineTomorrow(now: number): number {
  const deadline = new Date(now).getUTCHours() < 22 ? now + 26 * HOUR_MS : now + 23.5 * HOUR_MS;
  return deadline - 7 * DAY_MS;
}
