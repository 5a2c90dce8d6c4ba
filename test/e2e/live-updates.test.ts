import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelServer, recordEventsTopic, type FunnelServer } from '@funnel/api';
import { ROOT_KEY, startHarness, type Harness, type TenantKeys } from './harness';
import { openSubscription, type Subscriber } from './subscription-stream';

const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { ... on Record { id version } } }';
const TRANSITION = 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename ... on Record { version } } }';
const SUBSCRIBE = 'subscription { recordEvents(workflowKey: "standard_trunk") { type recordId to } }';

/**
 * Waits until a subscription is live: the server starts it when the stream is first read, so a record is
 * created through the subscriber's own process and its event awaited (written through its own process, it
 * arrives however the process is fed).
 */
async function whenLive(subscriber: Subscriber, createOwn: () => Promise<string>): Promise<void> {
  const marker = await createOwn();
  await subscriber.readUntil((t) => count(t, marker, 'record_created') > 0, 10_000);
  expect(count(await subscriber.readUntil(() => true, 0), marker, 'record_created')).toBe(1);
}

/** How many events of `type` for record `id` a server-sent stream carried. */
function count(text: string, id: string, type: string): number {
  return text.split('\n').filter((line) => line.startsWith('data:') && line.includes(`"recordId":"${id}"`) && line.includes(`"type":"${type}"`)).length;
}

/** Creates a record through `gql` (one api process) and returns its id. */
async function marker(gql: Harness['gql'], key: string): Promise<string> {
  const made = await gql(key, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Marker', phone: '+1 555 0199' } } });
  return made.data?.createRecord.id as string;
}

let h: Harness;
let other: FunnelServer;
let a: TenantKeys;
let b: TenantKeys;

/** Runs a GraphQL request on the second api process. */
async function gqlOther(key: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const body = JSON.stringify({ query, variables });
  const response = await other.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${key}` },
    body,
  });
  return response.json();
}

beforeAll(async () => {
  h = await startHarness();
  other = await createFunnelServer({
    uri: h.mongo.uri,
    clock: h.clock,
    config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined },
  });
  a = await h.tenant('Live A');
  b = await h.tenant('Live B');
});
afterAll(async () => {
  await other?.close();
  await h?.close();
});

describe('live updates across api processes', () => {
  it('a subscriber on one process sees, once each, the events written through another process and through its own', async () => {
    const subscriber = await openSubscription({ server: h.server, key: a.marketing, query: SUBSCRIBE });
    await whenLive(subscriber, () => marker(h.gql, a.marketing));
    // Written through the other process: created, then qualified.
    const made = await gqlOther(a.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Elsewhere', phone: '+1 555 0100' } } });
    const id = made.data.createRecord.id as string;
    const moved = await gqlOther(a.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
    expect(moved.data.transitionRecord.__typename).toBe('Record');
    // And one written through this process.
    const here = await h.gql(a.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Here', phone: '+1 555 0101' } } });
    const hereId = here.data?.createRecord.id as string;

    let text = await subscriber.readUntil((t) => count(t, id, 'transitioned') > 0 && count(t, hereId, 'record_created') > 0, 10_000);
    // Anything sent twice would follow close behind.
    text = await subscriber.readUntil(() => false, 500);
    subscriber.close();
    expect(count(text, id, 'record_created')).toBe(1);
    expect(count(text, id, 'transitioned')).toBe(1);
    expect(count(text, hereId, 'record_created')).toBe(1);
  });

  it("never shows a subscriber another tenant's events, from either process", async () => {
    const subscriber = await openSubscription({ server: h.server, key: a.marketing, query: SUBSCRIBE });
    await whenLive(subscriber, () => marker(h.gql, a.marketing));
    const theirs = await gqlOther(b.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Theirs', phone: '+1 555 0102' } } });
    const theirsHere = await h.gql(b.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Theirs too', phone: '+1 555 0103' } } });
    // A record of the subscriber's own tenant, written after the others: once it arrives, theirs had their chance.
    const ours = await gqlOther(a.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Ours', phone: '+1 555 0104' } } });
    const text = await subscriber.readUntil((t) => count(t, ours.data.createRecord.id, 'record_created') > 0, 10_000);
    subscriber.close();
    expect(count(text, ours.data.createRecord.id, 'record_created')).toBe(1);
    expect(text).not.toContain(theirs.data.createRecord.id);
    expect(text).not.toContain(theirsHere.data?.createRecord.id);
  });

  it('keeps a subscriber fed after the last one left and a new one came (the stream closes and opens again)', async () => {
    const first = await openSubscription({ server: h.server, key: a.marketing, query: SUBSCRIBE });
    await whenLive(first, () => marker(h.gql, a.marketing));
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await openSubscription({ server: h.server, key: a.marketing, query: SUBSCRIBE });
    await whenLive(second, () => marker(h.gql, a.marketing));
    const made = await gqlOther(a.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Again', phone: '+1 555 0105' } } });
    const text = await second.readUntil((t) => count(t, made.data.createRecord.id, 'record_created') > 0, 10_000);
    second.close();
    expect(count(text, made.data.createRecord.id, 'record_created')).toBe(1);
  });
});

describe('a stream being placed', () => {
  it('shows an event once when this process published it while the stream was placed and the stream delivers it too', async () => {
    // The second process has no subscriber yet: acquiring opens its stream.
    const { feed, pubsub, models } = other.services;
    const events = pubsub.subscribe('recordEvents', recordEventsTopic(a.tenantId, 'standard_trunk'))[Symbol.asyncIterator]();
    const event = (recordId: string) => ({
      _id: `${recordId}:0000000001:0000`,
      tenantId: a.tenantId,
      workflowKey: 'standard_trunk',
      recordId,
      type: 'record_created',
      at: Date.now(),
      actor: 'x',
      to: 'lead',
      version: 1,
      seq: 0,
    });
    // Reading from the start (the pubsub listens from the first read on).
    const seen: string[] = [];
    const reading = (async () => {
      for (;;) {
        const next = await events.next();
        if (next.done) return;
        seen.push((next.value as { recordId: string }).recordId);
      }
    })();
    await new Promise((resolve) => setImmediate(resolve));
    const placing = feed.acquire();
    // Drained in the instant the stream is placed: published in-process, and logged where the stream sees it.
    const drained = event(`placed-${Date.now()}`);
    feed.publishDrained([drained as never]);
    const release = await placing;
    try {
      await models.Event.collection.insertOne(drained as never);
      const after = event(`after-${Date.now()}`);
      await models.Event.collection.insertOne(after as never);
      const deadline = Date.now() + 10_000;
      while (!seen.includes(after.recordId) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(seen).toEqual([drained.recordId, after.recordId]);
    } finally {
      release();
      await events.return?.();
      await reading;
    }
  });
});

describe('live updates on a store without change streams', () => {
  let plain: Harness;
  let t: TenantKeys;

  beforeAll(async () => {
    // A store that refuses `aggregate` cannot open a change stream, like a standalone mongod.
    plain = await startHarness({}, { withoutCommands: ['aggregate'] });
    t = await plain.tenant('Plain');
  });
  afterAll(() => plain?.close());

  it('still shows a subscriber, once each, the events written through its own process', async () => {
    const subscriber = await openSubscription({ server: plain.server, key: t.marketing, query: SUBSCRIBE });
    await whenLive(subscriber, () => marker(plain.gql, t.marketing));
    const made = await plain.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Local', phone: '+1 555 0106' } } });
    const id = made.data?.createRecord.id as string;
    await plain.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
    let text = await subscriber.readUntil((s) => count(s, id, 'transitioned') > 0, 10_000);
    text = await subscriber.readUntil(() => false, 300);
    subscriber.close();
    expect(count(text, id, 'record_created')).toBe(1);
    expect(count(text, id, 'transitioned')).toBe(1);
  });
});
