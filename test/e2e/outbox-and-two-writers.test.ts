import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelServer, type FunnelServer } from '@funnel/api';
import { RECORD_RESULT, ROOT_KEY, startHarness, type Harness, type TenantKeys } from './harness';

let h: Harness;
let a: TenantKeys;
/** What the api logs. */
const logLines: string[] = [];

beforeAll(async () => {
  // A 40,000-character field value on purpose: above the 10,000-character JSON string limit issue 15 set.
  h = await startHarness({ log: (line) => logLines.push(line), maxJsonStringLength: 100_000 });
  a = await h.tenant('Alpha');
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;

async function newLead(name: string): Promise<string> {
  const made = await h.gql(a.marketing, CREATE, {
    // Owned by its maker: the standard trunk's routing would add an `assigned` event to every history here.
    i: { workflowKey: 'standard_trunk', fields: { name, phone: '+1 555 0100', email: `${name.toLowerCase()}@alpha.example` }, owner: a.marketingId },
  });
  return made.data?.createRecord.id as string;
}

describe('the outbox', () => {
  it('keeps the events of an acknowledged write whose process died before draining: a read shows them without writing, the repair loop logs them', async () => {
    const id = await newLead('Crash');
    const moved = await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
    expect(moved.data?.transitionRecord.__typename).toBe('Record');
    await h.server.services.drainer.flush();
    // Put the store where a crash after the write and before the drain leaves it: the version-2 events on
    // the record's outbox, not in the log.
    const { Event, Record } = h.server.services.models;
    const logged = (await Event.collection.find({ _id: { $gt: `${id}:0000000002:`, $lt: `${id}:0000000002;` } } as never).toArray()) as any[];
    expect(logged.map((e) => e.type)).toEqual(['transitioned']);
    const outbox = logged.map(({ _id, tenantId, workflowKey, version, seq, ...event }) => ({ _id, event }));
    await Event.collection.deleteMany({ _id: { $in: logged.map((e) => e._id) } } as never);
    await Record.collection.updateOne({ _id: id } as never, { $set: { outbox } });

    // The process that wrote is gone (with what it remembered of the log); another one reads the record.
    const next = await createFunnelServer({
      uri: h.mongo.uri,
      clock: h.clock,
      config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined },
    });
    const body = JSON.stringify({ query: `{ record(id: "${id}") { ... on Record { history(first: 10) { edges { node { type version to } } } } } }` });
    const response = await next.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.marketing}` },
      body,
    });
    const history = (await response.json()) as { data?: any };
    await next.close();
    expect(history.data?.record.history.edges.map((e: any) => e.node)).toEqual([
      { type: 'record_created', version: 1, to: null },
      { type: 'transitioned', version: 2, to: 'mql' },
    ]);
    // The read wrote nothing (issue 16: no query writes): the events wait on the record for the repair loop.
    const logCount = () => Event.collection.countDocuments({ _id: { $gt: `${id}:`, $lt: `${id};` } } as never);
    expect(((await Record.collection.findOne({ _id: id } as never)) as any).outbox).toHaveLength(1);
    expect(await logCount()).toBe(1);

    // A process whose repair loop runs (every 50 ms here) moves them into the log and off the record.
    const repairing = await createFunnelServer({
      uri: h.mongo.uri,
      clock: h.clock,
      config: { testClock: true, sweepIntervalMs: 50, outboxRepairIntervalMs: 50, outboxClearDelayMs: 10, rootKey: ROOT_KEY, log: () => undefined },
    });
    try {
      await expect.poll(logCount, { timeout: 2000, interval: 50 }).toBe(2);
      await expect.poll(async () => ((await Record.collection.findOne({ _id: id } as never)) as any).outbox, { timeout: 2000, interval: 50 }).toEqual([]);
    } finally {
      await repairing.close();
    }
  });
});

describe('the repair scan', () => {
  it('reaches a crash leftover behind more than a page of outboxes that only wait for their clear', async () => {
    const { Event, Record } = h.server.services.models;
    const event = (recordId: string) => ({
      _id: `${recordId}:0000000001:0000`,
      event: { type: 'record_created', recordId, at: Date.now(), actor: 'x', to: 'lead' },
    });
    // 1,100 records whose outbox is already in the log (drained, clear still due), then one whose is not.
    const waiting = Array.from({ length: 1100 }, (_, i) => `repair-wait-${String(i).padStart(4, '0')}`);
    await Record.collection.insertMany(
      waiting.map((id) => ({ _id: id, tenantId: a.tenantId, workflowKey: 'standard_trunk', version: 1, outbox: [event(id)] })) as never[],
    );
    await Event.collection.insertMany(
      waiting.map((id) => ({ ...event(id).event, _id: event(id)._id, tenantId: a.tenantId, workflowKey: 'standard_trunk', version: 1, seq: 0 })) as never[],
    );
    await Record.collection.insertOne({
      _id: 'repair-zz-crashed',
      tenantId: a.tenantId,
      workflowKey: 'standard_trunk',
      version: 1,
      outbox: [event('repair-zz-crashed')],
    } as never);

    await h.server.services.drainer.repair(a.tenantId);
    expect(await Event.collection.countDocuments({ _id: 'repair-zz-crashed:0000000001:0000' } as never)).toBe(1);
    await h.server.services.drainer.flush();
    expect(await Record.collection.countDocuments({ _id: { $regex: '^repair-' }, 'outbox.0': { $exists: true } } as never)).toBe(0);
  });

  it('an event the log refuses holds back only its own record, which keeps it until the log takes it', async () => {
    const { Event, Record } = h.server.services.models;
    const entry = (recordId: string, extra: object = {}) => ({
      _id: `${recordId}:0000000001:0000`,
      event: { type: 'record_created', recordId, at: Date.now(), actor: 'x', to: 'lead', ...extra },
    });
    // An operator's unique index refuses the poisoned record's event with a duplicate key that is not its
    // id: it must not read as "already logged".
    await Event.collection.createIndex({ batchTag: 1 }, { unique: true, sparse: true, name: 'batchTag_1' });
    await Event.collection.insertOne({ _id: 'decoy', tenantId: a.tenantId, batchTag: 'taken' } as never);
    const ids = ['refuse-a', 'refuse-b-poisoned', 'refuse-c'];
    await Record.collection.insertMany(
      ids.map((id) => ({
        _id: id,
        tenantId: a.tenantId,
        workflowKey: 'standard_trunk',
        version: 1,
        outbox: [entry(id, id.includes('poisoned') ? { batchTag: 'taken' } : {})],
      })) as never[],
    );
    logLines.length = 0;
    await h.server.services.drainer.repair(a.tenantId, ids);
    await h.server.services.drainer.flush();
    const outboxes = async () =>
      Object.fromEntries(((await Record.collection.find({ _id: { $in: ids } } as never).toArray()) as any[]).map((r) => [r._id, r.outbox.length]));
    const loggedIds = async () => ((await Event.collection.find({ _id: { $regex: '^refuse-' } } as never).toArray()) as any[]).map((e) => e._id).sort();
    expect(await outboxes()).toEqual({ 'refuse-a': 0, 'refuse-b-poisoned': 1, 'refuse-c': 0 });
    expect(await loggedIds()).toEqual(['refuse-a:0000000001:0000', 'refuse-c:0000000001:0000']);
    expect(logLines).toEqual([expect.stringMatching(/^the event log refused event refuse-b-poisoned:0000000001:0000; .*E11000 duplicate key .*batchTag_1/)]);

    // Once the log takes it, the next repair copies and clears it.
    await Event.collection.dropIndex('batchTag_1');
    await h.server.services.drainer.repair(a.tenantId, ids);
    await h.server.services.drainer.flush();
    expect(await outboxes()).toEqual({ 'refuse-a': 0, 'refuse-b-poisoned': 0, 'refuse-c': 0 });
    expect(await loggedIds()).toEqual(ids.map((id) => `${id}:0000000001:0000`));
    await Event.collection.deleteOne({ _id: 'decoy' } as never);
  });
});

describe('two api processes writing one record', () => {
  let other: FunnelServer;

  beforeAll(async () => {
    other = await createFunnelServer({
      uri: h.mongo.uri,
      clock: h.clock,
      config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined },
    });
  });
  afterAll(() => other?.close());

  it('a write at a version the other process moved past is a VersionConflict and changes nothing', async () => {
    const id = await newLead('Shared');
    const here = await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
    expect(here.data?.transitionRecord).toMatchObject({ __typename: 'Record', version: 2, stage: 'mql' });
    // The other api process disqualifies it (version 3).
    const body = JSON.stringify({ query: TRANSITION, variables: { i: { id, transition: 'disqualify', expectedVersion: 2 } } });
    const there = await other.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${a.marketing}` },
      body,
    });
    expect(((await there.json()) as any).data?.transitionRecord).toMatchObject({ __typename: 'Record', version: 3, stage: 'pool' });
    await other.services.drainer.flush();

    const stale = await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'disqualify', expectedVersion: 2 } });
    expect(stale.data?.transitionRecord).toEqual({ __typename: 'VersionConflict', currentVersion: 3, expectedVersion: 2 });
    const fresh = await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'reactivate', expectedVersion: 3 } });
    expect(fresh.data?.transitionRecord).toMatchObject({ __typename: 'Record', version: 4, stage: 'lead' });

    const record = await h.gql(
      a.marketing,
      `{ record(id: "${id}") { ... on Record { version stage history(first: 10) { edges { node { type version to } } } } } }`,
    );
    expect(record.data?.record).toMatchObject({ version: 4, stage: 'lead' });
    const history = record.data?.record.history.edges.map((e: any) => e.node);
    // The stale write left nothing: one transition per version, from this process and the other.
    expect(history.filter((e: any) => e.type === 'transitioned').map((e: any) => [e.version, e.to])).toEqual([
      [2, 'mql'],
      [3, 'pool'],
      [4, 'lead'],
    ]);
    expect(Math.max(...history.map((e: any) => e.version))).toBe(4);
  });

  it('clears only the entries it drained: a write that landed before the clear keeps its own', async () => {
    const id = await newLead('Overtaken');
    const res = await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
    expect(res.data?.transitionRecord.version).toBe(2);
    const { Event, Record } = h.server.services.models;
    // Another writer's change lands after this process drained version 2 and before its (late) clear: the
    // record moves to version 3 with one more entry in its outbox, not yet in the log.
    const deadline = Date.now() + 5000;
    while ((await Event.collection.countDocuments({ _id: { $gt: `${id}:0000000002:`, $lt: `${id}:0000000002;` } } as never)) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const entry = { _id: `${id}:0000000003:0000`, event: { type: 'owner_changed', recordId: id, at: Date.now(), actor: 'other', from: null, to: 'other' } };
    await Record.collection.updateOne({ _id: id } as never, { $push: { outbox: entry }, $inc: { version: 1 } } as never);

    await h.server.services.drainer.flush();
    expect(((await Record.collection.findOne({ _id: id } as never)) as any).outbox).toEqual([entry]);
    await h.server.services.drainer.repair(a.tenantId, [id]);
    await h.server.services.drainer.flush();
    expect(((await Record.collection.findOne({ _id: id } as never)) as any).outbox).toEqual([]);
    const logged = (await Event.collection.find({ _id: { $gt: `${id}:`, $lt: `${id};` } } as never).toArray()) as any[];
    expect(logged.map((e) => [e.version, e.type])).toEqual([
      [1, 'record_created'],
      [2, 'transitioned'],
      [3, 'owner_changed'],
    ]);
  });

  it('keeps its outbox right across many writes: each event reaches the log once and the outbox empties', async () => {
    const id = await newLead('Busy');
    let version = 1;
    for (let i = 0; i < 9; i++) {
      const transition = ['qualify', 'disqualify', 'reactivate'][i % 3];
      const res = await h.gql(a.marketing, TRANSITION, { i: { id, transition, expectedVersion: version } });
      expect(res.data?.transitionRecord.__typename, JSON.stringify(res)).toBe('Record');
      version = res.data?.transitionRecord.version;
    }
    await h.server.services.drainer.flush();
    const { Event, Record } = h.server.services.models;
    expect(((await Record.collection.findOne({ _id: id } as never)) as any).outbox).toEqual([]);
    const events = (await Event.collection.find({ _id: { $gt: `${id}:`, $lt: `${id};` } } as never).toArray()) as any[];
    expect(events.filter((e) => e.type === 'transitioned').map((e) => e.version)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(events.map((e) => e.version))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  });

  it('empties the outbox of a record left alone, without a flush, once its events are logged', async () => {
    const id = await newLead('Idle');
    const res = await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
    expect(res.data?.transitionRecord.__typename).toBe('Record');
    const { Event, Record } = h.server.services.models;
    const deadline = Date.now() + 5000;
    let outbox: unknown[] = [{}];
    while (outbox.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      outbox = ((await Record.collection.findOne({ _id: id } as never)) as any).outbox;
    }
    expect(outbox).toEqual([]);
    const events = (await Event.collection.find({ _id: { $gt: `${id}:`, $lt: `${id};` } } as never).toArray()) as any[];
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [1, 'record_created'],
      [2, 'transitioned'],
    ]);
  });

  it("answers VersionConflict when this process's own sweeper moved a record past the state it last wrote", async () => {
    const id = await newLead('Swept');
    const q = await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
    const accepted = await h.gql(a.sales, TRANSITION, { i: { id, transition: 'accept', expectedVersion: q.data?.transitionRecord.version } });
    expect(accepted.data?.transitionRecord).toMatchObject({ __typename: 'Record', stage: 'sql' });
    const held = accepted.data?.transitionRecord.version as number;
    // The one-week rule fires in this process: the state it wrote at `held` is no longer the record.
    await h.gql(a.admin, 'mutation { advanceClock(by: "P8D") { ... on ClockPayload { now } } }');
    const run = await h.gql(a.admin, 'mutation { runDueTimers { fired } }');
    expect(run.data?.runDueTimers.fired).toBeGreaterThanOrEqual(1);
    const stale = await h.gql(a.sales, `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${RECORD_RESULT} } }`, {
      i: { id, expectedVersion: held, fields: { name: 'Too late' } },
    });
    expect(stale.data?.updateRecord).toMatchObject({ __typename: 'VersionConflict', expectedVersion: held });
    const record = await h.gql(a.admin, `{ record(id: "${id}") { ... on Record { version stage fields history(first: 20) { edges { node { type } } } } } }`);
    expect(record.data?.record).toMatchObject({ stage: 'pool', fields: { name: 'Swept' } });
    expect(record.data?.record.version).toBe(stale.data?.updateRecord.currentVersion);
    expect(record.data?.record.history.edges.filter((e: any) => e.node.type === 'timer_fired')).toHaveLength(1);
  });
});

describe('what this process holds of a record', () => {
  const UPDATE = `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${RECORD_RESULT} } }`;

  /**
   * Changes the stored record behind the api's back without raising its version, then transitions it at
   * that version: the answer shows the change only if the api read the record instead of using what it held.
   */
  async function readsAfterUpdate(product: string): Promise<boolean> {
    const id = await newLead(`Held${product.length}`);
    const updated = await h.gql(a.marketing, UPDATE, { i: { id, expectedVersion: 1, fields: { product } } });
    expect(updated.data?.updateRecord, JSON.stringify(updated)).toMatchObject({ __typename: 'Record', version: 2 });
    await h.server.services.models.Record.collection.updateOne({ _id: id } as never, { $set: { 'fields.name': 'Changed behind' } });
    const moved = await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 2 } });
    expect(moved.data?.transitionRecord).toMatchObject({ __typename: 'Record', version: 3 });
    return moved.data?.transitionRecord.fields.name === 'Changed behind';
  }

  it('skips the read of a record it wrote last, but holds no record of megabytes (it reads those again)', async () => {
    expect(await readsAfterUpdate('Funnel Pro')).toBe(false);
    expect(await readsAfterUpdate('x'.repeat(40_000))).toBe(true);
  });
});
