import { randomBytes } from 'node:crypto';
import { spawnEmbeddedMongo, startEmbeddedMongo, type EmbeddedMongoOptions } from '@funnel/embedded-mongo';
import { MongoClient } from 'mongodb';
import { type apiConfig, createFunnelServer, openModels, TestClock, type FunnelServer } from '@funnel/api';

/** Monday 5 January 2026, 09:00 UTC: where the test clock starts. */
export const START = Date.parse('2026-01-05T09:00:00Z');
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface GraphQLResult<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Where a harness keeps its data, and how to let go of it. */
interface HarnessStore {
  uri: string;
  close: () => Promise<void>;
}

/** An api on an in-memory embedded store (or MONGODB_URI) with the test clock; `gql` calls yoga.fetch with a key. */
export interface Harness {
  mongo: HarnessStore;
  server: FunnelServer;
  clock: TestClock;
  gql: <T = Record<string, any>>(key: string | null, query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult<T>>;
  /** A tenant with the standard trunk published, an admin, a manager and two sales under the manager. */
  tenant: (name: string) => Promise<TenantKeys>;
  /** Saves `definition` as the draft of workflow `key` and publishes it; throws with the answer when either fails. */
  publish: (input: { admin: string; key: string; definition: unknown }) => Promise<void>;
  close: () => Promise<void>;
}

export interface TenantKeys {
  tenantId: string;
  admin: string;
  manager: string;
  managerId: string;
  sales: string;
  salesId: string;
  sales2: string;
  sales2Id: string;
  marketing: string;
  marketingId: string;
}

export const ROOT_KEY = 'root-key-for-tests-0123456789abcdef';

/** `mongodb://host/db?options` with the database `db` put in place of the URI's own (hosts and options kept). */
function withDatabase(uri: string, db: string): string {
  const parts = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!parts) throw new Error(`MONGODB_URI is not a mongodb:// or mongodb+srv:// URI: ${uri}`);
  return `${parts[1]}/${db}${parts[2] ?? ''}`;
}

/**
 * The harness's store: with MONGODB_URI set (the CI job with a MongoDB replica set), a fresh database of its own
 * there, dropped on close; else an in-memory embedded store. Store options (answering like an older MongoDB,
 * commands left out) are the embedded store's, so a harness given some always gets one.
 */
async function harnessStore(options: EmbeddedMongoOptions): Promise<HarnessStore> {
  const external = process.env.MONGODB_URI;
  if (!external || Object.keys(options).length > 0) return startEmbeddedMongo({ ...options, inMemory: true });
  const uri = withDatabase(external, `funnel_e2e_${randomBytes(6).toString('hex')}`);
  const close = async () => {
    const client = await MongoClient.connect(uri);
    try {
      await client.db().dropDatabase();
    } finally {
      await client.close();
    }
  };
  return { uri, close };
}

/** An in-memory embedded store in a child process of its own, as `npm start` runs it. */
async function storeProcess(): Promise<HarnessStore> {
  const store = await spawnEmbeddedMongo({ inMemory: true });
  return { uri: store.uri, close: async () => void (await store.close()) };
}

/** One GraphQL request to an api process (`yoga.fetch`), with an API key or none. */
export async function gqlOn<T = Record<string, any>>(
  server: FunnelServer,
  key: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResult<T>> {
  const body = JSON.stringify({ query, variables });
  const response = await server.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body,
  });
  return (await response.json()) as GraphQLResult<T>;
}

/**
 * Starts a store and an api; `extra` config overrides the defaults (sweeper and metric summaries' loop off, test clock on), `store`
 * adds options of the store (e.g. answering like an older MongoDB). `storeProcess` runs the embedded store as a
 * child process, as `npm start` does, for tests that measure the api's own event loop under load.
 */
export async function startHarness(
  extra: Parameters<typeof apiConfig>[0] = {},
  store: EmbeddedMongoOptions = {},
  options: { storeProcess?: boolean } = {},
): Promise<Harness> {
  const mongo = options.storeProcess && !process.env.MONGODB_URI ? await storeProcess() : await harnessStore(store);
  const clock = new TestClock(START);
  const server = await createFunnelServer({
    uri: mongo.uri,
    clock,
    config: { testClock: true, sweepIntervalMs: 0, metricsBuildIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined, ...extra },
  });
  const gql: Harness['gql'] = (key, query, variables = {}) => gqlOn(server, key, query, variables);
  const tenant = async (name: string): Promise<TenantKeys> => {
    const created = await gql(
      ROOT_KEY,
      'mutation($name: String!) { createTenant(input: { name: $name }) { ... on CreateTenantPayload { adminKey tenant { id } } } }',
      { name },
    );
    const admin = created.data?.createTenant.adminKey as string;
    const tenantId = created.data?.createTenant.tenant.id as string;
    await gql(admin, 'mutation { createWorkflowFromTemplate(input: { template: "standard_trunk" }) { ... on Workflow { key } } }');
    const user = async (userName: string, roles: string[], managerId?: string) => {
      const made = await gql(admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }', {
        i: { name: userName, roles, ...(managerId ? { managerId } : {}) },
      });
      const id = made.data?.createUser.id as string;
      const key = await gql(admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
        i: { userId: id, name: `${userName} key` },
      });
      return { id, key: key.data?.createApiKey.token as string };
    };
    const manager = await user('Mia Manager', ['manager']);
    const sales = await user('Sam Sales', ['sales'], manager.id);
    const sales2 = await user('Sue Sales', ['sales'], manager.id);
    const marketing = await user('Max Marketing', ['marketing']);
    return {
      tenantId,
      admin,
      manager: manager.key,
      managerId: manager.id,
      sales: sales.key,
      salesId: sales.id,
      sales2: sales2.key,
      sales2Id: sales2.id,
      marketing: marketing.key,
      marketingId: marketing.id,
    };
  };
  const publish: Harness['publish'] = async ({ admin, key, definition }) => {
    const saved = await gql(admin, 'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename } }', { i: { key, definition } });
    if (saved.data?.saveWorkflowDraft.__typename !== 'Workflow') throw new Error(`saving ${key} failed: ${JSON.stringify(saved)}`);
    const published = await gql(admin, 'mutation($k: String!) { publishWorkflow(input: { key: $k }) { __typename } }', { k: key });
    if (published.data?.publishWorkflow.__typename !== 'WorkflowVersion') throw new Error(`publishing ${key} failed: ${JSON.stringify(published)}`);
  };
  return {
    mongo,
    server,
    clock,
    gql,
    tenant,
    publish,
    close: async () => {
      await server.close();
      await mongo.close();
    },
  };
}

/**
 * Another api process on the harness's store and clock (in this node process, as a second server behind a load
 * balancer would be), with the harness's defaults and `extra`; close it before the harness.
 * @example const second = await secondApi(h, { keyCacheTtlMs: HOUR_MS })
 */
export function secondApi(h: Harness, extra: Parameters<typeof apiConfig>[0] = {}): Promise<FunnelServer> {
  return createFunnelServer({
    uri: h.mongo.uri,
    clock: h.clock,
    config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined, ...extra },
  });
}

/** The models on a fresh connection to the harness store (for assertions on stored documents). */
export const storeModels = (uri: string) => openModels(uri);

/** Fields every record query in the tests selects. */
const RECORD_FIELDS =
  'id stage ownerId version excludedFromPerformance counters fields nextDueAt timers { key dueAt extensions extensionRequestedById } pool { reason }';

/** The union members a record mutation may return, selecting the record fields. */
export const RECORD_RESULT = `__typename
  ... on Record { ${RECORD_FIELDS} }
  ... on GuardRejected { blockers { type message detail } }
  ... on VersionConflict { currentVersion expectedVersion }
  ... on LimitReached { limit max current }
  ... on NotFound { what id }
  ... on ValidationFailed { diagnostics { pointer message } }
  ... on Forbidden { message }`;

/** Where a test holds a step of the server: the step awaits `stop()`, which tells `reached` and waits for `release`. */
export function gate(): { reached: Promise<void>; stop: () => Promise<void>; release: () => void } {
  let release = () => {};
  let reach = () => {};
  const opened = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const stop = async () => {
    reach();
    await opened;
  };
  return { reached, stop, release: () => release() };
}
