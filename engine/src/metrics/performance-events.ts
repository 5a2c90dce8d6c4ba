import type { FunnelEvent, FunnelRecord } from '../record';

/**
 * The events that count for performance metrics: events flagged `excludedFromPerformance` are left out,
 * and so is every event of a record flagged `excludedFromPerformance` (e.g. an MQL sales returned to marketing).
 * @example performanceEvents({ records: [{ ...r, id: 'r1', excludedFromPerformance: true }], events }) // → events without r1's
 */
export function performanceEvents(input: { records: readonly FunnelRecord[]; events: readonly FunnelEvent[] }): FunnelEvent[] {
  const excluded = new Set(input.records.filter((r) => r.excludedFromPerformance).map((r) => r.id));
  return input.events.filter((e) => !excluded.has(e.recordId) && !(e.type === 'transitioned' && e.excludedFromPerformance));
}
