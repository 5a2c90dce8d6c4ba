import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantWrite } from '@funnel/api';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';

// Routing through the api: the standard trunk's round robin over the sales team, a salesperson naming only
// themselves, capacity sending what nobody can take to the pool, a manager's assignment and distribution from the
// pool, a hand-over with progress, and a stage rule's reason and name in history.

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Routing');
  await h.gql(t.admin, 'mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(START).toISOString() });
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const ASSIGN = `mutation($i: AssignRecordInput!) { assignRecord(input: $i) { ${RECORD_RESULT} ... on LimitReached { limit max current } } }`;
const HISTORY = `query($id: ID!) { record(id: $id) { ... on Record { ownerId stage pool { reason } history(first: 50) { edges { node { type actorId from to rule strategy reason cause } } } } } }`;

let serial = 0;
/** A lead of the standard trunk made by `key`, with `extra` input (an owner). */
async function lead(key: string, extra: Record<string, unknown> = {}, workflowKey = 'standard_trunk'): Promise<Record<string, any>> {
  serial += 1;
  const made = await h.gql(key, CREATE, { i: { workflowKey, fields: { name: `Lead ${serial}`, phone: `+1 555 ${1000 + serial}` }, ...extra } });
  return made.data?.createRecord ?? made;
}

async function history(id: string): Promise<Record<string, any>> {
  return (await h.gql(t.admin, HISTORY, { id })).data?.record;
}

const assignedEvents = (record: Record<string, any>) => record.history.edges.map((e: any) => e.node).filter((n: any) => n.type === 'assigned');

/** A lead of the standard trunk in its pool: made by marketing, who owns it, and disqualified. */
async function poolLead(): Promise<string> {
  const made = await lead(t.marketing, { owner: t.marketingId });
  const out = await h.gql(t.marketing, TRANSITION, { i: { id: made.id, transition: 'disqualify', expectedVersion: 1, reason: 'no_need' } });
  expect(out.data?.transitionRecord.stage).toBe('pool');
  return made.id;
}

describe('new records', () => {
  it('go round the sales team in turn, each with an assigned event naming the rule and strategy, and the new owner is told', async () => {
    const owners: string[] = [];
    for (let i = 0; i < 4; i++) owners.push((await lead(t.marketing)).ownerId);
    expect(owners.filter((o) => o === t.salesId)).toHaveLength(2);
    expect(owners.filter((o) => o === t.sales2Id)).toHaveLength(2);
    expect(owners[0]).not.toBe(owners[1]);
    const made = await lead(t.marketing);
    const record = await history(made.id);
    expect(assignedEvents(record)).toEqual([
      { type: 'assigned', actorId: expect.any(String), from: null, to: made.ownerId, rule: 'sales_team', strategy: 'round_robin', reason: null, cause: null },
    ]);
    await h.server.services.drainer.flush();
    const key = made.ownerId === t.salesId ? t.sales : t.sales2;
    const inbox = await h.gql(key, '{ notifications(first: 50) { edges { node { type recordId params } } } }');
    expect(inbox.data?.notifications.edges.map((e: any) => e.node)).toContainEqual({
      type: 'record_assigned',
      recordId: made.id,
      params: expect.objectContaining({ rule: 'sales_team', strategy: 'round_robin', stage: 'lead' }),
    });
  });

  it('pass over a salesperson who is away, and go to them again once they are back', async () => {
    // The tenant's clock stands at START (set above): away from an hour before it to a day after.
    const away = { awayFrom: new Date(START - 3_600_000).toISOString(), awayUntil: new Date(START + 86_400_000).toISOString() };
    const SET_AWAY = 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename } }';
    expect((await h.gql(t.admin, SET_AWAY, { i: { id: t.sales2Id, availability: away } })).data?.updateUser.__typename).toBe('User');
    const owners: string[] = [];
    for (let i = 0; i < 3; i++) owners.push((await lead(t.marketing)).ownerId);
    expect(owners).toEqual([t.salesId, t.salesId, t.salesId]);
    await h.gql(t.admin, SET_AWAY, { i: { id: t.sales2Id, availability: null } });
    const back: string[] = [];
    for (let i = 0; i < 2; i++) back.push((await lead(t.marketing)).ownerId);
    expect(back).toContain(t.sales2Id);
  });

  it('are owned by a salesperson who names themselves, and a salesperson may not name someone else', async () => {
    const mine = await lead(t.sales, { owner: t.salesId });
    expect(mine.ownerId).toBe(t.salesId);
    expect(assignedEvents(await history(mine.id))).toEqual([]);
    const theirs = await h.gql(t.sales, CREATE, {
      i: { workflowKey: 'standard_trunk', fields: { name: 'Not mine', phone: '+1 555 0001' }, owner: t.sales2Id },
    });
    expect(theirs.data?.createRecord).toMatchObject({ __typename: 'Forbidden', message: expect.stringMatching(/name yourself/) });
  });

  it('go to the pool with reason no_one_available when everyone is full, and a full owner named is refused', async () => {
    const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
    definition.key = 'capped';
    definition.assignment = { ...(definition.assignment as NonNullable<WorkflowDefinition['assignment']>), capacity: { max: 1 } };
    await h.publish({ admin: t.admin, key: 'capped', definition });
    const first = await lead(t.marketing, {}, 'capped');
    const second = await lead(t.marketing, {}, 'capped');
    expect([first.ownerId, second.ownerId].sort()).toEqual([t.salesId, t.sales2Id].sort());
    const third = await lead(t.marketing, {}, 'capped');
    expect(third).toMatchObject({ stage: 'pool', ownerId: null });
    const record = await history(third.id);
    expect(record.pool.reason).toBe('no_one_available');
    expect(assignedEvents(record)).toEqual([expect.objectContaining({ to: null, rule: 'sales_team', reason: 'no_one_available' })]);
    const named = await h.gql(t.manager, CREATE, { i: { workflowKey: 'capped', fields: { name: 'Named', phone: '+1 555 0002' }, owner: t.salesId } });
    expect(named.data?.createRecord).toMatchObject({ __typename: 'LimitReached' });
    // A place comes free when the record leaves the stages capacity counts (won and lost count for nobody).
    const out = await h.gql(t.manager, TRANSITION, {
      i: { id: first.ownerId === t.salesId ? first.id : second.id, transition: 'disqualify', expectedVersion: 1, reason: 'no_need' },
    });
    expect(out.data?.transitionRecord.stage, JSON.stringify(out)).toBe('pool');
    expect((await h.gql(t.manager, ASSIGN, { i: { id: third.id, owner: t.salesId } })).data?.assignRecord).toMatchObject({ ownerId: t.salesId });
    const full = await h.gql(t.manager, ASSIGN, { i: { id: third.id, owner: t.sales2Id } });
    expect(full.data?.assignRecord).toEqual({ __typename: 'LimitReached', limit: 'capacity', max: 1, current: 1 });
    const LOADS =
      'query($w: String!, $u: [ID!]!) { assignmentLoads(workflowKey: $w, userIds: $u) { __typename ... on AssignmentLoadsSuccess { data { userId open max user { name } } } } }';
    const loads = await h.gql(t.manager, LOADS, { w: 'capped', u: [t.sales2Id, t.marketingId] });
    expect(loads.data?.assignmentLoads.data).toEqual([
      { userId: t.sales2Id, open: 1, max: 1, user: { name: expect.any(String) } },
      { userId: t.marketingId, open: 0, max: 1, user: { name: expect.any(String) } },
    ]);
    expect((await h.gql(t.sales, LOADS, { w: 'capped', u: [t.salesId] })).data?.assignmentLoads.__typename).toBe('Forbidden');
    // Without a capacity, open records are counted as routing counts them: the person's records without an outcome.
    const theirs = await h.gql(
      t.manager,
      'query($o: ID) { records(first: 100, filter: { workflowKey: "standard_trunk", owner: $o }) { edges { node { outcome } } } }',
      {
        o: t.salesId,
      },
    );
    const open = theirs.data?.records.edges.filter((edge: { node: { outcome: string | null } }) => edge.node.outcome === null).length;
    expect(open).toBeGreaterThan(0);
    expect((await h.gql(t.manager, LOADS, { w: 'standard_trunk', u: [t.salesId] })).data?.assignmentLoads.data).toEqual([
      { userId: t.salesId, open, max: null, user: { name: expect.any(String) } },
    ]);
  });

  it("take a new record's place in a command before the one that stores the record, and send only single-document writes", async () => {
    const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
    definition.key = 'capped_order';
    definition.assignment = { ...(definition.assignment as NonNullable<WorkflowDefinition['assignment']>), capacity: { max: 5 } };
    await h.publish({ admin: t.admin, key: 'capped_order', definition });
    // Each person's first take makes their places document (an upsert of its own): one record each first.
    await lead(t.marketing, {}, 'capped_order');
    await lead(t.marketing, {}, 'capped_order');
    // Every command the api's writes go out in (the turn's shared bulkWrite included), as the writes it carried.
    const { writer } = h.server.services;
    const commands: TenantWrite[][] = [];
    const write = writer.write.bind(writer);
    writer.write = (writes) => {
      commands.push([...writes]);
      return write(writes);
    };
    try {
      // Two routed, two with their owner named by a manager (the record store takes those places).
      const made = await Promise.all([
        lead(t.marketing, {}, 'capped_order'),
        lead(t.marketing, {}, 'capped_order'),
        lead(t.manager, { owner: t.salesId }, 'capped_order'),
        lead(t.manager, { owner: t.sales2Id }, 'capped_order'),
      ]);
      expect(made.map((record) => record.ownerId).sort()).toEqual([t.salesId, t.salesId, t.sales2Id, t.sales2Id].sort());
      const { OwnerLoad, Record } = h.server.services.models;
      for (const { id } of made) {
        const take = commands.findIndex((writes) => writes.some((w) => w.collection === OwnerLoad.collection.collectionName && JSON.stringify(w).includes(id)));
        const insert = commands.findIndex((writes) =>
          writes.some((w) => w.collection === Record.collection.collectionName && w.type === 'insert' && w.document._id === id),
        );
        expect(take, `${id}'s place`).toBeGreaterThanOrEqual(0);
        expect(insert, `${id}'s insert`).toBeGreaterThan(take);
      }
      // The drain's writes too (events, marks, outbox clears): every write a single-document one, so each command is
      // one the driver retries across a replica set election (a multi-document update makes it not retryable).
      await h.server.services.drainer.flush();
      const clears = commands.flat().filter((w) => w.type === 'update' && JSON.stringify(w.update).includes('$pull'));
      expect(clears.length).toBeGreaterThan(0);
      expect(commands.flat().filter((w) => w.type === 'update' && w.multi)).toEqual([]);
    } finally {
      writer.write = write;
    }
  });
});

describe("managers' assignments", () => {
  it('give a record to someone with a reason, named in its history; sales may not, and deactivated people never receive one', async () => {
    const made = await lead(t.marketing, { owner: t.marketingId });
    const done = await h.gql(t.manager, ASSIGN, { i: { id: made.id, owner: t.sales2Id, reason: 'territory' } });
    expect(done.data?.assignRecord).toMatchObject({ ownerId: t.sales2Id, stage: 'lead' });
    expect(assignedEvents(await history(made.id))).toEqual([
      expect.objectContaining({ from: t.marketingId, to: t.sales2Id, rule: null, strategy: null, reason: 'territory' }),
    ]);
    const bySales = await h.gql(t.sales, ASSIGN, { i: { id: made.id, owner: t.salesId } });
    expect(bySales.data?.assignRecord.__typename).toBe('Forbidden');
    const gone = await h.gql(t.admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }', {
      i: { name: 'Gone', roles: ['sales'] },
    });
    const goneId = gone.data?.createUser.id as string;
    await h.gql(t.admin, 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename } }', { i: { id: goneId, active: false } });
    const toGone = await h.gql(
      t.manager,
      `mutation($i: AssignRecordInput!) { assignRecord(input: $i) { __typename ... on ValidationFailed { diagnostics { pointer code } } } }`,
      {
        i: { id: made.id, owner: goneId },
      },
    );
    expect(toGone.data?.assignRecord).toEqual({ __typename: 'ValidationFailed', diagnostics: [{ pointer: '/owner', code: 'deactivated' }] });
    // Nor does a new record name them its owner: refused in words, and no record is made.
    const before = await h.gql(t.admin, '{ records(first: 100) { edges { node { id } } } }');
    const createdForGone = await h.gql(
      t.manager,
      `mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on ValidationFailed { diagnostics { pointer code } } } }`,
      { i: { workflowKey: 'standard_trunk', fields: { name: 'For Gone', phone: '+1 555 0003' }, owner: goneId } },
    );
    expect(createdForGone.data?.createRecord).toEqual({ __typename: 'ValidationFailed', diagnostics: [{ pointer: '/owner', code: 'deactivated' }] });
    expect((await h.gql(t.admin, '{ records(first: 100) { edges { node { id } } } }')).data).toEqual(before.data);
  });

  it('distribute 50 pool records to the people named, in turn, out of the pool', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await poolLead());
    const DISTRIBUTE =
      'mutation($i: DistributeRecordsInput!) { distributeRecords(input: $i) { __typename ... on DistributeRecordsPayload { placements { recordId ownerId rule reason } } } }';
    const bySales = await h.gql(t.sales, DISTRIBUTE, { i: { ids, owners: [t.salesId] } });
    expect(bySales.data?.distributeRecords.__typename).toBe('Forbidden');
    const placed = await h.gql(t.manager, DISTRIBUTE, { i: { ids, owners: [t.salesId, t.sales2Id] } });
    const placements = placed.data?.distributeRecords.placements as { recordId: string; ownerId: string | null }[];
    expect(placements.map((p) => p.recordId)).toEqual(ids);
    expect(placements.filter((p) => p.ownerId === t.salesId)).toHaveLength(25);
    expect(placements.filter((p) => p.ownerId === t.sales2Id)).toHaveLength(25);
    const records = await h.gql(t.admin, `{ records(first: 100, filter: { workflowKey: "standard_trunk", stage: "pool" }) { edges { node { id } } } }`);
    expect(records.data?.records.edges.map((e: any) => e.node.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    // Again: none is in the pool any more, so each says so and nothing moves.
    const again = await h.gql(t.manager, DISTRIBUTE, { i: { ids: ids.slice(0, 2), rule: 'sales_team' } });
    expect(again.data?.distributeRecords.placements).toEqual(
      ids.slice(0, 2).map((recordId) => ({ recordId, ownerId: null, rule: null, reason: 'not_in_pool' })),
    );
  });

  it('distribute by rule weighing capacity in the stage a record leaves the pool for, not the pool it is in', async () => {
    // Capacity counted in lead, MQL and SQL only: the pool does not count, the lead a claim moves a record to does.
    const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
    definition.key = 'pool_uncounted';
    definition.assignment = {
      ...(definition.assignment as NonNullable<WorkflowDefinition['assignment']>),
      capacity: { max: 1, stages: ['lead', 'mql', 'sql'] },
    };
    await h.publish({ admin: t.admin, key: 'pool_uncounted', definition });
    const full = await lead(t.manager, { owner: t.salesId }, 'pool_uncounted');
    expect(full.ownerId).toBe(t.salesId);
    const pooled: string[] = [];
    for (let i = 0; i < 2; i++) {
      const made = await lead(t.marketing, { owner: t.marketingId }, 'pool_uncounted');
      const out = await h.gql(t.marketing, TRANSITION, { i: { id: made.id, transition: 'disqualify', expectedVersion: 1, reason: 'no_need' } });
      expect(out.data?.transitionRecord.stage).toBe('pool');
      pooled.push(made.id);
    }
    const placed = await h.gql(
      t.manager,
      'mutation($i: DistributeRecordsInput!) { distributeRecords(input: $i) { ... on DistributeRecordsPayload { placements { recordId ownerId reason } } } }',
      {
        i: { ids: pooled, rule: 'sales_team' },
      },
    );
    // Sam is full in lead: the first goes to Sue, the second finds nobody with room and stays in the pool.
    expect(placed.data?.distributeRecords.placements).toEqual([
      { recordId: pooled[0], ownerId: t.sales2Id, reason: null },
      { recordId: pooled[1], ownerId: null, reason: 'no_one_available' },
    ]);
  });

  it("hand a departed salesperson's 200 records over by rule, in runs with progress, never back to them", async () => {
    const leaver = await h.gql(t.admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }', {
      i: { name: 'Leaving', roles: ['sales'], managerId: t.managerId },
    });
    const leaverId = leaver.data?.createUser.id as string;
    const ids: string[] = [];
    for (let i = 0; i < 200; i += 20) {
      const made = await Promise.all(Array.from({ length: 20 }, () => lead(t.manager, { owner: leaverId })));
      ids.push(...made.map((r) => r.id));
    }
    await h.gql(t.admin, 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename } }', { i: { id: leaverId, active: false } });
    const HAND_OVER =
      'mutation($i: HandOverRecordsInput!) { handOverRecords(input: $i) { ... on Job { id kind status total processed created skipped errors { message } } } }';
    const first = await h.gql(t.manager, HAND_OVER, { i: { from: leaverId, rule: 'sales_team', reason: 'left', limit: 120 } });
    const job = first.data?.handOverRecords;
    expect(job).toMatchObject({ kind: 'hand_over', status: 'running', total: 200, processed: 120, created: 120, skipped: 0 });
    const progress = await h.gql(t.manager, `{ job(id: "${job.id}") { ... on Job { status processed total } } }`);
    expect(progress.data?.job).toEqual({ status: 'running', processed: 120, total: 200 });
    const rest = await h.gql(t.manager, HAND_OVER, { i: { from: leaverId, rule: 'sales_team', reason: 'left', jobId: job.id } });
    expect(rest.data?.handOverRecords).toMatchObject({ status: 'done', total: 200, processed: 200, created: 200, skipped: 0, errors: [] });
    const owners = new Map<string, number>();
    for (const id of ids.slice(0, 40)) {
      const record = await history(id);
      owners.set(record.ownerId, (owners.get(record.ownerId) ?? 0) + 1);
      expect(assignedEvents(record)).toEqual([expect.objectContaining({ from: leaverId, rule: 'sales_team', strategy: 'round_robin', reason: 'left' })]);
    }
    expect([...owners.keys()].sort()).toEqual([t.salesId, t.sales2Id].sort());
    const left = await h.gql(t.admin, `{ records(first: 10, filter: { owner: "${leaverId}" }) { edges { node { id } } } }`);
    expect(left.data?.records.edges).toEqual([]);
  });
});

describe('rules say why', () => {
  it('three unanswered calls disqualify a lead with the reason no_answer_x3 and the rule named in history', async () => {
    const made = await lead(t.sales, { owner: t.salesId });
    for (let i = 0; i < 3; i++) {
      const logged = await h.gql(t.sales, 'mutation($i: LogActivityInput!) { logActivity(input: $i) { __typename } }', {
        i: { id: made.id, activity: { type: 'call', outcome: 'unanswered' } },
      });
      expect(logged.data?.logActivity.__typename).toBe('Record');
    }
    const record = await history(made.id);
    const moved = record.history.edges.map((e: any) => e.node).find((n: any) => n.type === 'transitioned');
    expect(moved).toMatchObject({ cause: 'rule', rule: 'disqualify_unreachable', reason: 'no_answer_x3', to: record.stage });
  });
});
