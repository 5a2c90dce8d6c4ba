import type { createPubSub } from 'graphql-yoga';
import type { EventDoc } from '../models/event';

/** The in-process pubsub behind `recordEvents`; one topic per tenant and workflow. */
export type RecordEventsPubSub = ReturnType<typeof createPubSub<{ recordEvents: [topic: string, event: EventDoc] }>>;

/**
 * The topic one tenant's workflow publishes its record events on.
 * @example recordEventsTopic('t1', 'standard_trunk') // → 't1:standard_trunk'
 */
export const recordEventsTopic = (tenantId: string, workflowKey: string) => `${tenantId}:${workflowKey}`;
