import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { gate, RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Limits');
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const CLAIM = `mutation($i: ClaimRecordInput!) { claimRecord(input: $i) { ${RECORD_RESULT} } }`;
const RELEASE = `mutation($i: ReleaseRecordInput!) { releaseRecord(input: $i) { ${RECORD_RESULT} } }`;
/**
 * Claims a day per person in the pool of the race below: the standard trunk's pool with 5 instead of its 20, so
 * the race stays short. Three more claims than the limit race for them.
 */
const MAX_CLAIMS = 5;
const RACED_POOL = 'raced_pool';

/** A record of `on`'s tenant (the file's by default) of `workflowKey` taken to the pool. */
async function poolRecord(name: string, on: { h: Harness; t: TenantKeys } = { h, t }, workflowKey = 'standard_trunk'): Promise<string> {
  // Owned by marketing, who made it (the standard trunk would route it to a salesperson, who then cools down on it).
  const made = await on.h.gql(on.t.marketing, CREATE, { i: { workflowKey, fields: { name }, owner: on.t.marketingId } });
  const id = made.data?.createRecord.id as string;
  const out = await on.h.gql(on.t.marketing, TRANSITION, { i: { id, transition: 'disqualify', expectedVersion: 1, reason: 'no_need' } });
  expect(out.data?.transitionRecord.stage).toBe('pool');
  return id;
}

describe('pool limits under concurrency', () => {
  it("lets one salesperson make at most the pool's claims a day however the requests race", async () => {
    await h.gql(t.admin, 'mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(START).toISOString() });
    const definition = getTemplate('standard_trunk').definition as WorkflowDefinition;
    const claim = definition.stages.find((stage) => stage.key === 'pool')?.pool?.claim;
    if (!claim) throw new Error('the standard trunk has no pool to claim from');
    claim.maxClaims = MAX_CLAIMS;
    await h.publish({ admin: t.admin, key: RACED_POOL, definition: { ...definition, key: RACED_POOL } });
    const ids: string[] = [];
    for (let i = 0; i < MAX_CLAIMS + 3; i++) ids.push(await poolRecord(`Pool ${i}`, { h, t }, RACED_POOL));
    const results = await Promise.all(ids.map((id) => h.gql(t.sales, CLAIM, { i: { id } })));
    const kinds = results.map((r) => r.data?.claimRecord.__typename);
    expect(kinds.filter((k) => k === 'Record').length).toBe(MAX_CLAIMS);
    expect(kinds.filter((k) => k !== 'Record').every((k) => k === 'LimitReached' || k === 'GuardRejected')).toBe(true);
    const refused = results.find((r) => r.data?.claimRecord.__typename !== 'Record')?.data?.claimRecord;
    expect(JSON.stringify(refused)).toMatch(/limit/i);
    // The next day the window has moved on.
    await h.gql(t.admin, 'mutation { advanceClock(by: "P1DT1M") { ... on ClockPayload { now } } }');
    const later = ids[results.findIndex((r) => r.data?.claimRecord.__typename !== 'Record')] as string;
    const next = await h.gql(t.sales, CLAIM, { i: { id: later } });
    expect(next.data?.claimRecord.__typename).toBe('Record');
  });

  it("queues one person's racing claims in the process: each takes the lease with one store try, none waits on the others' tries", async () => {
    const CLAIMS = 12;
    const ids: string[] = [];
    for (let i = 0; i < CLAIMS; i++) ids.push(await poolRecord(`Queued ${i}`));
    // Every try for a lease is one findOneAndUpdate on ownerLeases; count them while the claims race.
    let tries = 0;
    const connection = h.server.services.models.OwnerLease.db;
    connection.set('debug', (collection: string, method: string) => {
      if (collection === 'ownerLeases' && method === 'findOneAndUpdate') tries += 1;
    });
    try {
      const results = await Promise.all(ids.map((id) => h.gql(t.sales2, CLAIM, { i: { id } })));
      expect(results.map((r) => r.data?.claimRecord.__typename ?? r.errors?.[0]?.message)).not.toContain('LeaseBusy');
    } finally {
      connection.set('debug', false);
    }
    // One try each: waiters of this process wait for their turn and for the holder to let go, which wakes the
    // next at once (each waiter tried every 5–10 ms before: 223 tries for these 12).
    expect(tries).toBeGreaterThanOrEqual(CLAIMS);
    expect(tries).toBeLessThanOrEqual(CLAIMS + 2);
  });

  it('keeps the previous owner from reclaiming during the cool-down', async () => {
    const id = await poolRecord('Cooling');
    const claimed = await h.gql(t.sales2, CLAIM, { i: { id } });
    expect(claimed.data?.claimRecord.ownerId).toBe(t.sales2Id);
    const released = await h.gql(t.sales2, RELEASE, { i: { id, reason: 'no_need' } });
    expect(released.data?.releaseRecord.__typename).toBe('Record');
    const again = await h.gql(t.sales2, CLAIM, { i: { id } });
    expect(again.data?.claimRecord.__typename).toBe('GuardRejected');
    expect(again.data?.claimRecord.blockers.map((b: any) => b.type)).toContain('cooldown');
    await h.gql(t.admin, 'mutation { advanceClock(by: "P7DT1M") { ... on ClockPayload { now } } }');
    const after = await h.gql(t.sales2, CLAIM, { i: { id } });
    expect(after.data?.claimRecord.ownerId).toBe(t.sales2Id);
  });
});

/** Lease times from the config, a tenth of the defaults, so a hung claim is waited out in about a second and a half. */
const SHORT_LEASES = { ownerLeaseMs: 500, ownerLeaseMaxHoldMs: 1_500, ownerLeaseMaxWaitMs: 1_000 };

describe('a claim that hangs', () => {
  let short: { h: Harness; t: TenantKeys };
  beforeAll(async () => {
    const server = await startHarness(SHORT_LEASES);
    short = { h: server, t: await server.tenant('Hung claims') };
  });
  afterAll(() => short?.h.close());

  it("holds its claimer's lease for at most the longest hold, and a claim waiting meanwhile is told so as a LeaseBusy", async () => {
    const { h, t } = short;
    const [hungId, waitingId, laterId] = [
      await poolRecord('Hung claim', short),
      await poolRecord('Waiting claim', short),
      await poolRecord('Later claim', short),
    ];
    // The hung claim's record write never ends while the test runs (a store stuck for this request alone).
    const records = h.server.services.records;
    const update = records.update;
    const held = gate();
    records.update = async (args) => {
      if (args.before.id === hungId) await held.stop();
      return update.call(records, args);
    };
    const CLAIM_BUSY = `mutation($i: ClaimRecordInput!) { claimRecord(input: $i) { ${RECORD_RESULT} ... on LeaseBusy { code message waitedMs maxHoldMs } } }`;
    const hung = h.gql(t.sales2, CLAIM_BUSY, { i: { id: hungId } });
    try {
      await held.reached;
      const heldFrom = Date.now();
      const waiting = (await h.gql(t.sales2, CLAIM_BUSY, { i: { id: waitingId } })).data?.claimRecord;
      expect(waiting).toMatchObject({ __typename: 'LeaseBusy', code: 'LEASE_BUSY', maxHoldMs: SHORT_LEASES.ownerLeaseMaxHoldMs });
      expect(waiting.waitedMs).toBeGreaterThanOrEqual(SHORT_LEASES.ownerLeaseMaxWaitMs);
      expect(waiting.message).toMatch(/^Waited 1 s for your claims/);
      // Past the longest hold the hung claim's lease lapses, and the claimer's next claim goes through.
      const later = (await h.gql(t.sales2, CLAIM_BUSY, { i: { id: laterId } })).data?.claimRecord;
      expect(later).toMatchObject({ __typename: 'Record', ownerId: t.sales2Id });
      expect(Date.now() - heldFrom).toBeLessThan(SHORT_LEASES.ownerLeaseMaxHoldMs + 2_000);
    } finally {
      held.release();
      records.update = update;
      await hung;
    }
  });
});

describe('a retry while the first request with its idempotency key still runs', () => {
  let quick: { h: Harness; t: TenantKeys };
  beforeAll(async () => {
    const server = await startHarness({ idempotencyWaitMs: 300 });
    quick = { h: server, t: await server.tenant('Pending keys') };
  });
  afterAll(() => quick?.h.close());

  it('is told the first has not answered yet, with the key, and may retry later for its result', async () => {
    const { h, t } = quick;
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Slow' } } });
    const id = made.data?.createRecord.id as string;
    const LOG = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${RECORD_RESULT} } }`;
    const input = { i: { id, idempotencyKey: 'slow-call', activity: { type: 'call', outcome: 'answered' } } };
    // The first request's record write waits until the retry has been answered.
    const records = h.server.services.records;
    const update = records.update;
    const held = gate();
    records.update = async (args) => {
      if (args.before.id === id) await held.stop();
      return update.call(records, args);
    };
    const first = h.gql(t.marketing, LOG, input);
    try {
      await held.reached;
      const retry = await h.gql(t.marketing, LOG, input);
      expect(retry.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_PENDING');
      expect(retry.errors?.[0]?.message).toMatch(/idempotency key "slow-call" \(logActivity\) has not answered/);
    } finally {
      held.release();
      records.update = update;
    }
    expect((await first).data?.logActivity).toMatchObject({ __typename: 'Record', version: 2 });
    const later = await h.gql(t.marketing, LOG, input);
    expect(later.data?.logActivity).toMatchObject({ __typename: 'Record', version: 2 });
  });
});

describe('idempotency', () => {
  it('applies concurrent retries with one idempotency key exactly once', async () => {
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Once' } } });
    const id = made.data?.createRecord.id;
    const LOG = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${RECORD_RESULT} } }`;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.gql(t.marketing, LOG, { i: { id, idempotencyKey: 'call-once', activity: { type: 'call', outcome: 'answered' } } })),
    );
    for (const r of results) expect(r.data?.logActivity).toMatchObject({ __typename: 'Record', version: 2 });
    const record = await h.gql(t.marketing, `{ record(id: "${id}") { ... on Record { version counters } } }`);
    expect(record.data?.record.version).toBe(2);
    expect(record.data?.record.counters.calls).toBe(1);
    const created = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Twice?' }, idempotencyKey: 'create-once' } }),
      ),
    );
    expect(new Set(created.map((r) => r.data?.createRecord.id)).size).toBe(1);
    const twice = await h.gql(t.admin, '{ records(first: 100, filter: { workflowKey: "standard_trunk" }) { edges { node { fields } } } }');
    expect(twice.data?.records.edges.filter((e: any) => e.node.fields.name === 'Twice?').length).toBe(1);
  });

  it('refuses reusing a key for another operation', async () => {
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Key' }, idempotencyKey: 'k-reuse' } });
    const res = await h.gql(t.marketing, TRANSITION, {
      i: { id: made.data?.createRecord.id, transition: 'disqualify', expectedVersion: 1, idempotencyKey: 'k-reuse' },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
