import type { EventDoc } from '../models/event';
import { DUPLICATE_KEY } from '../models/duplicate-key';
import type { Models } from '../models/models';
import type { NotificationDoc } from '../models/notification';
import { throwIfFailed, type TenantBulkWriter, type TenantWrite, type WriteOutcome } from '../models/tenant-bulk-writer';
import type { OwedWrites } from './outbox-drainer';
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

/** Throws the first failure of `outcomes` that is not a duplicate (what a repeated drain stores again). */
function throwIfStoreFailed(outcomes: readonly WriteOutcome[], what: string): void {
  throwIfFailed(outcomes, what, [DUPLICATE_KEY]);
}

/** The inbox entries of logged events: one per person each event tells (resolved at commit). */
function notificationsOf(events: readonly EventDoc[], input: { now: Date; mail: boolean }): NotificationDoc[] {
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

  /**
   * The inbox entries of logged events as writes to send with the events' own insert (the drain's one bulk write),
   * and what their outcomes lead to: the new ones published to subscribers, the email sender woken for those due by
   * email; a failure other than a duplicate (a repeat of a repaired drain) throws, leaving the outboxes for the
   * repair scan.
   * @example const owed = fanOut.notificationWrites(events); owed.settle(await writer.write(owed.writes))
   */
  notificationWrites(events: readonly EventDoc[]): OwedWrites {
    const notifications = notificationsOf(events, { now: new Date(), mail: this.input.mail });
    const collection = this.input.models.Notification.collection.collectionName;
    return {
      writes: notifications.map((document): TenantWrite => ({ type: 'insert', collection, tenantId: document.tenantId, document: { ...document } })),
      settle: (outcomes) => {
        throwIfStoreFailed(outcomes, 'storing notifications');
        const inserted = notifications.filter((_, i) => outcomes[i]?.ok);
        for (const notification of inserted) this.input.feed.publish(notification);
        // An in-app notification alone wakes nobody.
        if (notifications.some((n) => n.email !== null)) this.input.onQueued({ webhooks: false, emails: true });
      },
    };
  }

  /**
   * Stores what logged events owe: their webhook deliveries, and their inbox entries unless `notifications` is false
   * (the drainer sent them with the events, `notificationWrites`).
   */
  async logged(events: EventDoc[], input: { notifications: boolean } = { notifications: true }): Promise<void> {
    if (events.length === 0) return;
    const owed = input.notifications ? this.notificationWrites(events) : null;
    const deliveries = await this.deliveriesOf(events, new Date());
    const collection = this.input.models.WebhookDelivery.collection.collectionName;
    const writes: TenantWrite[] = [
      ...(owed?.writes ?? []),
      ...deliveries.map((document): TenantWrite => ({ type: 'insert', collection, tenantId: document.tenantId, document: { ...document } })),
    ];
    if (writes.length === 0) return;
    const outcomes = await this.input.writer.write(writes);
    const owedCount = owed?.writes.length ?? 0;
    throwIfStoreFailed(outcomes.slice(owedCount), 'storing webhook deliveries');
    owed?.settle(outcomes.slice(0, owedCount));
    // Only the senders with something new look now.
    if (deliveries.length > 0) this.input.onQueued({ webhooks: true, emails: false });
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
