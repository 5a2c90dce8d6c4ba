import { resolveCursorConnection } from '@pothos/plugin-relay';
import { ValidationFailedError } from '../errors';
import type { EventDoc } from '../models/event';
import { eventFeedPage } from '../services/event-feed';
import { builder } from './builder';
import { eventCursor, eventPosition } from './event-cursor';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './id-cursor-page';
import { RecordEventRef } from './record-event';

const EventsConnection = builder.connectionObject(
  {
    type: RecordEventRef,
    name: 'QueryEventsConnection',
    description: "A page of the tenant's event feed; endCursor is the last event's cursor, or the `after` given when the page is empty.",
  },
  { name: 'QueryEventsConnectionEdge' },
);

/** `first` as asked (the connection caps it), or ValidationFailed at /first when it is negative. */
function pageSize(first: number | null | undefined): number | undefined {
  if (first == null) return undefined;
  if (first < 0) throw new ValidationFailedError([{ severity: 'error', code: 'range', pointer: '/first', message: 'first must be 0 or more' }]);
  return first;
}

builder.queryField('events', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: EventsConnection,
    description:
      "The tenant's event log as a feed an app reads to catch up: in the order events became visible in the log, each event " +
      'only once it is `FUNNEL_EVENT_FEED_SETTLE_MS` old (2 s), so none can appear behind a cursor already passed. Pass ' +
      'the last endCursor as `after` to go on; `types` keeps events of those types (docs/api.md "The event feed").',
    args: {
      after: t.arg.string(),
      types: t.arg.stringList({ description: 'Event types (RecordEvent.type: record_created, transitioned, …); events of any of them. Left out: every type.' }),
      first: t.arg.int({ description: 'How many (20 when left out, at most 100).' }),
    },
    resolve: (_root, args, ctx) => {
      const feed = {
        tenantId: ctx.viewer.tenantId,
        after: args.after ? eventPosition({ cursor: args.after, pointer: '/after' }) : null,
        types: args.types ?? null,
      };
      return resolveCursorConnection<Promise<EventDoc[]>>(
        { args: { after: args.after, first: pageSize(args.first) }, toCursor: eventCursor, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
        ({ limit }) => eventFeedPage(ctx.services, { ...feed, limit }),
      );
    },
  }),
);
