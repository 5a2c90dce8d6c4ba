import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiConfig } from '../../src/config';
import { TenantBulkWriter } from '../../src/models/tenant-bulk-writer';
import type { WebhookDeliveryDoc } from '../../src/models/webhook-delivery';
import { NO_LEASE } from '../../src/services/delivery-fan-out';
import type { WebhookEndpoints } from '../../src/services/webhook-endpoints';
import { WebhookSender } from '../../src/services/webhook-sender';
import { newWebhookSecret } from '../../src/webhooks/webhook-secret';
import { embeddedStoreModels } from '../embedded-store-models';

const store = embeddedStoreModels();
const TENANT = 'hooks-tenant';
const RECORD = 'r1';

/** What the receiver got (event ids, in arrival order), and the answer it gives each event id. */
const arrived: string[] = [];
const answers = new Map<string, number[]>();
let receiver: ReturnType<typeof createServer>;
let port = 0;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const eventId = (JSON.parse(body) as { id: string }).id;
      arrived.push(eventId);
      response.writeHead(answers.get(eventId)?.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

/** A sender on the test store (the default config) that sends only when `runDue` is called, retrying after 20 ms. */
function sender(allowedHosts = [`localhost:${port}`]): WebhookSender {
  const { models } = store;
  const client = models.WebhookDelivery.db.getClient();
  return new WebhookSender({
    models,
    writer: new TenantBulkWriter(client, models.WebhookDelivery.db.name),
    endpoints: {} as WebhookEndpoints,
    config: { ...apiConfig({}), deliveryPollMs: 0, deliveryRetryBaseMs: 20, webhookAllowedHosts: allowedHosts },
    log: () => undefined,
    onDisabled: async () => undefined,
  });
}

/** An endpoint on the receiver, and one record's `count` events logged, each with its delivery due now. */
function laneOf(count: number): Promise<string[]> {
  return logDue({ endpointId: 'e1', url: `http://localhost:${port}/hooks`, records: Array.from({ length: count }, () => RECORD) });
}

/**
 * An endpoint at `url`, and one event logged for each entry of `records` (the record it is of, in order), each with
 * its delivery due now; the event ids.
 * @example await logDue({ endpointId: 'e2', url, records: ['r1', 'r2'] }) // one event each of r1 and r2
 */
async function logDue(input: { endpointId: string; url: string; records: string[] }): Promise<string[]> {
  const { models } = store;
  const { endpointId, records } = input;
  const now = new Date();
  // What the sender reads of an endpoint.
  await models.WebhookEndpoint.collection.insertOne({
    _id: endpointId,
    tenantId: TENANT,
    url: input.url,
    secret: newWebhookSecret(),
    enabled: true,
    failingSince: null,
    deletedAt: null,
  } as never);
  const versions = records.map((recordId, i) => records.slice(0, i + 1).filter((r) => r === recordId).length);
  const eventIds = records.map((recordId, i) => `${recordId}:${String(versions[i]).padStart(10, '0')}:0000`);
  await models.Event.collection.insertMany(
    eventIds.map((_id, i) => ({
      _id,
      tenantId: TENANT,
      workflowKey: 'deals',
      recordId: records[i],
      version: versions[i],
      seq: 0,
      type: versions[i] === 1 ? 'record_created' : 'fields_updated',
      stage: 'lead',
      changed: ['name'],
      actor: 'u1',
      at: now.getTime(),
    })) as never[],
  );
  await models.WebhookDelivery.collection.insertMany(
    eventIds.map(
      (eventId, i): WebhookDeliveryDoc => ({
        _id: `${endpointId}:${eventId}`,
        tenantId: TENANT,
        endpointId,
        eventId,
        recordId: records[i] as string,
        eventType: 'record.updated',
        lane: `${endpointId}:${records[i]}`,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        leaseUntil: NO_LEASE,
        createdAt: now,
      }),
    ) as never[],
  );
  return eventIds;
}

const deliveryOf = (eventId: string) => store.models.WebhookDelivery.findOne({ tenantId: TENANT, _id: `e1:${eventId}` }).lean();

it('parks the deliveries behind a failing lane head out of the due scan, and brings the next back as soon as the head is delivered', async () => {
  const [first, second, third] = (await laneOf(3)) as [string, string, string];
  answers.set(first, [503]);
  const webhooks = sender();

  await webhooks.runDue();
  expect(arrived).toEqual([first]);
  const parkedAt = Date.now();
  // Each waits behind the one before it, due again only in seconds unless that one's outcome brings it back.
  expect(await deliveryOf(second)).toMatchObject({ status: 'pending', attempts: 0, parkedBehind: `e1:${first}` });
  expect(await deliveryOf(third)).toMatchObject({ status: 'pending', attempts: 0, parkedBehind: `e1:${second}` });
  expect((await deliveryOf(second))?.nextAttemptAt.getTime()).toBeGreaterThan(parkedAt + 5000);

  await new Promise((resolve) => setTimeout(resolve, 30));
  await webhooks.runDue();
  expect(arrived).toEqual([first, first]);
  expect(await deliveryOf(first)).toMatchObject({ status: 'delivered', attempts: 2 });
  const next = await deliveryOf(second);
  expect(next?.parkedBehind ?? null).toBeNull();
  expect(next?.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
  expect(await deliveryOf(third)).toMatchObject({ parkedBehind: `e1:${second}` });

  await webhooks.runDue();
  await webhooks.runDue();
  expect(arrived).toEqual([first, first, second, third]);
  await webhooks.stop();
});

it('sends 16 requests at once to one endpoint by default (docs/decisions.md 41)', async () => {
  // A receiver that holds every request until 16 are open at once, then answers them all (and any after at once).
  const HELD = 16;
  const waiting: (() => void)[] = [];
  let open = 0;
  let mostOpen = 0;
  const holding = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      const answer = () => {
        open -= 1;
        response.writeHead(204).end();
      };
      if (mostOpen < HELD) waiting.push(answer);
      else for (const held of [answer, ...waiting.splice(0)]) held();
    });
  });
  await new Promise<void>((resolve) => holding.listen(0, '127.0.0.1', resolve));
  const holdingPort = (holding.address() as AddressInfo).port;
  // 20 records with one event each: no delivery waits behind another of its record.
  const records = Array.from({ length: 20 }, (_, i) => `held-${i}`);
  await logDue({ endpointId: 'e2', url: `http://localhost:${holdingPort}/hooks`, records });
  const webhooks = sender([`localhost:${holdingPort}`]);

  try {
    await webhooks.runDue();
    expect(mostOpen).toBe(HELD);
    const delivered = await store.models.WebhookDelivery.countDocuments({ tenantId: TENANT, endpointId: 'e2', status: 'delivered' });
    expect(delivered).toBe(records.length);
  } finally {
    await webhooks.stop();
    holding.closeAllConnections();
    await new Promise((resolve) => holding.close(resolve));
  }
}, 60_000);
