import { pipe, filter } from 'graphql-yoga';
import { requireUser } from '../auth/require-user';
import type { EventDoc } from '../models/event';
import { recordEventsTopic } from '../services/services';
import { builder } from './builder';
import { RecordEventRef } from './record-event';

builder.subscriptionField('recordEvents', (t) =>
  t.field({
    type: RecordEventRef,
    description:
      "Live events of one workflow's records (server-sent events). In-process: with several api processes, " +
      'a subscriber sees the events written through its own process (see docs/api.md).',
    args: { workflowKey: t.arg.string({ required: true }) },
    subscribe: (_root, { workflowKey }, ctx) => {
      const viewer = requireUser(ctx);
      const topic = recordEventsTopic(viewer.tenantId, workflowKey);
      return pipe(
        ctx.services.pubsub.subscribe('recordEvents', topic),
        filter((event: EventDoc) => event.tenantId === viewer.tenantId),
      );
    },
    resolve: (event) => event,
  }),
);
