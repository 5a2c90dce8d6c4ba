import { type SpawnedEmbeddedMongo, spawnEmbeddedMongo } from '@funnel/embedded-mongo';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GraphQLResult, ROOT_KEY, storeModels } from './harness';
import { laneProblems, lanesOf } from './lane-problems';
import { freePorts, kill, TestProcesses } from './processes';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

// An api process killed with SIGKILL in the middle of a burst, while its webhook requests are held open by the
// receiver, its emails are being sent and its last commits wait in records' outboxes. A fresh process on the same
// store finishes the burst and what the dead one owed: every event reaches both endpoints at least once, a repeat
// with its first webhook-id, one record's events arrive one at a time and in commit order (a repeat before any later
// event), and every notification the log owes is in its inbox exactly once (by the store and by GraphQL), its email
// sent.

const { FIRST_API, SECOND_API } = await freePorts(['FIRST_API', 'SECOND_API']);
/** 100 creations and 900 transitions: the 1,000 events of the burst. */
const RECORDS = 100;
/** Sam's records: Mia, his manager, is emailed of their starts (5 each); Tom's tell Max in the app only. */
const SAMS_RECORDS = 30;
const TRANSITIONS_PER_RECORD = 9;
const WORKERS = 16;
/** Acknowledged transitions before the kill (about half the burst). */
const KILL_AFTER = 400;
/** How long the receiver holds each request: long enough that requests are in flight when the api dies. */
const HOLD_MS = 100;
/** How long the SMTP capture holds each message it took before answering, so that emails are in flight at the kill too. */
const MAIL_HOLD_MS = 20;
/** Requests each process sends one endpoint at once: 2,000 deliveries held 100 ms each go out in seconds. */
const WEBHOOK_CONCURRENCY = '16';
/**
 * How long the killed process gathers commits before logging them, so that acknowledged events wait in outboxes when it
 * dies: long enough that a loaded machine, whose burst is slow, still has some waiting at the moment of the kill.
 */
const FIRST_DRAIN_GATHER_MS = '1000';
/** One attempt's timeout: a dead process's leases (2 × timeout + 1 s) run out 3 s after their claim. */
const WEBHOOK_TIMEOUT_MS = '1000';
/** How long a claimed email is its process's: the dead one's emails go out this long after their claim. */
const MAIL_LEASE_MS = '2000';
/** How long the test waits for the second process to deliver everything. */
const SETTLE_MS = 45_000;
const POLL_MS = 100;
const ENDPOINT_PATHS = ['/crash-a', '/crash-b'] as const;
/** The event log types the endpoints ask for, by their webhook names (docs/webhooks.md). */
const WEBHOOK_TYPES = { record_created: 'record.created', transitioned: 'record.transitioned' } as const;
const WEBHOOK_LOG_TYPES = Object.keys(WEBHOOK_TYPES) as (keyof typeof WEBHOOK_TYPES)[];
const FINAL_VERSION = 1 + TRANSITIONS_PER_RECORD;

const processes = new TestProcesses();
let receiver: WebhookReceiver;
let smtp: SmtpCapture;
let store: SpawnedEmbeddedMongo;

beforeAll(async () => {
  [receiver, smtp, store] = await Promise.all([startWebhookReceiver(), startSmtpCapture({ holdMs: MAIL_HOLD_MS }), spawnEmbeddedMongo({ inMemory: true })]);
  receiver.answer(() => ({ status: 204, holdMs: HOLD_MS }));
});
afterAll(async () => {
  processes.stop();
  await Promise.all([receiver?.close(), smtp?.close(), store?.close()]);
});

type Gql = (key: string | null, query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult>;

/** GraphQL over HTTP to the api process on `port` (throws when the process is gone). */
const client =
  (port: number): Gql =>
  async (key, query, variables = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult;
  };

/** The api on `port`, on the shared store, sending to the receiver and the SMTP capture; `extra` env on top. */
function startApi(port: number, extra: Record<string, string> = {}) {
  return processes.start(
    ['api/src/main.ts'],
    {
      MONGODB_URI: store.uri,
      PORT: String(port),
      FUNNEL_ROOT_KEY: ROOT_KEY,
      SMTP_URL: smtp.smtpUrl,
      FUNNEL_WEBHOOK_ALLOWED_HOSTS: receiver.allowedHost,
      FUNNEL_WEBHOOK_TIMEOUT_MS: WEBHOOK_TIMEOUT_MS,
      FUNNEL_MAIL_LEASE_MS: MAIL_LEASE_MS,
      FUNNEL_WEBHOOK_CONCURRENCY: WEBHOOK_CONCURRENCY,
      FUNNEL_DELIVERY_POLL_MS: '50',
      FUNNEL_DELIVERY_RETRY_BASE_MS: '50',
      FUNNEL_OUTBOX_REPAIR_INTERVAL_MS: '100',
      FUNNEL_OUTBOX_CLEAR_DELAY_MS: '50',
      FUNNEL_METRICS_BUILD_INTERVAL_MS: '0',
      ...extra,
    },
    /Funnel is running/,
  );
}

/** The minimal trunk with two transitions to and fro: a start tells the owner and their manager, a pause the owner. */
function relayWorkflow(): WorkflowDefinition {
  const definition = structuredClone(getTemplate('minimal_trunk').definition) as WorkflowDefinition;
  definition.key = 'relay';
  definition.transitions.push(
    {
      key: 'start',
      name: { en: 'Start' },
      from: ['lead'],
      to: 'opportunity',
      effects: [
        { type: 'notify', to: 'owner' },
        { type: 'notify', to: 'manager' },
      ],
    },
    { key: 'pause', name: { en: 'Pause' }, from: ['opportunity'], to: 'lead', effects: [{ type: 'notify', to: 'owner' }] },
  );
  return definition;
}

interface Person {
  id: string;
  key: string;
}

/**
 * Who takes part: Sam (managed by Mia) and Tom (managed by Max) own the records, Sue moves them. Mia chose email
 * for stage changes, so the emails are those of Sam's records' starts.
 */
interface Crowd {
  tenantId: string;
  mia: Person;
  max: Person;
  sam: Person;
  tom: Person;
  sue: Person;
  endpointIds: Record<(typeof ENDPOINT_PATHS)[number], string>;
}

async function person(gql: Gql, admin: string, input: { name: string; roles: string[]; managerId?: string }): Promise<Person> {
  const email = `${input.name.toLowerCase()}@crash.example`;
  const made = await gql(admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }', { i: { ...input, email } });
  const id = made.data?.createUser.id as string;
  const key = await gql(admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
    i: { userId: id, name: input.name },
  });
  if (!id || !key.data?.createApiKey.token) throw new Error(`creating ${input.name} failed: ${JSON.stringify(made)} ${JSON.stringify(key)}`);
  return { id, key: key.data.createApiKey.token as string };
}

/** A tenant with the relay workflow published, its people, Mia's choice of email and two endpoints on the receiver. */
async function setUp(gql: Gql): Promise<Crowd> {
  const created = await gql(ROOT_KEY, 'mutation { createTenant(input: { name: "Crash Co" }) { ... on CreateTenantPayload { adminKey tenant { id } } } }');
  const admin = created.data?.createTenant.adminKey as string;
  const saved = await gql(admin, 'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename } }', {
    i: { key: 'relay', definition: relayWorkflow() },
  });
  const published = await gql(admin, 'mutation { publishWorkflow(input: { key: "relay" }) { __typename } }');
  expect([saved.data?.saveWorkflowDraft.__typename, published.data?.publishWorkflow.__typename], JSON.stringify([saved, published])).toEqual([
    'Workflow',
    'WorkflowVersion',
  ]);
  const [mia, max] = [await person(gql, admin, { name: 'Mia', roles: ['manager'] }), await person(gql, admin, { name: 'Max', roles: ['manager'] })];
  const sam = await person(gql, admin, { name: 'Sam', roles: ['sales'], managerId: mia.id });
  const tom = await person(gql, admin, { name: 'Tom', roles: ['sales'], managerId: max.id });
  const sue = await person(gql, admin, { name: 'Sue', roles: ['sales'], managerId: max.id });
  const prefs = await gql(mia.key, 'mutation($i: UpdateMyPreferencesInput!) { updateMyPreferences(input: $i) { __typename } }', {
    i: { notifications: [{ type: 'record_transition', channel: 'email' }] },
  });
  expect(prefs.data?.updateMyPreferences.__typename).toBe('Me');
  const endpointIds = {} as Crowd['endpointIds'];
  for (const path of ENDPOINT_PATHS) {
    const made = await gql(
      admin,
      'mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { ... on WebhookEndpointSecretPayload { endpoint { id } } } }',
      {
        i: { url: receiver.url(path), events: Object.values(WEBHOOK_TYPES) },
      },
    );
    endpointIds[path] = made.data?.createWebhookEndpoint.endpoint.id;
  }
  return { tenantId: created.data?.createTenant.tenant.id as string, mia, max, sam, tom, sue, endpointIds };
}

/** Where the burst stands: each record's owner and last known version, and the transitions whose answer came back. */
interface Burst {
  owners: Map<string, Person>;
  versions: Map<string, number>;
  acknowledged: { recordId: string; version: number }[];
}

const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { id version } } }';
const TRANSITION = 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename ... on Record { version } } }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The requests the receiver got, by endpoint path and event id (`${path} ${eventId}`), in the order they were answered. */
function requestsByEvent(received: ReceivedWebhook[]): Map<string, ReceivedWebhook[]> {
  const requests = new Map<string, ReceivedWebhook[]>();
  for (const request of received) {
    const key = `${request.path} ${request.json.id}`;
    requests.set(key, [...(requests.get(key) ?? []), request]);
  }
  return requests;
}

/** The records, created a few at a time: SAMS_RECORDS by Sam, the rest by Tom. */
async function createRecords(gql: Gql, crowd: Crowd): Promise<Burst> {
  const burst: Burst = { owners: new Map(), versions: new Map(), acknowledged: [] };
  const create = async (i: number) => {
    const owner = i < SAMS_RECORDS ? crowd.sam : crowd.tom;
    const res = await gql(owner.key, CREATE, {
      i: { workflowKey: 'relay', fields: { name: `Relay ${i}`, phone: '+1 555 0100', companyName: `Relay Co ${i}`, product: 'Funnel' } },
    });
    if (res.data?.createRecord.__typename !== 'Record') throw new Error(`creating a record answered ${JSON.stringify(res)}`);
    burst.owners.set(res.data.createRecord.id, owner);
    burst.versions.set(res.data.createRecord.id, res.data.createRecord.version);
  };
  for (let i = 0; i < RECORDS; i += WORKERS) await Promise.all(Array.from({ length: Math.min(WORKERS, RECORDS - i) }, (_, j) => create(i + j)));
  return burst;
}

/** Moves `ids` to and fro, a transition per record per round, until each has all of its transitions (true) or the api is gone (false). */
async function work(input: { gql: Gql; key: string; ids: string[]; burst: Burst }): Promise<boolean> {
  const { gql, key, ids, burst } = input;
  for (;;) {
    const open = ids.filter((id) => (burst.versions.get(id) ?? FINAL_VERSION) < FINAL_VERSION);
    if (open.length === 0) return true;
    for (const id of open) {
      const version = burst.versions.get(id) as number;
      // Created at version 1 in the lead stage: odd versions are leads, even ones opportunities.
      const transition = version % 2 === 1 ? 'start' : 'pause';
      const res = await gql(key, TRANSITION, { i: { id, transition, expectedVersion: version } }).catch(() => null);
      if (!res) return false;
      if (res.data?.transitionRecord.__typename !== 'Record') throw new Error(`${transition} of ${id} at version ${version} answered ${JSON.stringify(res)}`);
      burst.versions.set(id, version + 1);
      burst.acknowledged.push({ recordId: id, version: version + 1 });
    }
  }
}

/** The workers of the burst on one api, each with its share of the records. */
function burstOn(gql: Gql, key: string, burst: Burst): Promise<boolean[]> {
  const ids = [...burst.versions.keys()];
  return Promise.all(Array.from({ length: WORKERS }, (_, w) => work({ gql, key, ids: ids.filter((_, i) => i % WORKERS === w), burst })));
}

/**
 * SIGKILLs the api once KILL_AFTER transitions were acknowledged and the receiver and the SMTP capture both hold some
 * of its requests; how many webhook requests were held.
 */
async function killMidBurst(api: Parameters<typeof kill>[0], burst: Burst): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (burst.acknowledged.length < KILL_AFTER || receiver.inFlight() === 0 || smtp.inFlight() === 0) {
    if (Date.now() > deadline)
      throw new Error(
        `no moment to kill within a minute: ${burst.acknowledged.length} acknowledged, ${receiver.inFlight()} requests and ${smtp.inFlight()} mails held`,
      );
    await sleep(1);
  }
  const held = receiver.inFlight();
  kill(api, 'SIGKILL');
  return held;
}

type Models = Awaited<ReturnType<typeof storeModels>>['models'];

/** What the dead process left behind, read from the store: events only in outboxes, deliveries it held, emails it claimed. */
async function leftBehind(models: Models, tenantId: string) {
  const inOutboxes = (await models.Record.find({ tenantId, 'outbox.0': { $exists: true } }, { outbox: 1 }).lean()).flatMap((r) => r.outbox.map((e) => e._id));
  const logged = await models.Event.countDocuments({ tenantId, _id: { $in: inOutboxes } });
  return {
    eventsOnlyInOutboxes: inOutboxes.length - logged,
    // Claimed and never answered: the dead process was sending them.
    heldDeliveries: await models.WebhookDelivery.countDocuments({ tenantId, status: 'pending', leaseOwner: { $exists: true }, attempts: 0 }),
    pendingDeliveries: await models.WebhookDelivery.countDocuments({ tenantId, status: 'pending' }),
    // Claimed and never tried to the end: the dead process was sending them.
    claimedEmails: await models.Notification.countDocuments({
      tenantId,
      'email.status': 'pending',
      'email.leaseOwner': { $exists: true },
      'email.attempts': 0,
    }),
    pendingEmails: await models.Notification.countDocuments({ tenantId, 'email.status': 'pending' }),
  };
}

/** What the store still owes, or null once every outbox is logged, every delivery delivered and every email sent. */
async function owed(models: Models, tenantId: string): Promise<string | null> {
  const [outboxes, events, deliveries, delivered, emails] = await Promise.all([
    models.Record.countDocuments({ tenantId, 'outbox.0': { $exists: true } }),
    models.Event.countDocuments({ tenantId, type: { $in: WEBHOOK_LOG_TYPES } }),
    models.WebhookDelivery.countDocuments({ tenantId }),
    models.WebhookDelivery.countDocuments({ tenantId, status: 'delivered' }),
    models.Notification.countDocuments({ tenantId, 'email.status': { $ne: 'sent' }, email: { $ne: null } }),
  ]);
  const expected = events * ENDPOINT_PATHS.length;
  if (outboxes === 0 && deliveries === expected && delivered === expected && emails === 0) return null;
  return `${outboxes} records with outboxes, ${delivered} of ${deliveries} deliveries delivered (${expected} owed), ${emails} emails not sent`;
}

async function untilNothingOwed(models: Models, tenantId: string): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const left = await owed(models, tenantId);
    if (left === null) return;
    if (Date.now() > deadline) throw new Error(`${SETTLE_MS} ms after the restart the store still owes: ${left}`);
    await sleep(POLL_MS);
  }
}

interface LoggedEvent {
  _id: string;
  recordId: string;
  version: number;
  type: string;
  notify?: { userId: string; type: string }[];
}

/**
 * What is wrong with what the receiver got for the logged events ([] when nothing): each endpoint must have each event at
 * least once, every repeat with the first's webhook-id (`${endpointId}:${eventId}`) and body, and one record's events
 * must arrive one at a time and in log order, a repeat before any later event (`laneProblems`).
 */
function webhookProblems(input: { events: LoggedEvent[]; received: ReceivedWebhook[]; endpointIds: Crowd['endpointIds'] }): string[] {
  const problems: string[] = [];
  const requests = requestsByEvent(input.received);
  for (const path of ENDPOINT_PATHS) {
    for (const event of input.events) {
      const got = requests.get(`${path} ${event._id}`) ?? [];
      if (got.length === 0) problems.push(`${path} never got ${event._id}`);
      const ids = new Set(got.map((r) => r.id));
      if (got.length > 0 && (ids.size !== 1 || !ids.has(`${input.endpointIds[path]}:${event._id}`)))
        problems.push(`${path} got ${event._id} with webhook-ids ${[...ids].join(', ')}`);
      if (new Set(got.map((r) => r.body)).size > 1) problems.push(`${path} got ${event._id} with different bodies`);
    }
  }
  for (const lane of lanesOf(input.received).values()) problems.push(...laneProblems(lane));
  return problems;
}

/** What is wrong with the inbox against the log's notify intents ([] when each is stored exactly once and nothing else is). */
function notificationProblems(events: LoggedEvent[], stored: { _id: string; eventId: string | null; type: string; userId: string }[]): string[] {
  const owedIds = new Set(events.flatMap((e) => (e.notify ?? []).map((intent) => `${e._id}:${intent.type}:${intent.userId}`)));
  const times = new Map<string, number>();
  for (const n of stored) times.set(`${n.eventId}:${n.type}:${n.userId}`, (times.get(`${n.eventId}:${n.type}:${n.userId}`) ?? 0) + 1);
  const problems: string[] = [];
  for (const id of owedIds) if (times.get(id) !== 1) problems.push(`${id} is stored ${times.get(id) ?? 0} times`);
  for (const what of times.keys()) if (!owedIds.has(what)) problems.push(`${what} is stored but no logged event owes it`);
  return problems;
}

/** Every notification id of the holder of `key`, page by page through GraphQL, and the unread count it states. */
async function inboxOf(gql: Gql, key: string): Promise<{ ids: string[]; unread: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: GraphQLResult = await gql(
      key,
      'query($after: String) { unreadNotificationCount notifications(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    const connection = page.data?.notifications;
    if (!connection) throw new Error(`reading an inbox answered ${JSON.stringify(page)}`);
    ids.push(...connection.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!connection.pageInfo.hasNextPage) return { ids, unread: page.data?.unreadNotificationCount };
    after = connection.pageInfo.endCursor;
  }
}

/**
 * Each acknowledged transition is in the log telling its owner (and, for a start, the owner's manager); the
 * notifications collection holds what the log owes exactly once, and each person's GraphQL inbox shows exactly theirs.
 */
async function expectInboxes(input: { gql: Gql; models: Models; crowd: Crowd; burst: Burst; events: LoggedEvent[] }) {
  const { gql, models, crowd, burst, events } = input;
  const byVersion = new Map(events.map((e) => [`${e.recordId}@${e.version}`, e]));
  for (const { recordId, version } of burst.acknowledged) {
    const owner = burst.owners.get(recordId) as Person;
    const manager = owner === crowd.sam ? crowd.mia : crowd.max;
    const told = byVersion.get(`${recordId}@${version}`)?.notify?.map((intent) => intent.userId);
    expect(told, `${recordId} at version ${version}`).toEqual(version % 2 === 0 ? [owner.id, manager.id] : [owner.id]);
  }
  const stored = await models.Notification.find({ tenantId: crowd.tenantId }).lean();
  expect(notificationProblems(events, stored)).toEqual([]);
  for (const who of [crowd.mia, crowd.max, crowd.sam, crowd.tom]) {
    const inbox = await inboxOf(gql, who.key);
    const theirs = stored.filter((n) => n.userId === who.id).map((n) => n._id);
    expect(inbox.ids.toSorted()).toEqual(theirs.toSorted());
    expect(inbox.unread).toBe(theirs.length);
  }
  return stored;
}

/** Mia's emails all end sent, and each of Sam's records is in her mailbox at least as often as she is owed mail of it; how many arrived. */
function expectMails(stored: { recordId: string | null; email?: { status: string } | null }[]): { owed: number; arrived: number } {
  const emailed = stored.filter((n) => n.email);
  expect(emailed.length).toBe(SAMS_RECORDS * Math.ceil(TRANSITIONS_PER_RECORD / 2));
  expect(emailed.filter((n) => n.email?.status !== 'sent')).toEqual([]);
  const mails = smtp.messages.filter((m) => m.to.includes('mia@crash.example') && m.text.includes('/#/records/'));
  for (const recordId of new Set(emailed.map((n) => n.recordId))) {
    const owedOfRecord = emailed.filter((n) => n.recordId === recordId).length;
    expect(mails.filter((m) => m.text.includes(`/#/records/${recordId}?`)).length, String(recordId)).toBeGreaterThanOrEqual(owedOfRecord);
  }
  return { owed: emailed.length, arrived: mails.length };
}

/** The burst on the first process until it is killed with work in flight; what the kill left undone. */
async function burstUntilKilled(input: { gqlFirst: Gql; first: Parameters<typeof kill>[0]; crowd: Crowd; burst: Burst; models: Models }) {
  const { crowd, burst } = input;
  const working = burstOn(input.gqlFirst, crowd.sue.key, burst);
  const held = await killMidBurst(input.first, burst);
  expect(await working).toContain(false);
  const left = { acknowledged: burst.acknowledged.length, heldRequests: held, ...(await leftBehind(input.models, crowd.tenantId)) };
  // The kill left work undone: requests the receiver held, acknowledged events only their records' outboxes hold,
  // emails claimed and not sent.
  expect(held).toBeGreaterThan(0);
  expect(left.heldDeliveries).toBeGreaterThan(0);
  expect(left.eventsOnlyInOutboxes).toBeGreaterThan(0);
  expect(left.claimedEmails).toBeGreaterThan(0);
  return left;
}

it('after a SIGKILL mid-burst with requests in flight, every event reaches both endpoints and every notification its inbox once', async () => {
  const first = await startApi(FIRST_API, { FUNNEL_DRAIN_GATHER_MS: FIRST_DRAIN_GATHER_MS });
  const gqlFirst = client(FIRST_API);
  const crowd = await setUp(gqlFirst);
  const { models, close } = await storeModels(store.uri);
  try {
    const burst = await createRecords(gqlFirst, crowd);
    const left = await burstUntilKilled({ gqlFirst, first, crowd, burst, models });

    // A fresh process finishes the burst (from each record's stored version: some answers were lost) and what is owed.
    await startApi(SECOND_API);
    const gql = client(SECOND_API);
    let committedUnanswered = 0;
    for (const record of await models.Record.find({ tenantId: crowd.tenantId }, { version: 1 }).lean()) {
      if (record.version !== burst.versions.get(record._id)) committedUnanswered += 1;
      burst.versions.set(record._id, record.version);
    }
    expect(await burstOn(gql, crowd.sue.key, burst)).not.toContain(false);
    await untilNothingOwed(models, crowd.tenantId);

    const events = (await models.Event.find({ tenantId: crowd.tenantId }).sort({ _id: 1 }).lean()) as unknown as LoggedEvent[];
    const webhookEvents = events.filter((e) => e.type in WEBHOOK_TYPES);
    expect(webhookEvents).toHaveLength(RECORDS * FINAL_VERSION);
    expect(webhookProblems({ events: webhookEvents, received: receiver.received, endpointIds: crowd.endpointIds })).toEqual([]);
    // What the receiver held when the process died was sent again, with its first webhook-id (checked above).
    const repeated = [...requestsByEvent(receiver.received).values()].filter((got) => got.length > 1).length;
    expect(repeated).toBeGreaterThanOrEqual(left.heldRequests);
    const stored = await expectInboxes({ gql, models, crowd, burst, events });
    const mails = expectMails(stored);
    console.info(
      `delivery crash: the kill left ${JSON.stringify({ ...left, committedUnanswered })}; ${events.length} events logged, ${receiver.received.length} webhook requests ` +
        `received (${repeated} deliveries sent more than once), ${mails.arrived} mails arrived for ${mails.owed} owed`,
    );
  } finally {
    await close();
  }
}, 120_000);
