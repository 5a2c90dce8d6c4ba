import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Rules Inc');
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const REQUEST = `mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { ${RECORD_RESULT} } }`;
const DECIDE = `mutation($i: DecideExtensionInput!) { decideExtension(input: $i) { ${RECORD_RESULT} } }`;
const GET = `query($id: ID!) { record(id: $id) { ... on Record { ${'id stage ownerId version excludedFromPerformance counters timers { key dueAt extensions } pool { reason }'} } } }`;

/** A lead taken to SQL by marketing and the given salesperson. */
async function sqlFor(salesKey: string, name: string): Promise<string> {
  const made = await h.gql(t.marketing, CREATE, {
    i: { workflowKey: 'standard_trunk', fields: { name, phone: '+1 555 0000', email: `${name.replace(/\W/g, '')}@x.example` } },
  });
  const id = made.data?.createRecord.id as string;
  const q = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
  expect(q.data?.transitionRecord.stage).toBe('mql');
  const a = await h.gql(salesKey, TRANSITION, { i: { id, transition: 'accept', expectedVersion: q.data?.transitionRecord.version } });
  expect(a.data?.transitionRecord.stage).toBe('sql');
  return id;
}

async function record(id: string) {
  return (await h.gql(t.admin, GET, { id })).data?.record;
}

async function extend(id: string): Promise<Record<string, any>> {
  const asked = await h.gql(t.sales, REQUEST, { i: { id, timer: 'one_week_rule' } });
  if (asked.data?.requestExtension.__typename !== 'Record') return asked.data?.requestExtension;
  return (await h.gql(t.manager, DECIDE, { i: { id, timer: 'one_week_rule', approve: true } })).data?.decideExtension;
}

describe('the one-week rule, played out with the test clock', () => {
  it('returns an SQL to the pool on day 7 without an opportunity', async () => {
    await h.gql(t.admin, 'mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(START).toISOString() });
    const id = await sqlFor(t.sales, 'Seven Days');
    await h.gql(t.admin, 'mutation { advanceClock(by: "P6DT23H") { ... on ClockPayload { now } } }');
    await h.gql(t.admin, 'mutation { runDueTimers { fired } }');
    expect((await record(id)).stage).toBe('sql');
    // The warning fires a day before the deadline.
    const warned = await h.gql(t.admin, `{ record(id: "${id}") { ... on Record { history(first: 50) { edges { node { type timer } } } } } }`);
    expect(warned.data?.record.history.edges.map((e: any) => e.node)).toContainEqual({ type: 'timer_warned', timer: 'one_week_rule' });
    await h.gql(t.admin, 'mutation { advanceClock(by: "PT1H") { ... on ClockPayload { now } } }');
    const run = await h.gql(t.admin, 'mutation { runDueTimers { fired } }');
    expect(run.data?.runDueTimers.fired, JSON.stringify(run)).toBeGreaterThanOrEqual(1);
    const after = await record(id);
    expect(after).toMatchObject({ stage: 'pool', ownerId: null });
    const pool = await h.gql(t.sales, '{ pool(workflowKey: "standard_trunk", first: 50) { edges { node { id } } } }');
    expect(pool.data?.pool.edges.map((e: any) => e.node.id)).toContain(id);
    const history = await h.gql(t.admin, `{ record(id: "${id}") { ... on Record { history(first: 50) { edges { node { type actorId } } } } } }`);
    expect(history.data?.record.history.edges.map((e: any) => e.node.type)).toContain('timer_fired');
  });

  it('shows a pending request to the manager above the owner, and a rejection leaves the deadline alone', async () => {
    const id = await sqlFor(t.sales2, 'Rejected Lead');
    const due = (await record(id)).timers[0].dueAt;
    const asked = await h.gql(t.sales2, REQUEST, { i: { id, timer: 'one_week_rule' } });
    expect(asked.data?.requestExtension.__typename).toBe('Record');
    const LIST = '{ extensionRequests(first: 50) { edges { node { timer requestedById record { id } } } } }';
    const forManager = await h.gql(t.manager, LIST);
    expect(forManager.data?.extensionRequests.edges.map((e: any) => e.node)).toContainEqual({
      timer: 'one_week_rule',
      requestedById: t.sales2Id,
      record: { id },
    });
    const forSales = await h.gql(t.sales, LIST);
    expect(forSales.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bySales = await h.gql(t.sales, DECIDE, { i: { id, timer: 'one_week_rule', approve: true } });
    expect(bySales.data?.decideExtension.__typename).toBe('GuardRejected');
    const rejected = await h.gql(t.manager, DECIDE, { i: { id, timer: 'one_week_rule', approve: false } });
    expect(rejected.data?.decideExtension.__typename).toBe('Record');
    expect(rejected.data?.decideExtension.timers[0]).toMatchObject({ dueAt: due, extensions: 0 });
    const after = await h.gql(t.manager, LIST);
    expect(after.data?.extensionRequests.edges.map((e: any) => e.node.record.id)).not.toContain(id);
  });

  it('grants two extensions, refuses the third, and the timer moves each time', async () => {
    const id = await sqlFor(t.sales, 'Extended Lead');
    const due0 = Date.parse((await record(id)).timers[0].dueAt);
    const first = await extend(id);
    expect(first.__typename).toBe('Record');
    const second = await extend(id);
    expect(second.__typename).toBe('Record');
    expect(Date.parse(second.timers[0].dueAt)).toBe(due0 + 14 * DAY_MS);
    const third = await extend(id);
    expect(['GuardRejected', 'LimitReached']).toContain(third.__typename);
    const requests = await h.gql(t.manager, '{ extensionRequests(first: 10) { edges { node { timer record { id } } } } }');
    expect(requests.data?.extensionRequests.edges.map((e: any) => e.node.record.id)).not.toContain(id);
  });

  it('refuses the eleventh extended lead of one salesperson, even when requests race', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push(await sqlFor(t.sales, `Lead ${i}`));
    // One lead already holds an extension from the test above: count what this salesperson holds now.
    const mine = await h.gql(
      t.admin,
      `{ records(first: 100, filter: { owner: "${t.salesId}", stage: "sql" }) { edges { node { id timers { extensions } } } } }`,
    );
    const already = mine.data?.records.edges.filter((e: any) => e.node.timers[0]?.extensions > 0).length;
    for (const id of ids) await h.gql(t.sales, REQUEST, { i: { id, timer: 'one_week_rule' } });
    const results = await Promise.all(ids.map((id) => h.gql(t.manager, DECIDE, { i: { id, timer: 'one_week_rule', approve: true } })));
    const approved = results.filter((r) => r.data?.decideExtension.__typename === 'Record').length;
    expect(approved + already).toBe(10);
    const refused = results.find((r) => r.data?.decideExtension.__typename !== 'Record')?.data?.decideExtension;
    expect(['GuardRejected', 'LimitReached']).toContain(refused.__typename);
  });
});

describe('marketing quality', () => {
  it('returns an invalid MQL to marketing, left out of performance', async () => {
    const id = await sqlFor(t.sales2, 'Bad Number');
    const current = await record(id);
    const returned = await h.gql(t.sales2, TRANSITION, { i: { id, transition: 'return_mql', expectedVersion: current.version, reason: 'wrong_number' } });
    if (returned.data?.transitionRecord.__typename !== 'Record') {
      const options = await h.gql(t.sales2, `{ record(id: "${id}") { ... on Record { availableTransitions { transition reasonOptions } } } }`);
      const reason = options.data?.record.availableTransitions.find((o: any) => o.transition === 'return_mql').reasonOptions[0];
      const retry = await h.gql(t.sales2, TRANSITION, { i: { id, transition: 'return_mql', expectedVersion: current.version, reason } });
      expect(retry.data?.transitionRecord).toMatchObject({ stage: 'mql', excludedFromPerformance: true });
    } else {
      expect(returned.data?.transitionRecord).toMatchObject({ stage: 'mql', excludedFromPerformance: true });
    }
    const funnel = await h.gql(
      t.admin,
      'query($p: PeriodInput!) { funnel(workflowKey: "standard_trunk", period: $p) { ... on FunnelReport { stages { stage entered } } } }',
      {
        p: { from: new Date(START - DAY_MS).toISOString(), to: new Date(START + 365 * DAY_MS).toISOString() },
      },
    );
    const sql = funnel.data?.funnel.stages.find((s: any) => s.stage === 'sql');
    const all = await h.gql(t.admin, '{ records(first: 100, filter: { workflowKey: "standard_trunk" }) { edges { node { id excludedFromPerformance } } } }');
    const counted = all.data?.records.edges.filter((e: any) => !e.node.excludedFromPerformance).length;
    expect(sql.entered).toBeLessThanOrEqual(counted);
    const excluded = all.data?.records.edges.filter((e: any) => e.node.excludedFromPerformance).map((e: any) => e.node.id);
    expect(excluded).toContain(id);
  });

  it('disqualifies a lead after three unanswered calls', async () => {
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'No Answer', phone: '+1 555 0999' } } });
    const id = made.data?.createRecord.id;
    const LOG = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${RECORD_RESULT} } }`;
    for (let call = 1; call <= 2; call++) {
      const res = await h.gql(t.marketing, LOG, { i: { id, activity: { type: 'call', outcome: 'unanswered' } } });
      expect(res.data?.logActivity).toMatchObject({ stage: 'lead', counters: expect.objectContaining({ unansweredCalls: call }) });
    }
    const third = await h.gql(t.marketing, LOG, { i: { id, activity: { type: 'call', outcome: 'unanswered' } } });
    expect(third.data?.logActivity.stage).toBe('pool');
    const missing = await h.gql(t.marketing, LOG, { i: { id, activity: { type: 'call' } } });
    expect(missing.data?.logActivity.__typename).toBe('ValidationFailed');
  });
});

describe('nurture in the pool', () => {
  it('re-activates a "no need for now" record after a month and makes nurture touches come due for the others', async () => {
    const noNeed = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Later' } } });
    const paused = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Paused' } } });
    const a = noNeed.data?.createRecord.id;
    const b = paused.data?.createRecord.id;
    expect(
      (await h.gql(t.marketing, TRANSITION, { i: { id: a, transition: 'disqualify', expectedVersion: 1, reason: 'no_need' } })).data?.transitionRecord.stage,
    ).toBe('pool');
    expect(
      (await h.gql(t.marketing, TRANSITION, { i: { id: b, transition: 'disqualify', expectedVersion: 1, reason: 'not_now' } })).data?.transitionRecord.stage,
    ).toBe('pool');
    await h.gql(t.admin, 'mutation { advanceClock(by: "P30DT1H") { ... on ClockPayload { now } } }');
    await h.gql(t.admin, 'mutation { runDueTimers { fired } }');
    expect((await record(a)).stage).toBe('lead');
    const other = await h.gql(t.admin, `{ record(id: "${b}") { ... on Record { stage history(first: 50) { edges { node { type } } } } } }`);
    expect(other.data?.record.stage).toBe('pool');
    expect(other.data?.record.history.edges.map((e: any) => e.node.type)).toContain('nurture_touch_due');
  });
});

describe('the public pool', () => {
  it('lets exactly one of many racing salespeople claim a record', async () => {
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Race', phone: '+1 555 0777' } } });
    const id = made.data?.createRecord.id;
    const d = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'disqualify', expectedVersion: 1, reason: 'no_need' } });
    expect(d.data?.transitionRecord.stage).toBe('pool');
    const CLAIM = `mutation($i: ClaimRecordInput!) { claimRecord(input: $i) { ${RECORD_RESULT} } }`;
    const racers = [t.sales, t.sales2, t.manager, t.sales, t.sales2, t.manager];
    const results = await Promise.all(racers.map((key) => h.gql(key, CLAIM, { i: { id } })));
    const winners = results.filter((r) => r.data?.claimRecord.__typename === 'Record');
    expect(winners.length).toBe(1);
    for (const r of results) expect(r.errors).toBeUndefined();
    const after = await record(id);
    expect(after.stage).toBe('lead');
    expect(after.ownerId).toBe(winners[0]?.data?.claimRecord.ownerId);
    const released = await h.gql(
      winners[0] === results[0] || winners[0] === results[3] ? t.sales : winners[0] === results[1] || winners[0] === results[4] ? t.sales2 : t.manager,
      `mutation($i: ReleaseRecordInput!) { releaseRecord(input: $i) { ${RECORD_RESULT} } }`,
      { i: { id, reason: 'no_need' } },
    );
    expect(released.data?.releaseRecord).toMatchObject({ __typename: 'Record', ownerId: null });
  });
});
