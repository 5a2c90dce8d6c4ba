import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnEmbeddedMongo } from '@funnel/embedded-mongo';
import { openModels, type Models } from '@funnel/api';
import { getTemplate } from '@funnel/schemas';
import { ROOT_KEY, type GraphQLResult } from './harness';
import { gqlAt, type HttpApi } from './http-client';
import { freePorts, TestProcesses } from './processes';

// Issue 19's races, on two api processes of their own (`npm start`'s main.ts) over one embedded store process: the
// rotation lives in the store, so two processes routing at once share one turn; capacity places are taken in the
// conditional write, so no interleaving of claims, assignments and routed creates puts anyone above the cap.

/** Leads the two processes import at once, half each, into a round-robin team of seven. */
const LEADS = 1_000;
const TEAM = 7;
/** Records created at once into the weighted team (weights 1:2:3), and the requests each process has in flight. */
const WEIGHTED_RECORDS = 600;
const WEIGHTS = [1, 2, 3] as const;
const CREATORS_PER_PROCESS = 10;
/** The cap of open records per owner, what the two owners hold before the race, and the racing operations of each kind. */
const CAPACITY = 20;
const HELD_BEFORE = 10;
const RACING_PER_KIND = 10;
/**
 * How long one import holds the tenant's import turn (the default is half a second): short, so the two imports take
 * turns many times and the rotation passes from one process to the other and back while both run.
 */
const IMPORT_TURN_MS = 25;
/**
 * Rows an import checks and creates together: few, so a turn ends after a few of them and the imports alternate many
 * times (at the default 250 a 500-row import is two chunks, and one import could take both turns in a row).
 */
const IMPORT_CHUNK_ROWS = 10;

const processes = new TestProcesses();
let closeStore: () => Promise<unknown> = async () => undefined;
let closeModels: () => Promise<void> = async () => undefined;
let models: Models;
/** The two api processes, as a load balancer would spread requests over them. */
let apis: [HttpApi['gql'], HttpApi['gql']];

beforeAll(async () => {
  const store = await spawnEmbeddedMongo({ inMemory: true });
  closeStore = store.close;
  const ports = await freePorts(['first', 'second']);
  const env = {
    MONGODB_URI: store.uri,
    FUNNEL_ROOT_KEY: ROOT_KEY,
    FUNNEL_SWEEP_INTERVAL_MS: '0',
    FUNNEL_METRICS_BUILD_INTERVAL_MS: '0',
    FUNNEL_IMPORT_TURN_MS: String(IMPORT_TURN_MS),
    FUNNEL_IMPORT_CHUNK_ROWS: String(IMPORT_CHUNK_ROWS),
  };
  await Promise.all([
    processes.start(['api/src/main.ts'], { ...env, PORT: String(ports.first) }, /Funnel is running/),
    processes.start(['api/src/main.ts'], { ...env, PORT: String(ports.second) }, /Funnel is running/),
  ]);
  apis = [gqlAt(`http://127.0.0.1:${ports.first}/graphql`), gqlAt(`http://127.0.0.1:${ports.second}/graphql`)];
  const opened = await openModels(store.uri);
  models = opened.models;
  closeModels = opened.close;
});

afterAll(async () => {
  processes.stop();
  await closeModels();
  await closeStore();
});

/** One request to the first or second process; throws with the answer when it carries errors. */
async function gql(api: 0 | 1, key: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const answer: GraphQLResult = await apis[api](key, query, variables);
  if (answer.errors || !answer.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(answer)}`);
  return answer.data;
}

interface Person {
  id: string;
  key: string;
}

/** A tenant (through the first process) with its admin's key and a manager. */
async function newTenant(name: string): Promise<{ tenantId: string; admin: string; manager: Person }> {
  const created = await gql(
    0,
    ROOT_KEY,
    'mutation($n: String!) { createTenant(input: { name: $n }) { ... on CreateTenantPayload { adminKey tenant { id } } } }',
    {
      n: name,
    },
  );
  const admin = created.createTenant.adminKey as string;
  return { tenantId: created.createTenant.tenant.id, admin, manager: await person(admin, 'Mia Manager', ['manager']) };
}

/** A user of the admin's tenant with an API key of their own. */
async function person(admin: string, name: string, roles: string[]): Promise<Person> {
  const made = await gql(0, admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { __typename ... on User { id } } }', { i: { name, roles } });
  const id = made.createUser.id as string;
  const key = await gql(0, admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
    i: { userId: id, name: `${name}'s key` },
  });
  return { id, key: key.createApiKey.token };
}

/** The standard trunk as workflow `key` with `assignment`, its pool's claim limit out of the way (capacity is what is raced). */
async function publish(admin: string, key: string, assignment: unknown): Promise<void> {
  const template = structuredClone(getTemplate('standard_trunk').definition);
  for (const stage of template.stages) if (stage.pool?.claim) stage.pool.claim.maxClaims = 1_000;
  const definition = { ...template, key, assignment };
  const saved = await gql(0, admin, 'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename } }', { i: { key, definition } });
  expect(saved.saveWorkflowDraft.__typename).toBe('Workflow');
  const published = await gql(
    0,
    admin,
    'mutation($k: String!) { publishWorkflow(input: { key: $k }) { __typename ... on ValidationFailed { diagnostics { pointer message } } } }',
    {
      k: key,
    },
  );
  expect(published.publishWorkflow, JSON.stringify(published)).toMatchObject({ __typename: 'WorkflowVersion' });
}

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) {
  __typename ... on Record { id ownerId stage pool { reason } } ... on LimitReached { limit max current } } }`;

/** Records of a workflow in the store, by owner (null: nobody), counting only those still open (no outcome). */
async function openByOwner(tenantId: string, workflowKey: string): Promise<Map<string | null, string[]>> {
  const records = await models.Record.find({ tenantId, workflowKey, outcome: { $exists: false } }, { owner: 1 }).lean();
  const byOwner = new Map<string | null, string[]>();
  for (const record of records) byOwner.set(record.owner ?? null, [...(byOwner.get(record.owner ?? null) ?? []), record._id]);
  return byOwner;
}

/** Every `assigned` event of a tenant's records, by record: the ones in the log and the ones still in outboxes, once each. */
async function assignedEvents(tenantId: string): Promise<Map<string, Record<string, unknown>[]>> {
  const events = new Map<string, Record<string, unknown>>();
  for (const event of await models.Event.find({ tenantId, type: 'assigned' }).lean()) events.set(event._id, event as unknown as Record<string, unknown>);
  const pending = await models.Record.find({ tenantId, 'outbox.event.type': 'assigned' }, { outbox: 1 }).lean();
  for (const record of pending)
    for (const entry of record.outbox) if (entry.event.type === 'assigned') events.set(entry._id, { ...entry.event, recordId: record._id });
  const byRecord = new Map<string, Record<string, unknown>[]>();
  for (const event of events.values()) {
    const recordId = event.recordId as string;
    byRecord.set(recordId, [...(byRecord.get(recordId) ?? []), event]);
  }
  return byRecord;
}

/** How often the next event's actor differs from the one before, in the order the events happened. */
function actorChanges(events: Record<string, unknown>[]): number {
  const actors = [...events].sort((a, b) => (a.at as number) - (b.at as number)).map((e) => e.actor);
  return actors.filter((actor, i) => i > 0 && actor !== actors[i - 1]).length;
}

it('1,000 leads imported by two api processes at once go round a team of 7: 142 or 143 each, every lead owned and assigned once', async () => {
  const { tenantId, admin, manager } = await newTenant('Rotation');
  const team: Person[] = [];
  for (let i = 0; i < TEAM; i++) team.push(await person(admin, `Rep ${i}`, ['sales']));
  const users = team.map((p) => p.id);
  await publish(admin, 'rotation', {
    rules: [{ key: 'team_of_seven', name: { en: 'Team of seven, in turn' }, target: { team: { users }, strategy: 'round_robin' } }],
  });

  // No owner column: every row is routed. The manager imports the first half through one process while the admin
  // imports the second through the other.
  const csv = (from: number, to: number) =>
    ['name,email', ...Array.from({ length: to - from }, (_, i) => `Lead ${from + i},lead${from + i}@rotation.example`)].join('\n');
  const IMPORT = 'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename ... on Job { status created skipped errors { row message } } } }';
  const half = LEADS / 2;
  const jobs = await Promise.all([
    gql(0, manager.key, IMPORT, { i: { workflowKey: 'rotation', csv: csv(0, half) } }),
    gql(1, admin, IMPORT, { i: { workflowKey: 'rotation', csv: csv(half, LEADS) } }),
  ]);
  for (const job of jobs) expect(job.importRecords, JSON.stringify(job)).toMatchObject({ __typename: 'Job', status: 'done', created: half, skipped: 0 });

  const byOwner = await openByOwner(tenantId, 'rotation');
  expect(byOwner.get(null) ?? []).toEqual([]);
  const shares = Object.fromEntries(users.map((id) => [id, byOwner.get(id)?.length ?? 0]));
  expect([...byOwner.keys()].sort()).toEqual([...users].sort());
  for (const share of Object.values(shares)) expect([142, 143], JSON.stringify(shares)).toContain(share);
  expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBe(LEADS);

  const assigned = await assignedEvents(tenantId);
  expect(assigned.size).toBe(LEADS);
  const owners = new Map([...byOwner].flatMap(([owner, ids]) => ids.map((id) => [id, owner] as const)));
  for (const [recordId, events] of assigned) {
    expect(events, recordId).toHaveLength(1);
    expect(events[0], recordId).toMatchObject({ from: null, to: owners.get(recordId), rule: 'team_of_seven', strategy: 'round_robin' });
  }
  // The imports really ran at once: the routing passed between the two importers' turns again and again.
  expect(actorChanges([...assigned.values()].flat())).toBeGreaterThanOrEqual(3);
});

it('a weighted team of 3 (1:2:3) shares 600 records created at once through both processes within one of 100/200/300', async () => {
  const { tenantId, admin, manager } = await newTenant('Weighted');
  const team: Person[] = [];
  for (const weight of WEIGHTS) team.push(await person(admin, `Rep weighing ${weight}`, ['sales']));
  const weights = Object.fromEntries(team.map((p, i) => [p.id, WEIGHTS[i]]));
  await publish(admin, 'weighted', {
    rules: [{ key: 'by_weight', name: { en: 'By weight' }, target: { team: { users: team.map((p) => p.id) }, strategy: 'weighted_round_robin', weights } }],
  });

  let next = 0;
  const creator = async (api: 0 | 1) => {
    for (let n = next++; n < WEIGHTED_RECORDS; n = next++) {
      const created = await gql(api, manager.key, CREATE, { i: { workflowKey: 'weighted', fields: { name: `Lead ${n}`, email: `w${n}@weighted.example` } } });
      expect(created.createRecord, JSON.stringify(created)).toMatchObject({ __typename: 'Record' });
    }
  };
  await Promise.all(Array.from({ length: 2 * CREATORS_PER_PROCESS }, (_, i) => creator((i % 2) as 0 | 1)));

  const byOwner = await openByOwner(tenantId, 'weighted');
  expect(byOwner.get(null) ?? []).toEqual([]);
  const total = WEIGHTS.reduce((a, b) => a + b, 0);
  for (const [i, p] of team.entries()) {
    const share = ((WEIGHTS[i] as number) / total) * WEIGHTED_RECORDS;
    const got = byOwner.get(p.id)?.length ?? 0;
    expect(Math.abs(got - share), `weight ${WEIGHTS[i]}: ${got} records for a share of ${share}`).toBeLessThanOrEqual(1);
  }
  const assigned = await assignedEvents(tenantId);
  expect(assigned.size).toBe(WEIGHTED_RECORDS);
  for (const [recordId, events] of assigned) expect(events, recordId).toHaveLength(1);
});

it('with capacity 20, claims, assignments and routed creates racing on two processes put nobody above 20; the rest stay in the pool with their reason', async () => {
  const { tenantId, admin, manager } = await newTenant('Capacity');
  const sam = await person(admin, 'Sam Sales', ['sales']);
  const sue = await person(admin, 'Sue Sales', ['sales']);
  const reps = [sam, sue];
  await publish(admin, 'capped', {
    rules: [{ key: 'pair', name: { en: 'Sam and Sue, in turn' }, target: { team: { users: [sam.id, sue.id] }, strategy: 'round_robin' } }],
    capacity: { max: CAPACITY },
  });
  const fields = (n: string) => ({ name: `Lead ${n}`, email: `${n}@capped.example` });

  // Before the race: each rep holds 10 routed records (10 places left each, 20 in all)…
  for (let n = 0; n < reps.length * HELD_BEFORE; n++) {
    const created = await gql(n % 2 ? 1 : 0, manager.key, CREATE, { i: { workflowKey: 'capped', fields: fields(`held${n}`) } });
    expect(created.createRecord.ownerId).toBeTruthy();
  }
  // …and the pool holds 20 leads the manager created and disqualified as not reachable.
  const pooled: string[] = [];
  for (let n = 0; n < 2 * RACING_PER_KIND; n++) {
    const created = await gql(0, manager.key, CREATE, { i: { workflowKey: 'capped', owner: manager.id, fields: fields(`pool${n}`) } });
    const id = created.createRecord.id as string;
    const disqualified = await gql(1, manager.key, 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename } }', {
      i: { id, transition: 'disqualify', expectedVersion: 1, reason: 'unreachable' },
    });
    expect(disqualified.transitionRecord.__typename).toBe('Record');
    pooled.push(id);
  }
  expect((await openByOwner(tenantId, 'capped')).get(null)).toHaveLength(pooled.length);

  // The race, spread over both processes: each rep claims 5 pool records, the manager assigns 5 more to each, and
  // the manager creates 10 records that routing places. 30 operations for 20 places.
  const CLAIM = `mutation($i: ClaimRecordInput!) { claimRecord(input: $i) { __typename ... on Record { ownerId } ... on LimitReached { limit max current } } }`;
  const ASSIGN = `mutation($i: AssignRecordInput!) { assignRecord(input: $i) { __typename ... on Record { ownerId } ... on LimitReached { limit max current } } }`;
  const half = RACING_PER_KIND / 2;
  // Sent interleaved (claim, assignment, create, …), alternately to each process.
  const racing = Array.from({ length: RACING_PER_KIND }, (_, n) => {
    const to = reps[Math.floor(n / half)] as Person;
    return [
      { kind: 'claim', id: pooled[n] as string, to },
      { kind: 'assign', id: pooled[RACING_PER_KIND + n] as string, to },
      { kind: 'route', id: `race${n}`, to: null },
    ];
  }).flat();
  const outcomes = await Promise.all(
    racing.map(async (op, n) => {
      const api = (n % 2) as 0 | 1;
      if (op.kind === 'claim') return { op, answer: (await gql(api, (op.to as Person).key, CLAIM, { i: { id: op.id } })).claimRecord };
      if (op.kind === 'assign')
        return { op, answer: (await gql(api, manager.key, ASSIGN, { i: { id: op.id, owner: (op.to as Person).id, reason: 'territory' } })).assignRecord };
      return { op, answer: (await gql(api, manager.key, CREATE, { i: { workflowKey: 'capped', fields: fields(op.id) } })).createRecord };
    }),
  );

  // Every operation either placed its record or was turned away by capacity: nothing else went wrong.
  const placed = outcomes.filter(({ answer }) => answer.__typename === 'Record' && answer.ownerId);
  const refused = outcomes.filter(({ answer }) => answer.__typename === 'LimitReached');
  const routedToPool = outcomes.filter(({ answer }) => answer.__typename === 'Record' && !answer.ownerId);
  expect(placed.length + refused.length + routedToPool.length, JSON.stringify(outcomes)).toBe(racing.length);
  expect(placed).toHaveLength(reps.length * (CAPACITY - HELD_BEFORE));
  for (const { op, answer } of refused) {
    expect(op.kind).not.toBe('route');
    expect(answer).toEqual({ __typename: 'LimitReached', limit: 'capacity', max: CAPACITY, current: CAPACITY });
  }
  for (const { op, answer } of routedToPool) {
    expect(op.kind).toBe('route');
    expect(answer).toMatchObject({ stage: 'pool', pool: { reason: 'no_one_available' } });
  }
  for (const { op, answer } of placed) if (op.to) expect(answer.ownerId).toBe(op.to.id);

  // In the store: each rep holds exactly 20 open records, their capacity places name exactly those, and every
  // record the race did not place is in the pool: the refused ones with the reason they had, the routed ones with no_one_available.
  const byOwner = await openByOwner(tenantId, 'capped');
  for (const rep of reps) {
    const held = byOwner.get(rep.id) ?? [];
    expect(held).toHaveLength(CAPACITY);
    const places = await models.OwnerLoad.findOne({ tenantId, workflowKey: 'capped', userId: rep.id }).lean();
    expect([...(places?.records ?? [])].sort()).toEqual([...held].sort());
  }
  expect([...byOwner.keys()].filter((owner) => owner !== null && !reps.some((r) => r.id === owner))).toEqual([]);
  const inPool = await models.Record.find({ tenantId, workflowKey: 'capped', owner: null }, { stage: 1, pool: 1 }).lean();
  expect(inPool).toHaveLength(pooled.length - placed.filter(({ op }) => op.kind !== 'route').length + routedToPool.length);
  const refusedIds = new Set(refused.map(({ op }) => op.id));
  for (const record of inPool) {
    expect(record.stage).toBe('pool');
    expect(record.pool?.reason).toBe(refusedIds.has(record._id) || pooled.includes(record._id) ? 'unreachable' : 'no_one_available');
  }
  const assigned = await assignedEvents(tenantId);
  for (const [recordId, events] of assigned) expect(events, recordId).toHaveLength(1);
  for (const { answer } of routedToPool)
    expect(assigned.get(answer.id)?.[0]).toMatchObject({ from: null, to: null, rule: 'pair', strategy: 'round_robin', reason: 'no_one_available' });
});

it("keeps a person's capacity place when two processes give them the same pool record at once and one write loses", async () => {
  const { tenantId, admin, manager } = await newTenant('Same owner');
  const sam = await person(admin, 'Sam Sales', ['sales']);
  await publish(admin, 'same_owner', {
    rules: [{ key: 'sam', name: { en: 'Sam' }, target: { user: sam.id } }],
    capacity: { max: CAPACITY },
  });
  // Pool records, each then given to Sam by the manager through both processes and claimed by Sam, all at once.
  const pooled: string[] = [];
  for (let n = 0; n < RACING_PER_KIND; n++) {
    const created = await gql(0, manager.key, CREATE, { i: { workflowKey: 'same_owner', owner: manager.id, fields: { name: `Lead ${n}` } } });
    const id = created.createRecord.id as string;
    const disqualified = await gql(1, manager.key, 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename } }', {
      i: { id, transition: 'disqualify', expectedVersion: 1, reason: 'unreachable' },
    });
    expect(disqualified.transitionRecord.__typename).toBe('Record');
    pooled.push(id);
  }
  const ASSIGN = 'mutation($i: AssignRecordInput!) { assignRecord(input: $i) { __typename } }';
  const CLAIM = 'mutation($i: ClaimRecordInput!) { claimRecord(input: $i) { __typename } }';
  const answers = await Promise.all(
    pooled.flatMap((id) => [
      gql(0, manager.key, ASSIGN, { i: { id, owner: sam.id, expectedVersion: 2 } }).then((a) => a.assignRecord.__typename),
      gql(1, manager.key, ASSIGN, { i: { id, owner: sam.id, expectedVersion: 2 } }).then((a) => a.assignRecord.__typename),
      gql(1, sam.key, CLAIM, { i: { id, expectedVersion: 2 } }).then((a) => a.claimRecord.__typename),
    ]),
  );
  // Each record went to Sam exactly once; the other writers lost the version race.
  expect(answers.filter((a) => a === 'Record')).toHaveLength(pooled.length);
  expect(answers.filter((a) => a !== 'Record').every((a) => a === 'VersionConflict')).toBe(true);
  const held = (await openByOwner(tenantId, 'same_owner')).get(sam.id) ?? [];
  expect(held.sort()).toEqual([...pooled].sort());
  const places = await models.OwnerLoad.findOne({ tenantId, workflowKey: 'same_owner', userId: sam.id }).lean();
  expect([...(places?.records ?? [])].sort()).toEqual([...held].sort());
  // So routing fills Sam up to the cap and no further: a place given back by a losing writer would let him past it.
  const more = await Promise.all(
    Array.from({ length: CAPACITY }, (_, n) => gql(n % 2 ? 1 : 0, manager.key, CREATE, { i: { workflowKey: 'same_owner', fields: { name: `More ${n}` } } })),
  );
  expect(more.filter((m) => m.createRecord.ownerId === sam.id)).toHaveLength(CAPACITY - pooled.length);
  expect((await openByOwner(tenantId, 'same_owner')).get(sam.id)).toHaveLength(CAPACITY);
});
