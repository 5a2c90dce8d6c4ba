import type { FunnelServer } from '@funnel/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gqlOn, secondApi, startHarness, storeModels, type Harness, type TenantKeys } from './harness';
import { laneProblems, lanesOf } from './lane-problems';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

// Two api processes (two servers on one store, as behind a load balancer) commit the events of the same records in
// turn and both send webhooks to one endpoint whose receiver holds each request 50 ms: both send some, every event
// arrives once, and one record's events arrive one at a time (the previous answered before the next arrives), in
// the order of the log.

/** Fewer records than the eight requests the two processes may send at once: only the lanes keep a record's events apart. */
const RECORDS = 6;
/** A creation and this many updates per record, committed through the two processes in turn. */
const UPDATES = 11;
const HOLD_MS = 50;
/** What both processes are set to: poll often, four requests at once each, attempts that do not time out here. */
const DELIVERY = { deliveryPollMs: 20, deliveryRetryBaseMs: 50, webhookConcurrency: 4, webhookTimeoutMs: 2000 };
const EVENT_TYPES = ['record.created', 'record.updated'];

let h: Harness;
let second: FunnelServer;
let t: TenantKeys;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.answer(() => ({ status: 204, holdMs: HOLD_MS }));
  const config = { ...DELIVERY, webhookAllowedHosts: [receiver.allowedHost] };
  h = await startHarness(config, {}, { storeProcess: true });
  second = await secondApi(h, { ...config, metricsBuildIntervalMs: 0 });
  t = await h.tenant('Two Senders');
});
afterAll(async () => {
  await second?.close();
  await h?.close();
  await receiver?.close();
});

const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { id version } } }';
const UPDATE = 'mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { __typename ... on Record { version } } }';

/** One record created through the first process, then updated through the second and the first in turn; its id. */
async function relay(name: string): Promise<string> {
  const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name, phone: '+1 555 0100' } } });
  if (made.data?.createRecord.__typename !== 'Record') throw new Error(`creating ${name} answered ${JSON.stringify(made)}`);
  const { id } = made.data.createRecord;
  for (let version = 1; version <= UPDATES; version++) {
    const through = version % 2 === 1 ? second : h.server;
    const updated = await gqlOn(through, t.marketing, UPDATE, { i: { id, expectedVersion: version, fields: { companyName: `${name} v${version + 1}` } } });
    if (updated.data?.updateRecord.__typename !== 'Record') throw new Error(`update ${version} of ${name} answered ${JSON.stringify(updated)}`);
  }
  return id;
}

it('two processes both deliver to one slow endpoint, and no record’s events overlap or arrive out of order', async () => {
  const made = await h.gql(t.admin, 'mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { __typename } }', {
    i: { url: receiver.url('/two'), events: EVENT_TYPES },
  });
  expect(made.data?.createWebhookEndpoint.__typename).toBe('WebhookEndpointSecretPayload');
  const ids = await Promise.all(Array.from({ length: RECORDS }, (_, i) => relay(`Two ${i}`)));
  const events = RECORDS * (1 + UPDATES);
  const { models, close } = await storeModels(h.mongo.uri);
  try {
    const delivered = () => models.WebhookDelivery.countDocuments({ tenantId: t.tenantId, status: 'delivered' });
    await expect.poll(delivered, { timeout: 30_000, interval: 50 }).toBe(events);
    const logged = await models.Event.find({ tenantId: t.tenantId, type: { $in: ['record_created', 'fields_updated'] } }, { recordId: 1 })
      .sort({ _id: 1 })
      .lean();
    expect(logged).toHaveLength(events);
    const lanes = lanesOf(receiver.received);
    for (const id of ids) {
      const got = lanes.get(`/two ${id}`) ?? [];
      expect(laneProblems(got)).toEqual([]);
      // Each of its events once, in the log's order.
      expect(got.toSorted((a, b) => a.arrivedAt - b.arrivedAt).map((r) => r.json.id)).toEqual(logged.filter((e) => e.recordId === id).map((e) => e._id));
    }
    // Who sent each: the process whose claim it was when it was delivered.
    const senders = new Map<string, number>();
    for (const { leaseOwner } of await models.WebhookDelivery.find({ tenantId: t.tenantId }, { leaseOwner: 1 }).lean())
      senders.set(String(leaseOwner), (senders.get(String(leaseOwner)) ?? 0) + 1);
    expect(senders.size, JSON.stringify([...senders])).toBe(2);
    expect(Math.min(...senders.values())).toBeGreaterThan(0);
    expect(receiver.received).toHaveLength(events);
  } finally {
    await close();
  }
});
