import type { Outcome, WorkflowDefinition } from '@funnel/schemas';
import type { FunnelEvent, Instant } from '../record';
import { chronological } from './chronological';
import { stageOutcomes } from './stage-outcomes';

/** How a record closed in the events given: its last closing transition's outcome, and when it was first won. */
export interface ClosingOutcome {
  outcome: Outcome;
  closedAt: Instant;
  firstWonAt?: Instant;
  /** The last closing transition: the one that decides. */
  event: FunnelEvent;
}

/**
 * Per record, the outcome of its last transition into a won or lost stage among the events (so a deal
 * reopened and closed again counts once), and the time of its first win.
 * @example closingOutcomes({ definition, events }).get('r1') // → { outcome: 'won', closedAt: 1700000000000, firstWonAt: 1700000000000, event }
 */
export function closingOutcomes(input: { definition: WorkflowDefinition; events: readonly FunnelEvent[] }): Map<string, ClosingOutcome> {
  const outcomeOf = stageOutcomes(input.definition);
  const closing = new Map<string, ClosingOutcome>();
  for (const event of chronological(input.events)) {
    if (event.type !== 'transitioned') continue;
    const outcome = outcomeOf.get(event.to);
    if (!outcome) continue;
    const firstWonAt = closing.get(event.recordId)?.firstWonAt ?? (outcome === 'won' ? event.at : undefined);
    closing.set(event.recordId, firstWonAt === undefined ? { outcome, closedAt: event.at, event } : { outcome, closedAt: event.at, firstWonAt, event });
  }
  return closing;
}
