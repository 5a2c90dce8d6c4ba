import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, tenantCollection } from '@funnel/api';
import { RECORD_RESULT, startHarness, storeModels, type Harness, type TenantKeys } from './harness';

let h: Harness;
let a: TenantKeys;
let b: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  a = await h.tenant('Alpha');
  b = await h.tenant('Beta');
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;

describe('two tenants', () => {
  it("cannot see or touch each other's anything: every operation with the other tenant's ids is NotFound", async () => {
    const made = await h.gql(a.marketing, CREATE, {
      i: { workflowKey: 'standard_trunk', fields: { name: 'Alpha lead', phone: '+1 555 0100', email: 'x@alpha.example' } },
    });
    const id = made.data?.createRecord.id as string;
    const v = { id };
    const ops: [string, string, Record<string, unknown>][] = [
      ['record', `query($id: ID!) { record(id: $id) { __typename } }`, v],
      ['transitionRecord', `mutation($id: ID!) { transitionRecord(input: { id: $id, transition: "qualify", expectedVersion: 1 }) { __typename } }`, v],
      ['updateRecord', `mutation($id: ID!) { updateRecord(input: { id: $id, expectedVersion: 1, fields: { name: "B" } }) { __typename } }`, v],
      ['logActivity', `mutation($id: ID!) { logActivity(input: { id: $id, activity: { type: note, note: "x" } }) { __typename } }`, v],
      ['claimRecord', `mutation($id: ID!) { claimRecord(input: { id: $id }) { __typename } }`, v],
      ['releaseRecord', `mutation($id: ID!) { releaseRecord(input: { id: $id }) { __typename } }`, v],
      ['requestExtension', `mutation($id: ID!) { requestExtension(input: { id: $id, timer: "one_week_rule" }) { __typename } }`, v],
      ['decideExtension', `mutation($id: ID!) { decideExtension(input: { id: $id, timer: "one_week_rule", approve: true }) { __typename } }`, v],
    ];
    for (const [field, query, variables] of ops) {
      const key = ['decideExtension'].includes(field) ? b.manager : ['transitionRecord', 'logActivity'].includes(field) ? b.marketing : b.sales;
      const res = await h.gql(key, query, variables);
      expect(res.data?.[field]?.__typename, `${field}: ${JSON.stringify(res)}`).toBe('NotFound');
    }
    const list = await h.gql(b.admin, '{ records(first: 100) { edges { node { id } } } }');
    expect(list.data?.records.edges.map((e: any) => e.node.id)).not.toContain(id);
    const pool = await h.gql(b.admin, '{ pool(workflowKey: "standard_trunk", first: 100) { edges { node { id } } } }');
    expect(pool.data?.pool.edges).toEqual([]);
    const users = await h.gql(b.admin, '{ users(first: 100) { edges { node { id } } } }');
    expect(users.data?.users.edges.map((e: any) => e.node.id)).not.toContain(a.salesId);
    const key = await h.gql(b.admin, `mutation { createApiKey(input: { userId: "${a.salesId}", name: "steal" }) { __typename } }`);
    expect(key.data?.createApiKey.__typename).toBe('NotFound');
    const pipeline = await h.gql(b.admin, '{ pipeline(workflowKey: "standard_trunk") { ... on PipelineReport { total { count } } } }');
    expect(pipeline.data?.pipeline.total.count).toBe(0);
    const still = await h.gql(a.admin, `{ record(id: "${id}") { ... on Record { version stage } } }`);
    expect(still.data?.record).toEqual({ version: 1, stage: 'lead' });
  });

  it('concurrent reads of both tenants, batched into shared finds, each get their own record or NotFound', async () => {
    const make = (keys: TenantKeys, i: number) =>
      h.gql(keys.marketing, CREATE, {
        i: { workflowKey: 'standard_trunk', fields: { name: `${keys.tenantId} ${i}`, phone: '+1 555 0100', email: `r${i}@x.example` } },
      });
    const own = async (keys: TenantKeys) =>
      (await Promise.all(Array.from({ length: 10 }, (_, i) => make(keys, i)))).map((r) => r.data?.createRecord.id as string);
    const [idsA, idsB] = [await own(a), await own(b)];
    const READ = `query($id: ID!) { record(id: $id) { __typename ... on Record { id fields } } }`;
    const reads = [
      ...idsA.map((id) => ({ key: a.admin, id, expect: a.tenantId })),
      ...idsB.map((id) => ({ key: b.admin, id, expect: b.tenantId })),
      ...idsA.map((id) => ({ key: b.admin, id, expect: null })),
      ...idsB.map((id) => ({ key: a.admin, id, expect: null })),
    ];
    const results = await Promise.all(reads.map((r) => h.gql(r.key, READ, { id: r.id })));
    results.forEach((res, i) => {
      const read = reads[i] as (typeof reads)[number];
      if (read.expect === null) expect(res.data?.record.__typename).toBe('NotFound');
      else expect(res.data?.record).toMatchObject({ __typename: 'Record', id: read.id, fields: { name: expect.stringContaining(read.expect) } });
    });
  });

  it('refuses an unscoped query before it reaches the store', async () => {
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      await expect(models.Record.find({ stage: 'lead' }).lean()).rejects.toBeInstanceOf(ApiError);
      await expect(models.Record.updateMany({}, { $set: { stage: 'x' } })).rejects.toThrow(/tenantId/);
      await expect(models.Record.aggregate([{ $group: { _id: '$stage' } }])).rejects.toThrow(/tenantId/);
      await expect(models.Record.find({ tenantId: { $ne: null } } as never).lean()).rejects.toThrow(/tenantId/);
      expect(await models.Record.countDocuments({ tenantId: a.tenantId })).toBeGreaterThan(0);
      // The driver-level path of the hot loops takes the tenant as an argument and refuses none.
      const records = tenantCollection(models.Record.collection);
      expect(() => records.findOne({ tenantId: '', filter: { stage: 'lead' } })).toThrow(ApiError);
      const scoped = await records.findOne({ tenantId: b.tenantId, filter: { 'fields.name': 'Alpha lead' } });
      expect(scoped).toBeNull();
    } finally {
      await close();
    }
  });
});

describe('concurrency', () => {
  it('applies exactly one of 50 parallel transitions per version, and the event log matches the record', async () => {
    const made = await h.gql(a.marketing, CREATE, {
      i: { workflowKey: 'standard_trunk', fields: { name: 'Hot', phone: '+1 555 0300', email: 'hot@alpha.example' } },
    });
    const id = made.data?.createRecord.id as string;
    const LOG = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${RECORD_RESULT} } }`;
    // 50 writers, all computed from version 1: exactly one may apply.
    const results = await Promise.all(
      Array.from({ length: 50 }, () => h.gql(a.marketing, LOG, { i: { id, expectedVersion: 1, activity: { type: 'email', direction: 'outbound' } } })),
    );
    const applied = results.filter((r) => r.data?.logActivity.__typename === 'Record');
    const conflicts = results.filter((r) => r.data?.logActivity.__typename === 'VersionConflict');
    expect(applied.length).toBe(1);
    expect(conflicts.length).toBe(49);
    // Then 50 writers racing on whatever version they read: every version step is applied once.
    const racing = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const current = await h.gql(a.marketing, `{ record(id: "${id}") { ... on Record { version } } }`);
        return h.gql(a.marketing, LOG, { i: { id, expectedVersion: current.data?.record.version, activity: { type: 'email', direction: 'outbound' } } });
      }),
    );
    const won = racing.filter((r) => r.data?.logActivity.__typename === 'Record');
    const versions = won.map((r) => r.data?.logActivity.version);
    expect(new Set(versions).size).toBe(won.length);
    const final = await h.gql(
      a.marketing,
      `{ record(id: "${id}") { ... on Record { version counters history(first: 100) { edges { node { type version } } } } } }`,
    );
    const record = final.data?.record;
    expect(record.version).toBe(2 + won.length);
    const events = record.history.edges.map((e: any) => e.node);
    const emails = events.filter((e: any) => e.type === 'activity_logged');
    expect(emails.length).toBe(1 + won.length);
    expect(record.counters.emails).toBe(1 + won.length);
    expect(new Set(events.map((e: any) => e.version)).size).toBe(record.version);
  });
});
