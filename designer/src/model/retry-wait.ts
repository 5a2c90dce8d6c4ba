import { cachedNumberFormat } from './cached-intl';

const SECOND_MS = 1000;
/** Up to two minutes a wait is said in seconds, up to two hours in minutes, then in hours (as the api's own message does). */
const SECONDS_UNTIL = 120;
const MINUTES_UNTIL = 120;

/**
 * When to try again after the api throttled sign-in attempts, in the locale's words: how long (rounded up) and the
 * time on the clock.
 * @example retryWait({ retryAfterMs: 840_000, locale: 'en', now: Date.parse('2026-01-05T09:00:00Z'), timeZone: 'UTC' }) // → { wait: '14 minutes', time: '9:14 AM' }
 */
export function retryWait(input: { retryAfterMs: number; locale: string; now: number; timeZone?: string }): { wait: string; time: string } {
  const seconds = Math.max(1, Math.ceil(input.retryAfterMs / SECOND_MS));
  const minutes = Math.ceil(seconds / 60);
  const [value, unit] = seconds < SECONDS_UNTIL ? [seconds, 'second'] : minutes < MINUTES_UNTIL ? [minutes, 'minute'] : [Math.ceil(minutes / 60), 'hour'];
  const wait = cachedNumberFormat(input.locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  const at = new Date(input.now + seconds * SECOND_MS);
  const time = new Intl.DateTimeFormat(input.locale, { timeStyle: 'short', ...(input.timeZone ? { timeZone: input.timeZone } : {}) }).format(at);
  return { wait, time };
}
