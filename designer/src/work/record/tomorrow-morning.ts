import { toDateTimeInput } from '../fields/field-input-type';

/** The hour a follow-up "tomorrow" is set for, in the person's local time. */
const FOLLOW_UP_HOUR = 9;

/**
 * Nine o'clock tomorrow, local time, as a datetime-local input holds it.
 * @example tomorrowMorning(new Date('2026-12-07T15:20')) // → '2026-12-08T09:00'
 */
export function tomorrowMorning(now: Date): string {
  return toDateTimeInput(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, FOLLOW_UP_HOUR).toISOString());
}
