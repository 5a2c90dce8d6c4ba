import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelServer } from '@funnel/api';
import { RECORD_RESULT, ROOT_KEY, startHarness, storeModels, type Harness, type TenantKeys } from './harness';

// The board (issue 22's API): a column per stage with its records' count, amount and weighted amount, cards paged per
// column, and the filters a salesperson and a manager use: mine, my team, everyone, one owner, one lead source.

let h: Harness;
let t: TenantKeys;
const ids: Record<string, string> = {};

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const BOARD = `query($w: String!, $p: String, $f: BoardFilter, $first: Int) { board(workflowKey: $w, pipeline: $p, filter: $f) {
  __typename ... on Board { columns { stage phase count amount weightedAmount cards(first: $first) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }
  ... on NotFound { what id } } }`;

/**
 * A record of the standard trunk owned by `owner`, created by the manager, taken to `opportunity` when asked by the
 * manager (qualify) and the owner (`ownerKey`: accept, which makes whoever accepts the owner, and the opportunity).
 */
async function record(name: string, owner: string, fields: Record<string, unknown>, opportunity: boolean, ownerKey = t.manager): Promise<string> {
  const made = await h.gql(t.manager, CREATE, {
    i: {
      workflowKey: 'standard_trunk',
      owner,
      fields: { name, phone: '+1 555 0100', companyName: `${name} Inc`, companyVerified: true, product: 'CRM', seats: 5, ...fields },
    },
  });
  const id = made.data?.createRecord.id as string;
  if (!opportunity) return id;
  let version = 1;
  for (const transition of ['qualify', 'accept', 'create_opportunity']) {
    const moved = await h.gql(transition === 'qualify' ? t.manager : ownerKey, TRANSITION, { i: { id, transition, expectedVersion: version } });
    expect(moved.data?.transitionRecord.__typename, JSON.stringify(moved)).toBe('Record');
    version = moved.data?.transitionRecord.version;
  }
  expect((await h.gql(t.admin, `{ record(id: "${id}") { ... on Record { ownerId stage } } }`)).data?.record).toEqual({ ownerId: owner, stage: 'opportunity' });
  return id;
}

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Board');
  ids.big = await record('Big deal', t.salesId, { amount: 1000 }, true, t.sales);
  ids.small = await record('Small deal', t.sales2Id, { amount: 500 }, true, t.sales2);
  ids.web = await record('Web lead', t.salesId, { amount: 200, source: 'web' }, false);
  ids.managers = await record('Manager lead', t.managerId, {}, false);
});
afterAll(() => h?.close());

type Column = {
  stage: string;
  phase: string;
  count: number;
  amount: number;
  weightedAmount: number;
  cards: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean } };
};

async function board(key: string, filter: Record<string, unknown> | null, first = 20): Promise<Map<string, Column>> {
  const answer = await h.gql(key, BOARD, { w: 'standard_trunk', f: filter, first });
  const columns = answer.data?.board.columns as Column[];
  expect(columns, JSON.stringify(answer)).toBeDefined();
  return new Map(columns.map((c) => [c.stage, c]));
}

const cardIds = (column: Column | undefined) => column?.cards.edges.map((e) => e.node.id).sort();

describe('the board', () => {
  it("has a column per stage in the definition's order, with count, amount and amount weighted by probability", async () => {
    const columns = await board(t.sales, null);
    expect([...columns.keys()]).toEqual(['lead', 'mql', 'sql', 'opportunity', 'product_trial', 'contract_negotiation', 'won', 'lost', 'pool']);
    expect(columns.get('opportunity')).toMatchObject({ phase: 'opportunity', count: 2, amount: 1500, weightedAmount: 150 });
    expect(cardIds(columns.get('opportunity'))).toEqual([ids.big, ids.small].sort());
    expect(columns.get('lead')).toMatchObject({ phase: 'lead', count: 2, amount: 200, weightedAmount: 0 });
    expect(columns.get('won')).toMatchObject({ count: 0, amount: 0, cards: { edges: [] } });
  });

  it("shows a salesperson's own records, a manager's team's, one owner's and one source's", async () => {
    const mine = await board(t.sales, { scope: 'mine' });
    expect(mine.get('opportunity')).toMatchObject({ count: 1, amount: 1000, weightedAmount: 100 });
    expect(cardIds(mine.get('lead'))).toEqual([ids.web]);
    const team = await board(t.manager, { scope: 'team' });
    expect(team.get('opportunity')?.count).toBe(2);
    expect(cardIds(team.get('lead'))).toEqual([ids.web, ids.managers].sort());
    const one = await board(t.manager, { owner: t.sales2Id });
    expect([...one.values()].reduce((n, c) => n + c.count, 0)).toBe(1);
    expect(cardIds(one.get('opportunity'))).toEqual([ids.small]);
    const outside = await board(t.sales, { scope: 'mine', owner: t.sales2Id });
    expect([...outside.values()].every((c) => c.count === 0)).toBe(true);
    const web = await board(t.sales, { source: 'web' });
    expect([...web.values()].reduce((n, c) => n + c.count, 0)).toBe(1);
    expect(cardIds(web.get('lead'))).toEqual([ids.web]);
  });

  it('pages a column on its own, and says what it does not know', async () => {
    const first = await board(t.sales, null, 1);
    expect(first.get('opportunity')?.cards.edges).toHaveLength(1);
    expect(first.get('opportunity')?.cards.pageInfo.hasNextPage).toBe(true);
    const pipeline = await h.gql(t.sales, BOARD, { w: 'standard_trunk', p: 'farmers' });
    expect(pipeline.data?.board).toEqual({ __typename: 'NotFound', what: 'pipeline', id: 'farmers' });
    const workflow = await h.gql(t.sales, BOARD, { w: 'nowhere' });
    expect(workflow.data?.board.__typename).toBe('NotFound');
  });
});

describe('search', () => {
  const SEARCH = '{ records(first: 50, filter: { search: $q }) { edges { node { id } } } }'.replace('{ records', 'query($q: String!) { records');
  const found = async (key: string, q: string) =>
    (((await h.gql(key, SEARCH, { q })).data?.records.edges ?? []) as { node: { id: string } }[]).map((e) => e.node.id).sort();

  it('finds records by the start of any word of their name, company, email or phone, and Chinese text anywhere in them', async () => {
    const bytedance = await record(
      '字节客户',
      t.salesId,
      { companyName: '北京字节跳动科技有限公司', email: 'zhang.wei@bytedance.example', phone: '+86 10 5555 0199' },
      false,
    );
    expect(await found(t.sales, 'big')).toEqual([ids.big]);
    expect(await found(t.sales, 'BIG de')).toEqual([ids.big]);
    expect(await found(t.sales, '字节')).toEqual([bytedance]);
    expect(await found(t.sales, '字节跳动科技')).toEqual([bytedance]);
    expect(await found(t.sales, '上海')).toEqual([]);
    expect(await found(t.sales, '!!!')).toEqual([]);
    expect(await found(t.sales, 'zhang')).toEqual([bytedance]);
    expect(await found(t.sales, '8610')).toEqual([bytedance]);
    expect(await found(t.sales, 'deal')).toEqual([ids.big, ids.small].sort());
    // The terms follow the fields: renamed, it is found by the new name only.
    const renamed = await h.gql(t.admin, 'mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { __typename } }', {
      i: { id: ids.web, expectedVersion: 1, fields: { name: 'Harbour lead', companyName: 'Harbour Inc' } },
    });
    expect(renamed.data?.updateRecord.__typename).toBe('Record');
    expect(await found(t.sales, 'harbour')).toEqual([ids.web]);
    expect(await found(t.sales, 'web')).toEqual([]);
    // Another tenant's records are never found.
    const other = await h.tenant('Board elsewhere');
    await h.gql(other.manager, CREATE, { i: { workflowKey: 'standard_trunk', owner: other.salesId, fields: { name: 'Big other', phone: '+1 555 0111' } } });
    expect(await found(t.sales, 'big')).toEqual([ids.big]);
    const board = await h.gql(t.sales, BOARD, { w: 'standard_trunk', f: { search: 'deal' } });
    expect(((board.data?.board.columns ?? []) as Column[]).find((c) => c.stage === 'opportunity')?.count).toBe(2);
  });

  it('gives records stored before search their terms once per store, at a start', async () => {
    const { models, close } = await storeModels(h.mongo.uri);
    const old = ['Old Harbour Shipping', '上海港务旧客户'];
    try {
      await models.Record.collection.insertMany(
        old.map((name, i) => ({
          _id: `old-record-${i}`,
          tenantId: t.tenantId,
          workflowKey: 'standard_trunk',
          workflowVersion: 1,
          stage: 'lead',
          owner: t.salesId,
          fields: { name },
          version: 1,
          outbox: [],
        })) as never[],
      );
      await models.MaintenanceMark.deleteOne({ _id: 'search-terms' });
    } finally {
      await close();
    }
    expect(await found(t.sales, 'shipping')).toEqual([]);
    const start = () =>
      createFunnelServer({ uri: h.mongo.uri, clock: h.clock, config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined } });
    const first = await start();
    try {
      expect(await first.services.searchTermsBackfill.finished()).toBe(2);
    } finally {
      await first.close();
    }
    expect(await found(t.sales, 'shipping')).toEqual(['old-record-0']);
    expect(await found(t.sales, '港务')).toEqual(['old-record-1']);
    // A fill whose record moved on meanwhile without new terms (a transition between the walk's read and its write)
    // still gives it its terms: the write that changed it left the terms to the fill.
    const store2 = await storeModels(h.mongo.uri);
    try {
      await store2.models.Record.collection.insertOne({
        _id: 'moved-on',
        tenantId: t.tenantId,
        workflowKey: 'standard_trunk',
        workflowVersion: 1,
        stage: 'lead',
        owner: t.salesId,
        fields: { name: 'Moved Meanwhile' },
        version: 5,
        outbox: [],
      } as never);
      await store2.models.Record.collection.updateOne({ tenantId: t.tenantId, _id: 'moved-on' } as never, { $set: { stage: 'mql' }, $inc: { version: 1 } });
    } finally {
      await store2.close();
    }
    const [moved] = await h.server.services.records.fillMissing('search', [{ tenantId: t.tenantId, id: 'moved-on', value: ['w:meanwhile', 'w:moved'] }]);
    expect(moved).toEqual({ ok: true, n: 1 });
    expect(await found(t.sales, 'meanwhile')).toEqual(['moved-on']);
    // The store is marked: the next start reads nothing.
    const next = await start();
    try {
      expect(await next.services.searchTermsBackfill.finished()).toBe(0);
    } finally {
      await next.close();
    }
  });
});
