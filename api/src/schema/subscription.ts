import { pipe, filter } from 'graphql-yoga';
import type { EventDoc } from '../models/event';
import type { NotificationDoc } from '../models/notification';
import { notificationTopic } from '../services/delivery-fan-out';
import { recordEventsTopic } from '../services/record-events-topic';
import { builder } from './builder';
import { NotificationRef } from './notification';
import { RecordEventRef } from './record-event';

/**
 * The events, calling `release` once the subscriber leaves: when it returns or fails, or the events end
 * (an iterator, not a generator, so a subscriber that leaves before its first read is released too).
 */
function counted<T>(release: () => void, events: AsyncIterable<T>): AsyncIterableIterator<T> {
  const inner = events[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const result = await inner.next();
      if (result.done) release();
      return result;
    },
    async return(value?: unknown) {
      release();
      return (await inner.return?.(value)) ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      release();
      if (inner.throw) return inner.throw(error);
      throw error;
    },
  };
}

builder.subscriptionField('recordEvents', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordEventRef,
    description:
      "Live events of one workflow's records (server-sent events), written through any api process. On a " +
      'store without change streams (a standalone mongod), only those written through this one (see docs/api.md).',
    args: { workflowKey: t.arg.string({ required: true }) },
    subscribe: async (_root, { workflowKey }, ctx) => {
      const { viewer } = ctx;
      const topic = recordEventsTopic(viewer.tenantId, workflowKey);
      return counted(
        await ctx.services.feed.acquire(),
        pipe(
          ctx.services.pubsub.subscribe('recordEvents', topic),
          filter((event: EventDoc) => event.tenantId === viewer.tenantId),
        ),
      );
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
