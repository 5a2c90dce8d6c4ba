import { EVENT_TYPES } from '@funnel/engine';
import { ValidationFailedError } from '../errors';
import type { EventDoc } from '../models/event';
import type { Services } from './services';

/**
 * A place in a tenant's event feed: after the event `id` that became visible at `loggedAt`. Events logged before
 * stamps stand at the epoch (`loggedAt` 0), in id order; `id` '' is before every event of its instant.
 */
export interface FeedPosition {
  loggedAt: number;
  id: string;
}

/** The feed's order, along its index `{ tenantId, loggedAt, _id }`: events without a stamp sort first, as null does. */
export const FEED_ORDER = { loggedAt: 1, _id: 1 } as const;
/** Where the feed starts: before the first of the events logged before stamps. */
const FEED_START: FeedPosition = { loggedAt: 0, id: '' };
/** Events a replay reads from the log per query. */
const REPLAY_PAGE_EVENTS = 500;

/**
 * Where an event stands in the feed: its stamp and id, or the epoch for an event logged before stamps (or not yet
 * logged: a history shows such events from their record's outbox).
 * @example positionOf({ _id: 'r1:0000000002:0000', loggedAt: 1767603600000, … }) // → { loggedAt: 1767603600000, id: 'r1:0000000002:0000' }
 */
export function positionOf(event: Pick<EventDoc, '_id' | 'loggedAt'>): FeedPosition {
  return { loggedAt: event.loggedAt ?? 0, id: event._id };
}

/**
 * The filter of a tenant's events after `after` and stamped no later than `through`. Events without a stamp are a
 * branch of their own (`$exists: false`), which only a position at the epoch reaches, rather than a computed stamp
 * (`$expr` with `$ifNull`): neither MongoDB nor the embedded store's planner bounds an index scan by an expression,
 * so every page would read the tenant's whole log. From a stamped position the filter is a range of `loggedAt`, which
 * both walk along the feed's index in the feed's order.
 * @example await models.Event.find(feedFilter({ tenantId, after, through: Date.now(), types: null })).sort(FEED_ORDER).limit(100)
 */
export function feedFilter(input: { tenantId: string; after: FeedPosition; through: number; types: readonly string[] | null }): Record<string, unknown> {
  const { tenantId, after, through, types } = input;
  const query: Record<string, unknown> = { tenantId, ...(types ? { type: { $in: types } } : {}) };
  if (after.loggedAt === 0) {
    query.$or = [{ loggedAt: { $exists: false }, _id: { $gt: after.id } }, { loggedAt: { $lte: through } }];
  } else {
    query.loggedAt = { $gte: after.loggedAt, $lte: through };
    query.$or = [{ loggedAt: { $gt: after.loggedAt } }, { _id: { $gt: after.id } }];
  }
  return query;
}

/** The event types asked for, or ValidationFailed naming each that is not one (`/types/<n>`), or an empty list (`/types`). */
function checkedTypes(types: readonly string[] | null): readonly string[] | null {
  if (types === null) return null;
  if (types.length === 0) {
    throw new ValidationFailedError([
      { severity: 'error', code: 'required', pointer: '/types', message: 'name at least one event type, or leave types out for events of every type' },
    ]);
  }
  const known = new Set<string>(EVENT_TYPES);
  const unknown = types.flatMap((type, i) => (known.has(type) ? [] : [{ type, i }]));
  if (unknown.length === 0) return types;
  throw new ValidationFailedError(
    unknown.map(({ type, i }) => ({
      severity: 'error' as const,
      code: 'unknown_event_type',
      pointer: `/types/${i}`,
      message: `"${type}" is not an event type; the event types are ${EVENT_TYPES.join(', ')}`,
    })),
  );
}

/**
 * Up to `limit` events of a tenant after `after` (from the start when null), of the `types` asked for (every type when
 * null), in the order they became visible in the log, showing only those stamped at least `eventFeedSettleMs` ago: an
 * insert still on its way in another process was stamped earlier than what a reader sees now, and lands within the
 * window (docs/decisions.md 33). Unknown types are refused before the store is asked.
 * @example await eventFeedPage(services, { tenantId, after: null, types: ['transitioned'], limit: 21 })
 */
export async function eventFeedPage(
  services: Pick<Services, 'models' | 'config'>,
  input: { tenantId: string; after: FeedPosition | null; types: readonly string[] | null; limit: number },
): Promise<EventDoc[]> {
  const types = checkedTypes(input.types);
  const through = Date.now() - services.config.eventFeedSettleMs;
  const query = feedFilter({ tenantId: input.tenantId, after: input.after ?? FEED_START, through, types });
  return (await services.models.Event.find(query).sort(FEED_ORDER).limit(input.limit).lean()) as EventDoc[];
}

/**
 * The events of one workflow of a tenant after `from`, stamped up to `through`, in feed order and without a settle
 * window (a replay before live events: what lands later comes live). Read a page at a time along the feed's index,
 * the workflow picked out here: asked of the store, it would lead the embedded store to its `workflowKey` index and
 * a sort of every event of the workflow.
 * @example for await (const event of workflowEventsFrom(services, { tenantId, workflowKey: 'deals', from, through: Date.now() })) …
 */
export async function* workflowEventsFrom(
  services: Pick<Services, 'models'>,
  input: { tenantId: string; workflowKey: string; from: FeedPosition; through: number },
): AsyncGenerator<EventDoc> {
  let after = input.from;
  for (;;) {
    const query = feedFilter({ tenantId: input.tenantId, after, through: input.through, types: null });
    const page = (await services.models.Event.find(query).sort(FEED_ORDER).limit(REPLAY_PAGE_EVENTS).lean()) as EventDoc[];
    for (const event of page) if (event.workflowKey === input.workflowKey) yield event;
    const last = page[page.length - 1];
    if (!last || page.length < REPLAY_PAGE_EVENTS) return;
    after = positionOf(last);
  }
}
