import { filter, pipe } from 'graphql-yoga';
import type { NotificationDoc } from '../models/notification';
import { notificationTopic } from '../services/delivery-fan-out';
import { counted, recordEventStream } from '../services/record-event-stream';
import { builder } from './builder';
import { eventPosition } from './event-cursor';
import { NotificationRef } from './notification';
import { RecordEventRef } from './record-event';

builder.subscriptionField('recordEvents', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordEventRef,
    description:
      "Live events of one workflow's records (server-sent events), written through any api process. On a " +
      'store without change streams (a standalone mongod), only those written through this one (see docs/api.md).',
    args: {
      workflowKey: t.arg.string({ required: true }),
      after: t.arg.string({
        description:
          "An event's cursor (from events or from this subscription) to resume from: first the events logged from one " +
          'settle window before it (FUNNEL_EVENT_FEED_SETTLE_MS), then live ones, with no gap and none twice. The window ' +
          'is there because a live event may be ahead of events another api process is still logging, so events seen ' +
          'before the cursor may come again: tell them by their ids, which never change.',
      }),
    },
    subscribe: (_root, { workflowKey, after }, ctx) => {
      const from = after ? eventPosition({ cursor: after, pointer: '/after' }) : null;
      return recordEventStream(ctx.services, { tenantId: ctx.viewer.tenantId, workflowKey, after: from });
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField('notificationAdded', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: NotificationRef,
    description: "The caller's notifications as they reach the inbox (server-sent events), whichever api process stored them.",
    subscribe: (_root, _args, ctx) => {
      const { tenantId, user } = ctx.viewer;
      return counted(
        ctx.services.notificationFeed.acquire(),
        pipe(
          ctx.services.pubsub.subscribe('notificationAdded', notificationTopic(tenantId, user._id)),
          filter((n: NotificationDoc) => n.tenantId === tenantId && n.userId === user._id),
        ),
      );
    },
    resolve: (n) => n,
  }),
);
