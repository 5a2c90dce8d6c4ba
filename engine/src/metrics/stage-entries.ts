import type { FunnelEvent, Instant } from '../record';

/** A record entering a stage: by being created there or by a transition into it. */
export interface StageEntry {
  recordId: string;
  stage: string;
  at: Instant;
}

/**
 * Every stage entry the events show, in event order: `record_created` enters its stage, `transitioned` enters `to`.
 * @example stageEntries([{ type: 'record_created', recordId: 'r1', stage: 'lead', at: 0, actor: 'u1' }])
 *   // → [{ recordId: 'r1', stage: 'lead', at: 0 }]
 */
export function stageEntries(events: readonly FunnelEvent[]): StageEntry[] {
  return events.flatMap((event): StageEntry[] => {
    if (event.type === 'record_created') return [{ recordId: event.recordId, stage: event.stage, at: event.at }];
    if (event.type === 'transitioned') return [{ recordId: event.recordId, stage: event.to, at: event.at }];
    return [];
  });
}
