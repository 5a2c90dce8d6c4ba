import type { FunnelEvent, FunnelRecord } from '../record';
import { chronological } from './chronological';

/** What the exclusions read of a record: whether it is flagged `excludedFromPerformance`. */
type FlaggedRecord = Pick<FunnelRecord, 'excludedFromPerformance'>;

/**
 * What performance metrics leave out (docs/metrics.md "Performance exclusions"): the events of every **excluded
 * passage** — a record's events from its latest entry into the stage a flagged transition left (a return to
 * marketing) up to that transition, both included, or from its first event when the events hold no such entry — and
 * the records left out **wholly**: flagged `excludedFromPerformance` while the events hold no flagged transition of
 * theirs (flagged by hand or by an import, not by a return).
 * @example performanceExclusions({ records, events }).wholly.has('r1') // → true when r1 is flagged and never returned
 */
export function performanceExclusions(input: { records: ReadonlyMap<string, FlaggedRecord>; events: readonly FunnelEvent[] }): {
  events: Set<FunnelEvent>;
  wholly: Set<string>;
} {
  const returned = new Set<string>();
  for (const e of input.events) if (e.type === 'transitioned' && e.excludedFromPerformance) returned.add(e.recordId);
  const wholly = new Set<string>();
  for (const [id, record] of input.records) if (record.excludedFromPerformance && !returned.has(id)) wholly.add(id);
  const excluded = new Set<FunnelEvent>();
  if (returned.size === 0) return { events: excluded, wholly };
  const histories = new Map<string, FunnelEvent[]>();
  for (const e of chronological(input.events)) {
    if (!returned.has(e.recordId)) continue;
    const history = histories.get(e.recordId);
    if (history) history.push(e);
    else histories.set(e.recordId, [e]);
  }
  for (const history of histories.values()) for (const e of passageEvents(history)) excluded.add(e);
  return { events: excluded, wholly };
}

/** The events of one record's excluded passages, from its history in time order. */
function passageEvents(history: readonly FunnelEvent[]): FunnelEvent[] {
  const passages: FunnelEvent[] = [];
  history.forEach((e, i) => {
    if (e.type !== 'transitioned' || !e.excludedFromPerformance) return;
    let start = i;
    while (start > 0 && !entersStage(history[start - 1] as FunnelEvent, e.from)) start--;
    // The entry into the stage it was returned from, when the history holds one; else its first event.
    passages.push(...history.slice(start > 0 ? start - 1 : 0, i + 1));
  });
  return passages;
}

function entersStage(e: FunnelEvent, stage: string): boolean {
  return (e.type === 'record_created' && e.stage === stage) || (e.type === 'transitioned' && e.to === stage);
}

/**
 * The events that count for performance metrics: every event but those of excluded passages and of records left out
 * wholly (`performanceExclusions`).
 * @example performanceEvents({ records, events }) // → events without r1's return to marketing and its SQL passage
 */
export function performanceEvents(input: { records: readonly FunnelRecord[]; events: readonly FunnelEvent[] }): FunnelEvent[] {
  const { events, wholly } = performanceExclusions({ records: new Map(input.records.map((r) => [r.id, r])), events: input.events });
  return input.events.filter((e) => !events.has(e) && !wholly.has(e.recordId));
}

/**
 * The records that count for performance: all but those left out wholly (`performanceExclusions`).
 * @example countedRecords({ records, events }) // → records without r1 when r1 is flagged and never returned
 */
export function countedRecords(input: { records: readonly FunnelRecord[]; events: readonly FunnelEvent[] }): FunnelRecord[] {
  const { wholly } = performanceExclusions({ records: new Map(input.records.map((r) => [r.id, r])), events: input.events });
  return input.records.filter((r) => !wholly.has(r.id));
}
