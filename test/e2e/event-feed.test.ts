import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunnelServer, openModels } from '@funnel/api';
import { gqlOn, ROOT_KEY, secondApi, startHarness, type Harness, type TenantKeys } from './harness';
import { gqlAt, type HttpApi, listen } from './http-client';
import { freePorts, TestProcesses } from './processes';
import { openSubscription } from './subscription-stream';

const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename ... on Record { id } } }';
const QUALIFY = 'mutation($id: ID!) { transitionRecord(input: { id: $id, transition: "qualify", expectedVersion: 1 }) { __typename } }';
const EVENTS = `query($after: String, $types: [String!], $first: Int) {
  events(after: $after, types: $types, first: $first) { edges { cursor node { id recordId type cursor } } pageInfo { endCursor hasNextPage } }
}`;

type Gql = HttpApi['gql'];
interface FeedEdge {
  cursor: string;
  node: { id: string; recordId: string; type: string; cursor: string };
}
interface FeedPage {
  edges: FeedEdge[];
  pageInfo: { endCursor: string; hasNextPage: boolean };
}

/** One page of the feed after `after`; throws with the answer when it is refused. */
async function feedPage(gql: Gql, key: string, variables: { after?: string | null; types?: string[]; first?: number }): Promise<FeedPage> {
  const answer = await gql<{ events: FeedPage }>(key, EVENTS, variables);
  if (!answer.data) throw new Error(`events refused: ${JSON.stringify(answer.errors)}`);
  return answer.data.events;
}

/** The feed from `after` until `done(events read)` holds, page by page, polling while nothing more has settled. */
async function readFeedUntil(input: {
  gql: Gql;
  key: string;
  after?: string | null;
  done: (edges: FeedEdge[]) => boolean;
}): Promise<{ edges: FeedEdge[]; endCursor: string | null }> {
  const edges: FeedEdge[] = [];
  let after = input.after ?? null;
  const deadline = Date.now() + 20_000;
  while (!input.done(edges)) {
    if (Date.now() > deadline) throw new Error(`the feed did not show what was awaited; it showed ${edges.map((e) => e.node.id).join(', ')}`);
    const page = await feedPage(input.gql, input.key, { after, first: 100 });
    edges.push(...page.edges);
    after = page.pageInfo.endCursor || after;
    if (!page.pageInfo.hasNextPage) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { edges, endCursor: after };
}

/** Creates a lead through one api process and returns its id. */
async function newLead(gql: Gql, key: string, name: string): Promise<string> {
  const made = await gql(key, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name, phone: '+1 555 0100' } } });
  if (made.data?.createRecord.__typename !== 'Record') throw new Error(`createRecord refused: ${JSON.stringify(made)}`);
  return made.data.createRecord.id as string;
}

/** The ids of a list that occur more than once. */
const repeated = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('a paging reader while two api processes commit', () => {
  /** Leads created through both processes, each then qualified through the other one: 600 mutations, as many events. */
  const LEADS = 300;
  /** Mutations each process has in flight at once. */
  const WRITERS_PER_PROCESS = 12;
  /**
   * How far the second process's clock is behind the first's: a little off, as servers' clocks are. Its events then
   * land in the log stamped this much earlier than the first's that land beside them (an insert in flight does the
   * same on a smaller scale: on this machine the log saw events land up to 2 ms behind later stamps, too seldom for
   * a reader to hit reliably).
   */
  const CLOCK_BEHIND_MS = 100;
  /** The settle window of both processes: longer than the clocks are apart plus an insert, short enough for a quick test. */
  const SETTLE_MS = 500;
  const processes = new TestProcesses();
  afterAll(() => processes.stop());

  /**
   * Starts a store and two api processes on it, the second with its clock CLOCK_BEHIND_MS behind; the tenant is made
   * through the first, before the second starts.
   */
  async function twoApis(): Promise<{ apis: [Gql, Gql]; key: string; uri: string; tenantId: string }> {
    const ports = await freePorts(['store', 'first', 'second']);
    const dataDir = mkdtempSync(join(tmpdir(), 'funnel-feed-'));
    await processes.start(['embedded-mongo/src/main.ts', '--port', String(ports.store), '--data-dir', dataDir], {}, /listen|127\.0\.0\.1|ready/i);
    const uri = `mongodb://127.0.0.1:${ports.store}/funnel`;
    const env = {
      MONGODB_URI: uri,
      FUNNEL_ROOT_KEY: ROOT_KEY,
      FUNNEL_SWEEP_INTERVAL_MS: '0',
      FUNNEL_OUTBOX_CLEAR_DELAY_MS: '50',
      FUNNEL_EVENT_FEED_SETTLE_MS: String(SETTLE_MS),
    };
    const start = (port: number, behindMs: number) =>
      processes.start(
        ['--import', './test/e2e/clock-behind.mjs', 'api/src/main.ts'],
        { ...env, PORT: String(port), CLOCK_BEHIND_MS: String(behindMs) },
        /Funnel is running/,
      );
    await start(ports.first, 0);
    const first = gqlAt(`http://127.0.0.1:${ports.first}/graphql`);
    const created = await first(ROOT_KEY, 'mutation { createTenant(input: { name: "Feed" }) { ... on CreateTenantPayload { adminKey tenant { id } } } }');
    const admin = created.data?.createTenant.adminKey as string;
    await first(admin, 'mutation { createWorkflowFromTemplate(input: { template: "standard_trunk" }) { ... on Workflow { key } } }');
    const user = await first(admin, 'mutation { createUser(input: { name: "Mia", roles: [marketing, sales] }) { ... on User { id } } }');
    const made = await first(admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
      i: { userId: user.data?.createUser.id, name: 'Mia key' },
    });
    await start(ports.second, CLOCK_BEHIND_MS);
    const apis: [Gql, Gql] = [first, gqlAt(`http://127.0.0.1:${ports.second}/graphql`)];
    return { apis, key: made.data?.createApiKey.token as string, uri, tenantId: created.data?.createTenant.tenant.id as string };
  }

  /** Creates LEADS leads through both processes, each qualified through the other one, WRITERS_PER_PROCESS at a time each. */
  async function commitThroughBoth(apis: [Gql, Gql], key: string): Promise<void> {
    let next = 0;
    const writer = async (w: number) => {
      for (let i = next++; i < LEADS; i = next++) {
        const id = await newLead(apis[(i + w) % 2] as Gql, key, `Lead ${i}`);
        const moved = await (apis[(i + w + 1) % 2] as Gql)(key, QUALIFY, { id });
        if (moved.data?.transitionRecord.__typename !== 'Record') throw new Error(`qualify refused: ${JSON.stringify(moved)}`);
      }
    };
    await Promise.all(Array.from({ length: 2 * WRITERS_PER_PROCESS }, (_, w) => writer(w)));
  }

  it('reads every event of the log exactly once, though the second process stamps its events behind the first', async () => {
    const { apis, key, uri, tenantId } = await twoApis();
    const { models, close } = await openModels(uri);
    try {
      const read: string[] = [];
      let after: string | null = null;
      let writing = true;
      /** Reads the feed through the first process page after page until the writers stopped and the log has settled. */
      const reader = async () => {
        for (let settledAt = Number.POSITIVE_INFINITY; ; ) {
          const askedAt = Date.now();
          const page = await feedPage(apis[0], key, { after, first: 100 });
          read.push(...page.edges.map((edge) => edge.node.id));
          after = page.pageInfo.endCursor || after;
          if (page.pageInfo.hasNextPage) continue;
          if (askedAt > settledAt) return;
          if (!writing && settledAt === Number.POSITIVE_INFINITY) settledAt = await lastStamp();
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      /** When every outbox is in the log: the last stamp plus the window, after which the feed shows it all. */
      const lastStamp = async (): Promise<number> => {
        while (await models.Record.countDocuments({ tenantId, 'outbox.0': { $exists: true } })) await new Promise((resolve) => setTimeout(resolve, 50));
        const last = await models.Event.findOne({ tenantId }).sort({ loggedAt: -1 }).lean();
        return (last?.loggedAt ?? 0) + SETTLE_MS;
      };
      const reading = reader();
      await commitThroughBoth(apis, key).finally(() => (writing = false));
      await reading;
      const logged = (await models.Event.find({ tenantId }, { _id: 1 }).lean()).map((event) => event._id).sort();
      expect(logged.length).toBeGreaterThanOrEqual(2 * LEADS);
      expect(repeated(read)).toEqual([]);
      expect(logged.filter((id) => !read.includes(id))).toEqual([]);
      expect([...read].sort()).toEqual(logged);
    } finally {
      await close();
    }
  }, 240_000);
});

describe('the feed and resuming subscriptions on one store', () => {
  /** A short settle window, so the feed shows events soon after they are logged. */
  const SETTLE_MS = 100;
  let h: Harness;
  let other: FunnelServer;
  let http: HttpApi;
  let a: TenantKeys;
  let b: TenantKeys;
  const here: Gql = (key, query, variables) => h.gql(key, query, variables);
  const there: Gql = (key, query, variables) => gqlOn(other, key, query, variables);

  beforeAll(async () => {
    h = await startHarness({ eventFeedSettleMs: SETTLE_MS });
    other = await secondApi(h, { eventFeedSettleMs: SETTLE_MS });
    http = await listen(h.server);
    a = await h.tenant('Feed A');
    b = await h.tenant('Feed B');
  });
  afterAll(async () => {
    await http?.close();
    await other?.close();
    await h?.close();
  });

  it('resumes recordEvents from a feed cursor: events committed while no one listened, then live ones, none twice', async () => {
    const before = [await newLead(here, a.marketing, 'Before 1'), await newLead(there, a.marketing, 'Before 2')];
    const { endCursor } = await readFeedUntil({
      gql: http.gql,
      key: a.marketing,
      done: (edges) => before.every((id) => edges.some((e) => e.node.recordId === id)),
    });
    // Committed while nobody is subscribed, through both processes.
    const missed = [await newLead(there, a.marketing, 'Missed 1'), await newLead(here, a.marketing, 'Missed 2')];
    expect((await there(a.marketing, QUALIFY, { id: missed[0] })).data?.transitionRecord.__typename).toBe('Record');

    const query = `subscription { recordEvents(workflowKey: "standard_trunk", after: "${endCursor}") { id recordId type cursor } }`;
    const subscriber = await openSubscription({ server: h.server, key: a.marketing, query });
    const has = (text: string, recordId: string, type = 'record_created') => text.includes(`"recordId":"${recordId}","type":"${type}"`);
    await subscriber.readUntil((text) => missed.every((id) => has(text, id)) && has(text, missed[0] as string, 'transitioned'), 10_000);
    const live = [await newLead(there, a.marketing, 'Live 1'), await newLead(here, a.marketing, 'Live 2')];
    // Created last, through the other process: once it arrived, anything shown twice would have come before it.
    const marker = await newLead(there, a.marketing, 'Marker');
    const text = await subscriber.readUntil((t) => [...live, marker].every((id) => has(t, id)), 10_000);
    subscriber.close();
    const events = eventsOf(text);
    expect(repeated(events.map((e) => e.id))).toEqual([]);
    for (const id of [...missed, ...live, marker])
      expect(
        events.filter((e) => e.recordId === id && e.type === 'record_created'),
        id,
      ).toHaveLength(1);
    expect(events.filter((e) => e.recordId === missed[0] && e.type === 'transitioned')).toHaveLength(1);
    // Nothing but this tenant's leads of the test: events before the cursor may come again (one settle window of them).
    expect(events.filter((e) => ![...before, ...missed, ...live, marker].includes(e.recordId))).toEqual([]);

    // A live event's cursor resumes too: what came after it while no one listened arrives.
    const resumeFrom = events.find((e) => e.recordId === marker)?.cursor as string;
    const later = await newLead(there, a.marketing, 'Later');
    const again = await openSubscription({
      server: other,
      key: a.marketing,
      query: `subscription { recordEvents(workflowKey: "standard_trunk", after: "${resumeFrom}") { id recordId type cursor } }`,
    });
    const resumed = eventsOf(await again.readUntil((t) => has(t, later), 10_000));
    again.close();
    expect(resumed.filter((e) => e.recordId === later && e.type === 'record_created')).toHaveLength(1);
    expect(repeated(resumed.map((e) => e.id))).toEqual([]);
  });

  it("keeps the types asked for, shows a read-only key the tenant's events only, and refuses a cursor that is not one", async () => {
    const id = await newLead(there, a.marketing, 'Typed');
    expect((await here(a.marketing, QUALIFY, { id })).data?.transitionRecord.__typename).toBe('Record');
    const theirs = await newLead(here, b.marketing, 'Theirs');
    const made = await here(a.admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
      i: { name: 'sync', integration: { name: 'Sync', roles: ['integration'] }, scope: { access: 'read_only' } },
    });
    const readOnly = made.data?.createApiKey.token as string;
    const all = await readFeedUntil({
      gql: http.gql,
      key: readOnly,
      done: (edges) => edges.some((e) => e.node.recordId === id && e.node.type === 'transitioned'),
    });
    expect(all.edges.filter((e) => e.node.recordId === theirs)).toEqual([]);
    expect(all.edges.every((e) => e.cursor === e.node.cursor)).toBe(true);
    const transitions = await feedPage(http.gql, readOnly, { types: ['transitioned'], first: 100 });
    expect(transitions.edges.length).toBeGreaterThan(0);
    expect(new Set(transitions.edges.map((e) => e.node.type))).toEqual(new Set(['transitioned']));
    expect(transitions.edges.some((e) => e.node.recordId === id)).toBe(true);

    for (const after of ['not-a-cursor', Buffer.from('c1:records:abc', 'utf8').toString('base64url')]) {
      const refused = await http.gql(readOnly, EVENTS, { after });
      expect(refused.errors?.[0]?.extensions, after).toMatchObject({ code: 'VALIDATION_FAILED', diagnostics: [{ code: 'cursor', pointer: '/after' }] });
    }
    const unknown = await http.gql(readOnly, EVENTS, { types: ['transitioned', 'won'] });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', diagnostics: [{ code: 'unknown_event_type', pointer: '/types/1' }] });
  });
});

/** The events a server-sent stream carried, in order. */
function eventsOf(text: string): { id: string; recordId: string; type: string; cursor: string }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map(
      (line) =>
        (JSON.parse(line.slice('data:'.length)) as { data: { recordEvents: { id: string; recordId: string; type: string; cursor: string } } }).data
          .recordEvents,
    );
}
