import type { Instant } from '../record';

/** A half-open time window [from, to) in epoch milliseconds. */
export interface MetricsPeriod {
  from: Instant;
  to: Instant;
}

/**
 * Whether an instant falls in the half-open period [from, to).
 * @example inPeriod(5, { from: 0, to: 5 }) // → false
 */
export function inPeriod(at: Instant, period: MetricsPeriod): boolean {
  return at >= period.from && at < period.to;
}
