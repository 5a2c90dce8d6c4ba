import type { FunnelEvent } from '@funnel/engine';
import type { EventDoc } from '../models/event';

/** The version of every webhook payload's shape (docs/webhooks.md); a change that breaks receivers raises it. */
const WEBHOOK_PAYLOAD_VERSION = 1;

/** What an event is called to apps, by the event log's type; log types not named here are not sent. */
const WEBHOOK_TYPE_OF = {
  record_created: 'record.created',
  fields_updated: 'record.updated',
  transitioned: 'record.transitioned',
  timer_fired: 'record.recycled',
  claimed: 'record.claimed',
  released: 'record.released',
  owner_changed: 'record.assigned',
  assigned: 'record.assigned',
  activity_logged: 'activity.logged',
  extension_requested: 'extension.requested',
  extension_decided: 'extension.decided',
  timer_warned: 'timer.warned',
  follow_up_set: 'follow_up.set',
  follow_up_due: 'follow_up.due',
  approval_requested: 'approval.requested',
  approval_decided: 'approval.decided',
  probability_set: 'record.probability_set',
} as const satisfies Partial<Record<FunnelEvent['type'], string>>;

/** The event types an endpoint may ask for (docs/webhooks.md). */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [...new Set(Object.values(WEBHOOK_TYPE_OF))];

/**
 * The webhook type of a logged event, or null when apps are not sent it.
 * @example webhookTypeOf({ type: 'transitioned' }) // → 'record.transitioned'
 */
export function webhookTypeOf(event: Pick<FunnelEvent, 'type'>): string | null {
  return (WEBHOOK_TYPE_OF as Partial<Record<string, string>>)[event.type] ?? null;
}

/** How a transition came about, as apps read it: `user` where the log says `actor`. */
const CAUSE = { actor: 'user', timer: 'timer', rule: 'rule', claim: 'claim', release: 'release', nurture: 'nurture' } as const;

/** The facts of one event type beyond those every event has. */
function details(event: FunnelEvent): Record<string, unknown> {
  switch (event.type) {
    case 'record_created':
      return { stage: event.stage, pipeline: event.pipeline ?? null };
    case 'fields_updated':
      return { changed: event.changed };
    case 'transitioned':
      return { transition: event.transition, from: event.from, to: event.to, cause: CAUSE[event.cause], reason: event.reason ?? null };
    case 'timer_fired':
      return { timer: event.timer, transition: event.transition };
    case 'claimed':
      return { from: event.from, to: event.to };
    // Both say who owns the record now; `assigned` also says which rule and strategy chose them, or why a person did.
    case 'owner_changed':
      return { from: event.from, to: event.to, rule: null, strategy: null, reason: null };
    case 'assigned':
      return { from: event.from, to: event.to, rule: event.rule, strategy: event.strategy, reason: event.reason ?? null };
    case 'released':
      return { reason: event.reason ?? null, previousOwner: event.previousOwner };
    case 'activity_logged':
      return { activity: event.activity };
    case 'extension_requested':
      return { timer: event.timer };
    case 'extension_decided':
      return { timer: event.timer, approved: event.approved, dueAt: new Date(event.dueAt).toISOString() };
    case 'timer_warned':
      return { timer: event.timer, dueAt: new Date(event.dueAt).toISOString() };
    case 'follow_up_set':
      return { followUpAt: event.followUpAt === null ? null : new Date(event.followUpAt).toISOString(), note: event.note ?? null };
    case 'follow_up_due':
      return { followUpAt: new Date(event.followUpAt).toISOString(), note: event.note ?? null };
    case 'approval_requested':
      return { transition: event.transition, note: event.note ?? null };
    case 'approval_decided':
      return { transition: event.transition, approved: event.approved, requestedBy: event.requestedBy, reason: event.reason ?? null };
    case 'probability_set':
      return { from: event.from, to: event.to, reason: event.reason };
    default:
      return {};
  }
}

/**
 * The JSON body an endpoint receives for one event (docs/webhooks.md): the same bytes on every attempt.
 * @example webhookBody(eventDoc) // → '{"id":"r1:0000000002:0000","type":"record.transitioned","version":1,…}'
 */
export function webhookBody(event: EventDoc): string {
  const type = webhookTypeOf(event);
  return JSON.stringify({
    id: event._id,
    type,
    version: WEBHOOK_PAYLOAD_VERSION,
    timestamp: new Date(event.at).toISOString(),
    data: {
      workflowKey: event.workflowKey,
      recordId: event.recordId,
      recordVersion: event.version,
      actor: event.actor,
      at: new Date(event.at).toISOString(),
      ...details(event),
    },
  });
}
