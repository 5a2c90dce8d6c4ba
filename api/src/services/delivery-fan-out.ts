import type { EventDoc } from '../models/event';
import { DUPLICATE_KEY } from '../models/duplicate-key';
import type { Models } from '../models/models';
import type { NotificationDoc } from '../models/notification';
import type { TenantBulkWriter, TenantWrite } from '../models/tenant-bulk-writer';
import type { WebhookDeliveryDoc } from '../models/webhook-delivery';
import { groupBy } from './group-by';
import type { NotificationFeed } from './notification-feed';
import type { WebhookEndpoints } from './webhook-endpoints';
import { webhookTypeOf } from './webhook-events';

/** The epoch: a lease nobody holds. */
export const NO_LEASE = new Date(0);

/**
 * The topic one person's new notifications are published on in this process.
 * @example notificationTopic('t1', 'u1') // → 't1:u1'
 */
export const notificationTopic = (tenantId: string, userId: string) => `${tenantId}:${userId}`;

/**
 * Where a notification sorts in its inbox: when it arrived, then its id.
 * @example inboxOrder(new Date(5), 'n1') // → '000000000000005:n1'
 */
export const inboxOrder = (createdAt: Date, id: string) => `${String(createdAt.getTime()).padStart(15, '0')}:${id}`;

/** What a batch of logged events made due: webhook deliveries, notification emails. */
export interface QueuedDeliveries {
  webhooks: boolean;
  emails: boolean;
}

/** The inbox entries of logged events: one per person each event tells (resolved at commit). */
function notificationsOf(events: EventDoc[], input: { now: Date; mail: boolean }): NotificationDoc[] {
  const docs: NotificationDoc[] = [];
  for (const event of events) {
    for (const intent of event.notify ?? []) {
      docs.push({
        _id: `${event._id}:${intent.type}:${intent.userId}`,
        tenantId: event.tenantId,
        userId: intent.userId,
        type: intent.type,
        recordId: event.recordId,
        workflowKey: event.workflowKey,
        eventId: event._id,
        params: intent.params,
        at: event.at,
        createdAt: input.now,
        order: inboxOrder(input.now, `${event._id}:${intent.type}:${intent.userId}`),
        readAt: null,
        email: intent.email && input.mail ? { status: 'pending', attempts: 0, nextAttemptAt: input.now, leaseUntil: NO_LEASE } : null,
      });
    }
  }
  return docs;
}

/**
 * Turns events as they land in the log into what they owe people and apps: inbox entries (with their emails due)
 * and one webhook delivery per enabled endpoint that asked for the event's type. Called by the outbox drainer once
 * a batch is in the log and before its outboxes are cleared, so a crash in between leaves the outboxes for the
 * repair scan, whose drain calls this again: every id is derived from the event's (`${eventId}:${type}:${userId}`,
 * `${endpointId}:${eventId}`), so a repeat stores nothing twice.
 * @example await fanOut.logged(events) // after the events' insert, before their outboxes are cleared
 */
export class DeliveryFanOut {
  constructor(
    private readonly input: {
      models: Models;
      writer: TenantBulkWriter;
      endpoints: WebhookEndpoints;
      feed: NotificationFeed;
      /** Whether mail can be sent (SMTP_URL): without, notifications are in-app only. */
      mail: boolean;
      /** Told what became due (webhook deliveries, emails), so this process's senders of it start at once. */
      onQueued: (queued: QueuedDeliveries) => void;
    },
  ) {}

  async logged(events: EventDoc[]): Promise<void> {
    if (events.length === 0) return;
    const now = new Date();
    const notifications = notificationsOf(events, { now, mail: this.input.mail });
    const deliveries = await this.deliveriesOf(events, now);
    if (notifications.length === 0 && deliveries.length === 0) return;
    const { Notification, WebhookDelivery } = this.input.models;
    const writes: TenantWrite[] = [
      ...notifications.map(
        (document): TenantWrite => ({
          type: 'insert',
          collection: Notification.collection.collectionName,
          tenantId: document.tenantId,
          document: { ...document },
        }),
      ),
      ...deliveries.map(
        (document): TenantWrite => ({
          type: 'insert',
          collection: WebhookDelivery.collection.collectionName,
          tenantId: document.tenantId,
          document: { ...document },
        }),
      ),
    ];
    const outcomes = await this.input.writer.write(writes);
    const failed = outcomes.find((outcome) => !outcome.ok && outcome.code !== DUPLICATE_KEY);
    if (failed && !failed.ok) throw new Error(`storing notifications and webhook deliveries failed: ${failed.message}`);
    const inserted = notifications.filter((_, i) => outcomes[i]?.ok);
    for (const notification of inserted) this.input.feed.publish(notification);
    // Only the senders with something new look now: an in-app notification alone wakes nobody.
    const queued = { webhooks: deliveries.length > 0, emails: notifications.some((n) => n.email !== null) };
    if (queued.webhooks || queued.emails) this.input.onQueued(queued);
  }

  /** One delivery per event and enabled endpoint of its tenant that asked for its type. */
  private async deliveriesOf(events: EventDoc[], now: Date): Promise<WebhookDeliveryDoc[]> {
    const docs: WebhookDeliveryDoc[] = [];
    for (const [tenantId, ofTenant] of groupBy(events, (event) => event.tenantId)) {
      const endpoints = await this.input.endpoints.enabledOf(tenantId);
      if (endpoints.length === 0) continue;
      for (const event of ofTenant) {
        const eventType = webhookTypeOf(event);
        if (!eventType) continue;
        for (const endpoint of endpoints) {
          if (!endpoint.events.includes(eventType)) continue;
          docs.push({
            _id: `${endpoint._id}:${event._id}`,
            tenantId,
            endpointId: endpoint._id,
            eventId: event._id,
            recordId: event.recordId,
            eventType,
            lane: `${endpoint._id}:${event.recordId}`,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            leaseUntil: NO_LEASE,
            createdAt: now,
          });
        }
      }
    }
    return docs;
  }
}
