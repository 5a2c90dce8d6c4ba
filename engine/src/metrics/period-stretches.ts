import type { MetricsPeriod } from './period';
import { DAY_MS, dayOf } from './segment-summary';

/**
 * How a period splits into summaries: a partial first day (when it starts mid-day), whole UTC days, and a partial
 * last day (when it ends mid-day). `periodStartDay` is what the whole days and the last day may refer back to as
 * inside the period: the first day, unless that day is partial (its references are the corrections' to sort out).
 * @example periodStretches({ from: Date.UTC(2026, 0, 1, 12), to: Date.UTC(2026, 0, 4) })
 *   // → { startEdge: { from: …01T12:00, to: …02T00:00 }, days: { first: 20455, last: 20456 }, periodStartDay: 20455 }
 */
export interface PeriodStretches {
  startEdge?: MetricsPeriod;
  /** Whole days, first to last inclusive; absent when the period holds none. */
  days?: { first: number; last: number };
  endEdge?: MetricsPeriod;
  periodStartDay: number;
  /** The day `startEdge` starts in (its own references to it are inside the period). */
  startDay: number;
}

/**
 * Splits a period into its partial first day, whole UTC days and partial last day.
 * @example periodStretches({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) }).days // → { first: 20454, last: 20484 }
 */
export function periodStretches(period: MetricsPeriod): PeriodStretches {
  const startDay = dayOf(period.from);
  const aligned = period.from === startDay * DAY_MS;
  const firstWhole = aligned ? startDay : startDay + 1;
  const lastWhole = dayOf(period.to) - 1;
  const stretches: PeriodStretches = { periodStartDay: firstWhole, startDay };
  if (!aligned) stretches.startEdge = { from: period.from, to: Math.min(firstWhole * DAY_MS, period.to) };
  if (firstWhole <= lastWhole) stretches.days = { first: firstWhole, last: lastWhole };
  const endStart = Math.max(dayOf(period.to) * DAY_MS, firstWhole * DAY_MS);
  if (endStart < period.to) stretches.endEdge = { from: endStart, to: period.to };
  return stretches;
}
