import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelServer, TestClock, type FunnelServer } from '@funnel/api';
import { RECORD_RESULT, ROOT_KEY, START, startHarness, type Harness, type TenantKeys } from './harness';

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const STAGE = 'query($id: ID!) { record(id: $id) { ... on Record { stage } } }';
const NOW = 'mutation { advanceClock(by: "PT0S") { ... on ClockPayload { now } } }';

/** A lead taken to SQL, where the one-week rule recycles it to the pool after 7 days. */
async function sql(h: Harness, t: TenantKeys, name: string): Promise<string> {
  const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name, phone: '+1 555 0000', email: `${name}@x.example` } } });
  const id = made.data?.createRecord.id as string;
  const q = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
  const a = await h.gql(t.sales, TRANSITION, { i: { id, transition: 'accept', expectedVersion: q.data?.transitionRecord.version } });
  expect(a.data?.transitionRecord.stage).toBe('sql');
  return id;
}

describe('the test clock is per tenant and held in the store', () => {
  let h: Harness;
  let a: TenantKeys;
  let b: TenantKeys;
  let second: FunnelServer;

  const gqlOn = async (server: FunnelServer, key: string, query: string, variables: Record<string, unknown> = {}) => {
    const body = JSON.stringify({ query, variables });
    const response = await server.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${key}` },
      body,
    });
    return (await response.json()) as { data?: Record<string, any> };
  };

  beforeAll(async () => {
    h = await startHarness();
    a = await h.tenant('Clock A');
    b = await h.tenant('Clock B');
    // Another process: a test clock of its own, sharing only the store.
    second = await createFunnelServer({
      uri: h.mongo.uri,
      clock: new TestClock(START),
      config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined },
    });
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  it("moves and sweeps only the caller's tenant: another tenant's SQL of the same age stays", async () => {
    const inA = await sql(h, a, 'ann');
    const inB = await sql(h, b, 'bob');
    const moved = await h.gql(a.admin, 'mutation { advanceClock(by: "P8D") { ... on ClockPayload { now } } }');
    expect(Date.parse(moved.data?.advanceClock.now)).toBe(START + 8 * 86_400_000);
    const run = await h.gql(a.admin, 'mutation { runDueTimers { fired } }');
    expect(run.data?.runDueTimers.fired).toBeGreaterThanOrEqual(1);
    expect((await h.gql(a.admin, STAGE, { id: inA })).data?.record.stage).toBe('pool');
    // B's time did not move, and A's sweep did not look at B's records.
    expect(Date.parse((await h.gql(b.admin, NOW)).data?.advanceClock.now)).toBe(START);
    expect((await h.gql(b.admin, 'mutation { runDueTimers { fired } }')).data?.runDueTimers.fired).toBe(0);
    expect((await h.gql(b.admin, STAGE, { id: inB })).data?.record.stage).toBe('sql');
  });

  it("gives every api process the tenant's time: a clock set through one is the time of the other", async () => {
    const at = new Date(START + 30 * 86_400_000).toISOString();
    await gqlOn(second, b.admin, 'mutation($at: DateTime!) { setClock(at: $at) { now } }', { at });
    expect((await h.gql(b.admin, NOW)).data?.advanceClock.now).toBe(at);
    // A record B creates through the first process is stamped with the time set through the second.
    const made = await h.gql(b.marketing, `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ... on Record { createdAt } } }`, {
      i: { workflowKey: 'standard_trunk', fields: { name: 'Cy' } },
    });
    expect(made.data?.createRecord.createdAt).toBe(at);
    // And the sweep of either process, at that time, recycles B's SQL.
    const run = await gqlOn(second, b.admin, 'mutation { runDueTimers { fired } }');
    expect(run.data?.runDueTimers.fired).toBeGreaterThanOrEqual(1);
  });

  it("lets no one but the tenant's admin move it", async () => {
    const refused = await h.gql(a.sales, 'mutation { advanceClock(by: "P1D") { __typename } }');
    expect(refused.data?.advanceClock.__typename).toBe('Forbidden');
    expect(Date.parse((await h.gql(a.admin, NOW)).data?.advanceClock.now)).toBe(START + 8 * 86_400_000);
  });
});
