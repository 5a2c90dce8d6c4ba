import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';

// My work (issue 22's API): a salesperson's lists on the test clock — due soon, follow-ups come due, recycled from
// me, my requests — each paged forward on its own.

let h: Harness;
let t: TenantKeys;

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const LIST = (list: string) => `query($first: Int, $after: String) { myWork { ${list}(first: $first, after: $after) {
  edges { cursor node { id stage } } pageInfo { hasNextPage endCursor } } } }`;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('My work');
  await h.gql(t.admin, 'mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(START).toISOString() });
});
afterAll(() => h?.close());

/** An SQL of the salesperson's: the one-week rule armed (a warning on day 6, back to the pool on day 7). */
async function sql(name: string): Promise<string> {
  const made = await h.gql(t.manager, CREATE, { i: { workflowKey: 'standard_trunk', owner: t.salesId, fields: { name, phone: '+1 555 0100' } } });
  const id = made.data?.createRecord.id as string;
  const qualified = await h.gql(t.manager, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
  const accepted = await h.gql(t.sales, TRANSITION, { i: { id, transition: 'accept', expectedVersion: qualified.data?.transitionRecord.version } });
  expect(accepted.data?.transitionRecord.stage, JSON.stringify(accepted)).toBe('sql');
  return id;
}

async function list(key: string, name: string, first = 20, after: string | null = null) {
  const answer = await h.gql(key, LIST(name), { first, after });
  const connection = answer.data?.myWork[name];
  expect(connection, JSON.stringify(answer)).toBeDefined();
  return connection as { edges: { cursor: string; node: { id: string; stage: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const ids = (connection: Awaited<ReturnType<typeof list>>) => connection.edges.map((e) => e.node.id);
const advance = (by: string) => h.gql(t.admin, `mutation { advanceClock(by: "${by}") { ... on ClockPayload { now } } }`);

describe('my work', () => {
  it('shows what goes back to the pool soon, then what went back, and the requests waiting on a decision', async () => {
    const first = await sql('First');
    await advance('PT1H');
    const second = await sql('Second');
    expect(ids(await list(t.sales, 'dueSoon'))).toEqual([]);
    // Day 4: both warnings (day 6) are within the three days ahead; the soonest first, a page at a time.
    await advance('P4D');
    expect(ids(await list(t.sales, 'dueSoon'))).toEqual([first, second]);
    const page = await list(t.sales, 'dueSoon', 1);
    expect(ids(page)).toEqual([first]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await list(t.sales, 'dueSoon', 1, page.pageInfo.endCursor);
    expect(ids(next)).toEqual([second]);
    expect(next.pageInfo.hasNextPage).toBe(false);
    // Someone else's lists hold none of them.
    expect(ids(await list(t.sales2, 'dueSoon'))).toEqual([]);
    // An extension asked for is a request waiting on a decision.
    const asked = await h.gql(t.sales, `mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { ${RECORD_RESULT} } }`, {
      i: { id: second, timer: 'one_week_rule' },
    });
    expect(asked.data?.requestExtension.__typename, JSON.stringify(asked)).toBe('Record');
    expect(ids(await list(t.sales, 'myRequests'))).toEqual([second]);
    // Day 7: the first goes back to the pool, recycled from its owner.
    await advance('P3D');
    await h.gql(t.admin, 'mutation { runDueTimers { fired } }');
    const recycled = await list(t.sales, 'recycledFromMe');
    expect(recycled.edges.map((e) => e.node)).toContainEqual({ id: first, stage: 'pool' });
    expect(ids(await list(t.sales, 'dueSoon'))).not.toContain(first);
  });

  it('shows follow-ups come due, the oldest first, and refuses paging backwards', async () => {
    const now = Date.parse((await advance('PT1M')).data?.advanceClock.now);
    const made = await h.gql(t.sales, CREATE, { i: { workflowKey: 'standard_trunk', owner: t.salesId, fields: { name: 'Call back', phone: '+1 555 0101' } } });
    const id = made.data?.createRecord.id as string;
    const set = await h.gql(t.sales, 'mutation($i: SetFollowUpInput!) { setFollowUp(input: $i) { __typename } }', {
      i: { id, at: new Date(now + DAY_MS).toISOString(), note: 'send the quote' },
    });
    expect(set.data?.setFollowUp.__typename, JSON.stringify(set)).toBe('Record');
    expect(ids(await list(t.sales, 'followUpsDue'))).toEqual([]);
    await advance('P1DT1M');
    expect(ids(await list(t.sales, 'followUpsDue'))).toEqual([id]);
    const backwards = await h.gql(t.sales, '{ myWork { dueSoon(last: 1) { edges { cursor } } } }');
    expect(JSON.stringify(backwards)).toMatch(/forward only/);
  });
});
