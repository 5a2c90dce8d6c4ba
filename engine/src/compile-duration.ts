import { DateTime, Duration } from 'luxon';
import type { Instant } from './record';

/** An ISO-8601 duration ready to add: fixed lengths as milliseconds, calendar ones (Y, M) through luxon in UTC. */
export interface CompiledDuration {
  iso: string;
  /** Milliseconds when the duration has no years or months (a day counts 24 hours); null otherwise. */
  fixedMs: number | null;
  addTo(instant: Instant): Instant;
  subtractFrom(instant: Instant): Instant;
}

/**
 * Compiles an ISO-8601 duration once, so that adding it on the hot path is an addition.
 * @example compileDuration('P7D').addTo(0) // → 604800000
 */
export function compileDuration(iso: string): CompiledDuration {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) throw new Error(`"${iso}" is not an ISO-8601 duration`);
  if (duration.years === 0 && duration.months === 0 && duration.quarters === 0) {
    const fixedMs = duration.as('milliseconds');
    return { iso, fixedMs, addTo: (t) => t + fixedMs, subtractFrom: (t) => t - fixedMs };
  }
  return {
    iso,
    fixedMs: null,
    addTo: (t) => DateTime.fromMillis(t, { zone: 'utc' }).plus(duration).toMillis(),
    subtractFrom: (t) => DateTime.fromMillis(t, { zone: 'utc' }).minus(duration).toMillis(),
  };
}
