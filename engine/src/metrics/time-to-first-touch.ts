import type { FunnelEvent, FunnelRecord, Instant } from '../record';
import { summarizeDurations, type DurationSummary } from './duration-summary';
import { isTouch } from './is-touch';
import { inPeriod, type MetricsPeriod } from './period';

/** Created → first touch (ms), and how many records created in the period had no touch before its end. */
export type FirstTouchSummary = DurationSummary & { untouched: number };

/**
 * Time to first touch for the records created in the period: the first `activity_logged` touch (a call,
 * an outbound email or a meeting) at or after creation and before the period's end.
 * @example timeToFirstTouch({ records, events, period }) // → { count: 8, median: 3600000, p90: 86400000, untouched: 2 }
 */
export function timeToFirstTouch(input: { records: readonly FunnelRecord[]; events: readonly FunnelEvent[]; period: MetricsPeriod }): FirstTouchSummary {
  const created = input.records.filter((r) => inPeriod(r.createdAt, input.period));
  const createdAt = new Map(created.map((r) => [r.id, r.createdAt]));
  const firstTouch = new Map<string, Instant>();
  for (const e of input.events) {
    if (e.type !== 'activity_logged' || !isTouch(e.activity) || e.at >= input.period.to) continue;
    const start = createdAt.get(e.recordId);
    if (start === undefined || e.at < start) continue;
    const seen = firstTouch.get(e.recordId);
    if (seen === undefined || e.at < seen) firstTouch.set(e.recordId, e.at);
  }
  const delays = created.flatMap((r) => {
    const at = firstTouch.get(r.id);
    return at === undefined ? [] : [at - r.createdAt];
  });
  return { ...summarizeDurations(delays), untouched: created.length - delays.length };
}
