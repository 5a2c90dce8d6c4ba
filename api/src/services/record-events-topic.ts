import type { createPubSub } from 'graphql-yoga';
import type { EventDoc } from '../models/event';
import type { NotificationDoc } from '../models/notification';

/** The in-process pubsub behind `recordEvents` (one topic per tenant and workflow) and `notificationAdded` (per tenant and user). */
export type RecordEventsPubSub = ReturnType<
  typeof createPubSub<{ recordEvents: [topic: string, event: EventDoc]; notificationAdded: [topic: string, notification: NotificationDoc] }>
>;

/**
 * The topic one tenant's workflow publishes its record events on.
 * @example recordEventsTopic('t1', 'standard_trunk') // → 't1:standard_trunk'
 */
export const recordEventsTopic = (tenantId: string, workflowKey: string) => `${tenantId}:${workflowKey}`;
