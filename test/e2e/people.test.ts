import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelServer } from '@funnel/api';
import { call, personWithPassword } from './accounts-client';
import { gqlOn, RECORD_RESULT, START, secondApi, startHarness, type Harness, type TenantKeys } from './harness';

// GraphQL speaks in people (issue 17, docs/decisions.md 31): owners, managers, requesters, deciders, metric rows and
// event actors are Users (or typed system actors), read through one batched user lookup per level of a request.

let h: Harness;
let a: TenantKeys;
let b: TenantKeys;

const HOUR_MS = 60 * 60 * 1000;
/** Records in the page whose owners are read together (the api's page maximum). */
const PAGE = 100;

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const PERSON = 'id name active status';
const ACTOR = `actorId actor { __typename ... on User { ${PERSON} } ... on SystemActor { kind } }`;
const HISTORY = (id: string) => `{ record(id: "${id}") { ... on Record { history(first: 30) { edges { node { type cause ${ACTOR} } } } } } }`;
const OWNER = (id: string) => `{ record(id: "${id}") { ... on Record { ownerId owner { ${PERSON} } pool { previousOwnerId previousOwner { ${PERSON} } } } } }`;

/** An api process on the harness's store whose driver reports every command it sends, and the commands on `users`. */
async function monitoredApi(): Promise<{ server: FunnelServer; userCommands: () => string[]; reset: () => void }> {
  const uri = h.mongo.uri.includes('?') ? `${h.mongo.uri}&monitorCommands=true` : `${h.mongo.uri}?monitorCommands=true`;
  // A key stays resolved for the whole test, so authentication reads no user after the first request.
  const server = await secondApi({ ...h, mongo: { ...h.mongo, uri } }, { keyCacheTtlMs: HOUR_MS });
  let seen: string[] = [];
  server.services.models.User.db.getClient().on('commandStarted', (event: CommandStartedEvent) => {
    if (event.command[event.commandName] === 'users') seen.push(`${event.commandName} ${JSON.stringify(event.command.filter ?? {})}`);
  });
  return { server, userCommands: () => seen, reset: () => (seen = []) };
}

/** What an opportunity of the standard trunk needs besides a name. */
const DEAL = { product: 'pro', seats: 3, companyName: 'People Inc', companyVerified: true, amount: 1000 };

/** A lead of `keys`' tenant on `workflowKey`, owned by `owner` (a user id). */
async function lead(keys: TenantKeys, input: { name: string; owner?: string; workflowKey?: string }): Promise<string> {
  const made = await h.gql(keys.admin, CREATE, {
    i: {
      workflowKey: input.workflowKey ?? 'standard_trunk',
      fields: { name: input.name, phone: '+1 555 0170', email: `${input.name.replace(/\W/g, '').toLowerCase()}@people.example`, ...DEAL },
      ...(input.owner ? { owner: input.owner } : {}),
    },
  });
  expect(made.data?.createRecord.__typename, JSON.stringify(made)).toBe('Record');
  return made.data?.createRecord.id as string;
}

/** A lead of tenant A taken to SQL by marketing and `salesKey`. */
async function sql(salesKey: string, name: string): Promise<string> {
  const id = await lead(a, { name });
  const qualified = await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
  const accepted = await h.gql(salesKey, TRANSITION, { i: { id, transition: 'accept', expectedVersion: qualified.data?.transitionRecord.version } });
  expect(accepted.data?.transitionRecord.stage, JSON.stringify(accepted)).toBe('sql');
  return id;
}

/** An opportunity of tenant A, owned by the salesperson of `salesKey` (it counts in the pipeline). */
async function opportunity(salesKey: string, name: string): Promise<string> {
  const id = await sql(salesKey, name);
  const made = await h.gql(salesKey, TRANSITION, { i: { id, transition: 'create_opportunity', expectedVersion: 3 } });
  expect(made.data?.transitionRecord.stage, JSON.stringify(made)).toBe('opportunity');
  return id;
}

async function history(id: string): Promise<any[]> {
  const res = await h.gql(a.admin, HISTORY(id));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data?.record.history.edges.map((e: any) => e.node);
}

const person = (id: string, name: string) => ({ id, name, active: true, status: 'active' });

beforeAll(async () => {
  h = await startHarness();
  a = await h.tenant('People A');
  b = await h.tenant('People B');
  await h.gql(a.admin, 'mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(START).toISOString() });
});
afterAll(() => h?.close());

describe('one user lookup per request', () => {
  let monitored: Awaited<ReturnType<typeof monitoredApi>>;
  beforeAll(async () => {
    monitored = await monitoredApi();
  });
  afterAll(() => monitored?.server.close());

  it(`reads the owners of a page of ${PAGE} records, their previous owners and requesters with ONE find on users`, async () => {
    const owners = [a.salesId, a.sales2Id, a.managerId];
    const ids = await Promise.all(Array.from({ length: PAGE }, (_, i) => lead(a, { name: `Paged ${i}`, owner: owners[i % owners.length] as string })));
    // A few wait for an extension Sam asked for, a few are in the pool, released by Sue.
    for (const id of [ids[0], ids[3], ids[6]] as string[]) {
      await h.gql(a.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
      await h.gql(a.sales, TRANSITION, { i: { id, transition: 'accept', expectedVersion: 2 } });
      const asked = await h.gql(a.sales, 'mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { __typename } }', {
        i: { id, timer: 'one_week_rule' },
      });
      expect(asked.data?.requestExtension.__typename).toBe('Record');
    }
    for (const id of [ids[1], ids[4], ids[7]] as string[]) {
      const released = await h.gql(a.sales2, 'mutation($i: ReleaseRecordInput!) { releaseRecord(input: $i) { __typename } }', { i: { id, reason: 'no_need' } });
      expect(released.data?.releaseRecord.__typename).toBe('Record');
    }
    // The first request resolves the key (and reads its user); what follows is the page alone.
    await gqlOn(monitored.server, a.admin, '{ me { roles } }');
    monitored.reset();
    const page = await gqlOn(
      monitored.server,
      a.admin,
      `{ records(first: ${PAGE}, filter: { workflowKey: "standard_trunk" }) { edges { node { id ownerId owner { id name }
        pool { previousOwnerId previousOwner { name } } timers { extensionRequestedById extensionRequestedBy { name } } } } } }`,
    );
    expect(page.errors, JSON.stringify(page.errors)).toBeUndefined();
    const nodes = page.data?.records.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(PAGE);
    for (const node of nodes) expect(node.owner?.id ?? null).toBe(node.ownerId);
    expect(new Set(nodes.map((n: any) => n.owner?.name))).toEqual(new Set(['Sam Sales', 'Sue Sales', 'Mia Manager', undefined]));
    expect(nodes.filter((n: any) => n.pool?.previousOwner)).toEqual(
      Array.from({ length: 3 }, () => expect.objectContaining({ pool: { previousOwnerId: a.sales2Id, previousOwner: { name: 'Sue Sales' } } })),
    );
    expect(nodes.filter((n: any) => n.timers[0]?.extensionRequestedBy)).toEqual(
      Array.from({ length: 3 }, () =>
        expect.objectContaining({ timers: [{ extensionRequestedById: a.salesId, extensionRequestedBy: { name: 'Sam Sales' } }] }),
      ),
    );
    expect(monitored.userCommands(), monitored.userCommands().join('\n')).toHaveLength(1);
  });

  it('reads the people of the pipeline by owner and by manager with ONE lookup by id', async () => {
    await opportunity(a.sales, 'Deal One');
    await opportunity(a.sales2, 'Deal Two');
    await gqlOn(monitored.server, a.manager, '{ me { roles } }');
    monitored.reset();
    const report = await gqlOn(
      monitored.server,
      a.manager,
      `{ pipeline(workflowKey: "standard_trunk") { ... on PipelineReport {
        byOwner { ownerId owner { id name } count } byManager { managerId manager { id name } count } } } }`,
    );
    expect(report.errors, JSON.stringify(report.errors)).toBeUndefined();
    const { byOwner, byManager } = report.data?.pipeline ?? {};
    expect(byOwner).toContainEqual({ ownerId: a.salesId, owner: { id: a.salesId, name: 'Sam Sales' }, count: expect.any(Number) });
    expect(byManager).toContainEqual({ managerId: a.managerId, manager: { id: a.managerId, name: 'Mia Manager' }, count: expect.any(Number) });
    // The report reads who reports to whom (every user's managerId) to roll up by manager; the people its rows
    // name are then one lookup by id.
    expect(monitored.userCommands()).toEqual([`find {"tenantId":"${a.tenantId}"}`, expect.stringMatching(/^find .*"_id":\{"\$in":/)]);
  });
});

describe('people, not ids', () => {
  it('answers owner, manager, requester, decider and publisher as Users, keeping their ids', async () => {
    const id = await sql(a.sales, 'Extended Person');
    const asked = await h.gql(a.sales, 'mutation($i: RequestExtensionInput!) { requestExtension(input: $i) { __typename } }', {
      i: { id, timer: 'one_week_rule' },
    });
    expect(asked.data?.requestExtension.__typename).toBe('Record');
    const pending = await h.gql(
      a.manager,
      `{ extensionRequests(first: 50) { edges { node { timer requestedById requestedBy { ${PERSON} } record { id ownerId owner { name }
        timers { extensionRequestedById extensionRequestedBy { name } } } } } } }`,
    );
    expect(pending.data?.extensionRequests.edges.map((e: any) => e.node)).toContainEqual({
      timer: 'one_week_rule',
      requestedById: a.salesId,
      requestedBy: person(a.salesId, 'Sam Sales'),
      record: {
        id,
        ownerId: a.salesId,
        owner: { name: 'Sam Sales' },
        timers: [{ extensionRequestedById: a.salesId, extensionRequestedBy: { name: 'Sam Sales' } }],
      },
    });
    const decided = await h.gql(a.manager, 'mutation($i: DecideExtensionInput!) { decideExtension(input: $i) { __typename } }', {
      i: { id, timer: 'one_week_rule', approve: true },
    });
    expect(decided.data?.decideExtension.__typename).toBe('Record');
    // Who decided is the actor of the decision's event.
    const events = await history(id);
    expect(events.find((e) => e.type === 'extension_requested')).toMatchObject({
      actorId: a.salesId,
      actor: { __typename: 'User', ...person(a.salesId, 'Sam Sales') },
    });
    expect(events.find((e) => e.type === 'extension_decided')).toMatchObject({
      actorId: a.managerId,
      actor: { __typename: 'User', ...person(a.managerId, 'Mia Manager') },
    });
    expect(events.find((e) => e.type === 'record_created')).toMatchObject({ actor: { __typename: 'User', name: 'Admin' } });

    const me = await h.gql(a.sales, `{ me { user { managerId manager { ${PERSON} } } } }`);
    expect(me.data?.me.user).toEqual({ managerId: a.managerId, manager: person(a.managerId, 'Mia Manager') });
    const versions = await h.gql(a.admin, '{ workflow(key: "standard_trunk") { ... on Workflow { versions { publishedById publishedBy { id name } } } } }');
    const [published] = versions.data?.workflow.versions ?? [];
    expect(published.publishedBy).toEqual({ id: published.publishedById, name: 'Admin' });
  });

  it('names the manager of a person signing in, whom no session vouches for yet', async () => {
    const password = 'people-password-1';
    const id = await personWithPassword(h.server, { admin: a.admin, email: 'rep@people-a.example', password, managerId: a.managerId });
    const slug = (await h.gql(a.admin, '{ me { tenant { slug } } }')).data?.me.tenant.slug;
    const signedIn = await call(h.server, {
      query: `mutation($i: SignInInput!) { signIn(input: $i) { ... on SignInPayload { user { id manager { ${PERSON} } } } } }`,
      variables: { i: { slug, email: 'rep@people-a.example', password } },
    });
    expect(signedIn.body.data?.signIn).toEqual({ user: { id, manager: person(a.managerId, 'Mia Manager') } });
  });

  it('answers the previous owner of a released record as a User', async () => {
    const id = await sql(a.sales2, 'Released Person');
    const released = await h.gql(a.sales2, 'mutation($i: ReleaseRecordInput!) { releaseRecord(input: $i) { __typename } }', { i: { id, reason: 'no_need' } });
    expect(released.data?.releaseRecord.__typename).toBe('Record');
    const res = await h.gql(a.admin, OWNER(id));
    expect(res.data?.record).toEqual({ ownerId: null, owner: null, pool: { previousOwnerId: a.sales2Id, previousOwner: person(a.sales2Id, 'Sue Sales') } });
  });

  it('answers a deactivated owner as the User they are, inactive', async () => {
    const made = await h.gql(a.admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }', {
      i: { name: 'Dee Parted', roles: ['sales'] },
    });
    const userId = made.data?.createUser.id as string;
    const id = await lead(a, { name: 'Left Behind', owner: userId });
    const off = await h.gql(a.admin, 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename } }', { i: { id: userId, active: false } });
    expect(off.data?.updateUser.__typename).toBe('User');
    const res = await h.gql(a.admin, OWNER(id));
    expect(res.data?.record).toMatchObject({ ownerId: userId, owner: { id: userId, name: 'Dee Parted', active: false, status: 'deactivated' } });
  });
});

describe('system actors', () => {
  it('answers timers, nurture, rules and migrations as a SystemActor of their kind, with the raw actorId', async () => {
    const id = await sql(a.sales, 'Timed Person');
    for (const by of ['P6DT1H', 'P1D']) {
      await h.gql(a.admin, 'mutation($by: String!) { advanceClock(by: $by) { ... on ClockPayload { now } } }', { by });
      await h.gql(a.admin, 'mutation { runDueTimers { fired } }');
    }
    const timed = await history(id);
    for (const type of ['timer_warned', 'timer_fired', 'owner_changed'])
      expect(timed.findLast((e) => e.type === type)).toMatchObject({ actorId: 'system:timer', actor: { __typename: 'SystemActor', kind: 'timer' } });
    expect(timed.find((e) => e.type === 'transitioned' && e.cause === 'timer')).toMatchObject({ actor: { kind: 'timer' } });

    // Released with no need for now, the pool's cadence brings it back a month later.
    const resting = await lead(a, { name: 'Resting Person', owner: a.sales2Id });
    const released = await h.gql(a.sales2, 'mutation($i: ReleaseRecordInput!) { releaseRecord(input: $i) { __typename } }', {
      i: { id: resting, reason: 'no_need' },
    });
    expect(released.data?.releaseRecord.__typename).toBe('Record');
    await h.gql(a.admin, 'mutation { advanceClock(by: "P31D") { ... on ClockPayload { now } } }');
    await h.gql(a.admin, 'mutation { runDueTimers { fired } }');
    expect((await history(resting)).find((e) => e.type === 'transitioned' && e.cause === 'nurture')).toMatchObject({
      actorId: 'system:nurture',
      actor: { __typename: 'SystemActor', kind: 'nurture' },
    });

    const unreachable = await lead(a, { name: 'Rule Person', owner: a.salesId });
    for (let call = 0; call < 3; call++) {
      const logged = await h.gql(a.sales, 'mutation($i: LogActivityInput!) { logActivity(input: $i) { __typename } }', {
        i: { id: unreachable, activity: { type: 'call', outcome: 'unanswered' } },
      });
      expect(logged.data?.logActivity.__typename).toBe('Record');
    }
    const ruled = await history(unreachable);
    expect(ruled.find((e) => e.type === 'transitioned' && e.cause === 'rule')).toMatchObject({
      actorId: 'system:rule',
      actor: { __typename: 'SystemActor', kind: 'rule' },
    });
    expect(ruled.find((e) => e.type === 'activity_logged')).toMatchObject({ actorId: a.salesId, actor: { __typename: 'User', name: 'Sam Sales' } });

    const made = await h.gql(a.admin, 'mutation { createWorkflowFromTemplate(input: { template: "standard_trunk", key: "people_mig" }) { __typename } }');
    expect(made.data?.createWorkflowFromTemplate.__typename).toBe('Workflow');
    const moved = await lead(a, { name: 'Migrated Person', workflowKey: 'people_mig' });
    await h.gql(a.admin, 'mutation { publishWorkflow(input: { key: "people_mig" }) { __typename } }');
    const job = await h.gql(a.admin, 'mutation($i: MigrateRecordsInput!) { migrateRecords(input: $i) { ... on Job { status } } }', {
      i: { workflowKey: 'people_mig', fromVersion: 1, toVersion: 2, stageMap: [] },
    });
    expect(job.data?.migrateRecords.status).toBe('done');
    expect((await history(moved)).find((e) => e.type === 'migrated')).toMatchObject({
      actorId: 'system:migration',
      actor: { __typename: 'SystemActor', kind: 'migration' },
    });
  });

  it('reads events logged as "system" before actors were told apart by what the event says', async () => {
    const id = await lead(a, { name: 'Old Log' });
    const { Event } = h.server.services.models;
    const old = (seq: number, event: Record<string, unknown>) => ({
      _id: `${id}:0000000900:${String(seq).padStart(4, '0')}`,
      tenantId: a.tenantId,
      workflowKey: 'standard_trunk',
      recordId: id,
      version: 900,
      seq,
      at: START,
      actor: 'system',
      ...event,
    });
    await Event.collection.insertMany([
      old(0, { type: 'timer_fired', timer: 'one_week_rule', transition: 'recycle' }),
      old(1, { type: 'transitioned', transition: 'recycle', from: 'sql', to: 'pool', cause: 'timer', excludedFromPerformance: false, durationInStage: 1 }),
      old(2, { type: 'owner_changed', from: a.salesId, to: null }),
      old(3, { type: 'nurture_touch_due', cadence: 'default' }),
      old(4, { type: 'transitioned', transition: 'disqualify', from: 'lead', to: 'pool', cause: 'rule', excludedFromPerformance: false, durationInStage: 1 }),
      old(5, { type: 'migrated', fromVersion: 1, toVersion: 2, from: 'lead', to: 'lead' }),
    ] as never[]);
    const kinds = (await history(id)).filter((e) => e.actorId === 'system').map((e) => [e.type, e.actor]);
    expect(kinds).toEqual([
      ['timer_fired', { __typename: 'SystemActor', kind: 'timer' }],
      ['transitioned', { __typename: 'SystemActor', kind: 'timer' }],
      // Logged with a transition of the same change, but which one the event alone does not say.
      ['owner_changed', { __typename: 'SystemActor', kind: 'unspecified' }],
      ['nurture_touch_due', { __typename: 'SystemActor', kind: 'nurture' }],
      ['transitioned', { __typename: 'SystemActor', kind: 'rule' }],
      ['migrated', { __typename: 'SystemActor', kind: 'migration' }],
    ]);
  });
});

describe('tenant isolation of people', () => {
  it("never answers another tenant's user, even for an id written straight into the store", async () => {
    const theirs = b.salesId;
    const id = await opportunity(a.sales, 'Foreign Owner');
    const { Record, Event } = h.server.services.models;
    await Record.collection.updateOne({ _id: id, tenantId: a.tenantId } as never, {
      $set: { owner: theirs, pool: { since: START, previousOwner: theirs, touches: 0, touchesWithoutResponse: 0, dormant: false } },
    });
    await Event.collection.insertOne({
      _id: `${id}:0000000901:0000`,
      tenantId: a.tenantId,
      workflowKey: 'standard_trunk',
      recordId: id,
      version: 901,
      seq: 0,
      at: START,
      actor: theirs,
      type: 'fields_updated',
      changed: ['name'],
    } as never);

    const res = await h.gql(a.admin, OWNER(id));
    expect(res.data?.record).toEqual({ ownerId: theirs, owner: null, pool: { previousOwnerId: theirs, previousOwner: null } });
    expect((await history(id)).find((e) => e.actorId === theirs)).toEqual({ type: 'fields_updated', cause: null, actorId: theirs, actor: null });
    const report = await h.gql(a.admin, '{ pipeline(workflowKey: "standard_trunk") { ... on PipelineReport { byOwner { ownerId owner { id } } } } }');
    expect(report.data?.pipeline.byOwner).toContainEqual({ ownerId: theirs, owner: null });

    // The same id is a person in their own tenant.
    const own = await lead(b, { name: 'Own Owner', owner: theirs });
    expect((await h.gql(b.admin, OWNER(own))).data?.record).toMatchObject({ ownerId: theirs, owner: person(theirs, 'Sam Sales') });
  });
});
