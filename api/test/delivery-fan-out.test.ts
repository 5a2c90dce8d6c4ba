import { createPubSub } from 'graphql-yoga';
import { expect, it } from 'vitest';
import { apiConfig } from '../src/config';
import type { EventDoc } from '../src/models/event';
import { TenantBulkWriter, type TenantWrite } from '../src/models/tenant-bulk-writer';
import { AdminAudit } from '../src/services/admin-audit';
import { DeliveryFanOut, type QueuedDeliveries } from '../src/services/delivery-fan-out';
import { NotificationFeed } from '../src/services/notification-feed';
import { OutboxDrainer, outboxEntries } from '../src/services/outbox-drainer';
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

it("stores a drained event's inbox entries in the drain's one bulk write with the event, published and the mail sender woken", async () => {
  const { models } = store;
  const { fanOut: out, told } = fanOut();
  const real = new TenantBulkWriter(models.Record.db.getClient(), models.Record.db.name);
  const commands: string[][] = [];
  const writer = {
    write: (writes: TenantWrite[]) => {
      // An empty write sends nothing.
      if (writes.length > 0) commands.push(writes.map((write) => `${write.type} ${write.collection}`));
      return real.write(writes);
    },
  } as TenantBulkWriter;
  const drainer = new OutboxDrainer({
    models,
    writer,
    onDrained: () => undefined,
    owed: (events) => out.notificationWrites(events),
    onLogged: (events) => out.logged(events, { notifications: false }),
    log: () => undefined,
    timing: { drainGatherMs: 0, outboxClearDelayMs: 60_000, eventFeedSettleMs: 0 },
  });
  const event = {
    type: 'assigned' as const,
    at: 0,
    actor: 'u-admin',
    recordId: 'r-owed',
    from: null,
    to: 'u-cat',
    rule: 'team',
    strategy: 'round_robin' as const,
  };
  const [entry] = outboxEntries({ id: 'r-owed', version: 2, owner: 'u-cat' }, [event]);
  if (!entry) throw new Error('no entry');
  entry.notify = [{ userId: 'u-cat', type: 'record_assigned', params: {}, email: true }];
  await drainer.drainBatch([{ tenantId: 'fan-3', recordId: 'r-owed', workflowKey: 'w', version: 2, entries: [entry] }]);
  expect(commands).toEqual([['insert events', 'insert notifications']]);
  expect(await models.Notification.findOne({ tenantId: 'fan-3' }).lean()).toMatchObject({
    _id: 'r-owed:0000000002:0000:record_assigned:u-cat',
    userId: 'u-cat',
  });
  expect(await models.Event.countDocuments({ tenantId: 'fan-3' })).toBe(1);
  expect(told).toEqual([{ webhooks: false, emails: true }]);
});
