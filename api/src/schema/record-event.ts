import type { EventDoc } from '../models/event';
import { eventActor } from '../services/event-actor';
import { ActorRef } from './actor';
import { builder } from './builder';
import { eventCursor } from './event-cursor';

/** A field of an event variant, or null when the variant has none. */
function pick<K extends string>(event: EventDoc, key: K): unknown {
  return key in event ? (event as unknown as Record<K, unknown>)[key] : null;
}

export const RecordEventRef = builder.objectRef<EventDoc>('RecordEvent').implement({
  description: 'One entry of the event log: what happened to a record, who did it, when, and why.',
  fields: (t) => ({
    id: t.exposeID('_id'),
    recordId: t.exposeID('recordId'),
    workflowKey: t.exposeString('workflowKey'),
    type: t.exposeString('type'),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    actorId: t.exposeID('actor', {
      description: "The actor as logged: a user's id, or a system actor's (system:timer, …; 'system' in events logged before kinds).",
    }),
    actor: t.field({
      type: ActorRef,
      nullable: true,
      description: 'Who acted: a user of the tenant (deactivated ones too) or Funnel itself; null when actorId names no user of the tenant.',
      resolve: (event, _args, ctx) => eventActor(event, ctx.users),
    }),
    version: t.exposeInt('version', { description: 'The record version this change produced.' }),
    from: t.string({ nullable: true, resolve: (e) => pick(e, 'from') as string | null }),
    to: t.string({ nullable: true, resolve: (e) => pick(e, 'to') as string | null }),
    transition: t.string({ nullable: true, resolve: (e) => pick(e, 'transition') as string | null }),
    reason: t.string({ nullable: true, resolve: (e) => (pick(e, 'reason') as string | undefined) ?? null }),
    cause: t.string({ nullable: true, resolve: (e) => pick(e, 'cause') as string | null }),
    timer: t.string({ nullable: true, resolve: (e) => pick(e, 'timer') as string | null }),
    rule: t.string({
      nullable: true,
      description: 'The rule behind it: the stage rule that fired a transition (cause rule), or the assignment rule that routed a record (assigned).',
      resolve: (e) => (pick(e, 'rule') as string | null | undefined) ?? null,
    }),
    strategy: t.string({
      nullable: true,
      description: "For `assigned` by a team's rule: round_robin, weighted_round_robin or least_loaded.",
      resolve: (e) => (pick(e, 'strategy') as string | null | undefined) ?? null,
    }),
    cursor: t.string({
      description:
        'Where this event stands in the event feed, for `events(after:)` or `recordEvents(after:)`. Events logged before ' +
        "cursors existed (or shown by a history before they are logged) stand at the feed's start: resuming from one " +
        'repeats, never misses.',
      resolve: (e) => eventCursor(e),
    }),
    detail: t.field({
      type: 'JSON',
      description: 'The engine event as logged.',
      resolve: ({ _id, tenantId, seq, loggedAt, pipelineChange, ...event }) => event,
    }),
  }),
});
