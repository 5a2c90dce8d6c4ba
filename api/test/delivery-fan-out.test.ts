import { createPubSub } from 'graphql-yoga';
import { expect, it } from 'vitest';
import { apiConfig } from '../src/config';
import type { EventDoc } from '../src/models/event';
import { TenantBulkWriter } from '../src/models/tenant-bulk-writer';
import { AdminAudit } from '../src/services/admin-audit';
import { DeliveryFanOut, type QueuedDeliveries } from '../src/services/delivery-fan-out';
import { NotificationFeed } from '../src/services/notification-feed';
import type { RecordEventsPubSub } from '../src/services/record-events-topic';
import { WebhookEndpoints } from '../src/services/webhook-endpoints';
import { embeddedStoreModels } from './embedded-store-models';

const store = embeddedStoreModels();

/** A fan-out on the test store (mail on), and what it told the senders. */
function fanOut(): { fanOut: DeliveryFanOut; told: QueuedDeliveries[] } {
  const { models } = store;
  const config = { ...apiConfig({}), deliveryPollMs: 0 };
  const pubsub = createPubSub() as unknown as RecordEventsPubSub;
  const told: QueuedDeliveries[] = [];
  const out = new DeliveryFanOut({
    models,
    writer: new TenantBulkWriter(models.Record.db.getClient(), models.Record.db.name),
    endpoints: new WebhookEndpoints({ models, audit: new AdminAudit({ models, repairIntervalMs: 0, log: () => undefined }), config }),
    feed: new NotificationFeed({ models, pubsub, pollMs: 0, log: () => undefined }),
    mail: true,
    onQueued: (queued) => told.push(queued),
  });
  return { fanOut: out, told };
}

/** A logged `assigned` event of `tenantId` telling `userId`, by email or not. */
function assigned(tenantId: string, n: number, userId: string | null, email: boolean): EventDoc {
  return {
    _id: `r${n}:2:0`,
    tenantId,
    recordId: `r${n}`,
    workflowKey: 'w',
    version: 2,
    type: 'assigned',
    at: new Date(0).toISOString(),
    actor: { id: 'u-admin', roles: ['admin'] },
    from: null,
    to: userId,
    ...(userId ? { notify: [{ userId, type: 'record_assigned', params: {}, email }] } : {}),
  } as unknown as EventDoc;
}

it('wakes only the senders with something new: an in-app notification alone wakes nobody, an email wakes the mail sender, a delivery the webhook sender', async () => {
  const { models } = store;
  const { fanOut: out, told } = fanOut();
  await out.logged([assigned('fan-1', 1, 'u-ann', false)]);
  expect(await models.Notification.countDocuments({ tenantId: 'fan-1' })).toBe(1);
  expect(told).toEqual([]);
  await out.logged([assigned('fan-1', 2, 'u-ann', false), assigned('fan-1', 3, 'u-bob', true)]);
  expect(told).toEqual([{ webhooks: false, emails: true }]);
  await models.WebhookEndpoint.create({
    _id: 'e-fan',
    tenantId: 'fan-2',
    url: 'https://example.com/hook',
    events: ['record.assigned'],
    enabled: true,
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: '',
    createdAt: new Date(),
  });
  await out.logged([assigned('fan-2', 4, null, false)]);
  expect(await models.WebhookDelivery.countDocuments({ tenantId: 'fan-2' })).toBe(1);
  expect(told.at(-1)).toEqual({ webhooks: true, emails: false });
});
