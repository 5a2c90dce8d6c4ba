import type { FunnelEvent, Instant } from '../record';
import { chronological } from './chronological';

/** A record entering a stage: by being created there or by a transition into it. */
export interface StageEntry {
  recordId: string;
  stage: string;
  at: Instant;
}

/**
 * Each record's first entry into each stage among the events (by time, ties in the order given), with its event.
 * @example firstEntries(events).map((e) => e.event.owner) // → the owner each record first entered each stage under
 */
export function firstEntries(events: readonly FunnelEvent[]): (StageEntry & { event: FunnelEvent })[] {
  const seen = new Set<string>();
  const first: (StageEntry & { event: FunnelEvent })[] = [];
  for (const event of chronological(events)) {
    const stage = event.type === 'record_created' ? event.stage : event.type === 'transitioned' ? event.to : undefined;
    const key = `${event.recordId}\u0000${stage}`;
    if (stage === undefined || seen.has(key)) continue;
    seen.add(key);
    first.push({ recordId: event.recordId, stage, at: event.at, event });
  }
  return first;
}
