import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelServer } from '@funnel/api';
import { RECORD_RESULT, secondApi, startHarness, type GraphQLResult, type Harness, type TenantKeys } from './harness';
import { tenantDigest } from './hostile/hostile-harness';
import { type HttpApi, listen } from './http-client';

const HOUR_MS = 60 * 60 * 1000;
/** How often every process reads the revocation log in these tests; a deactivation reaches every process within about one. */
const POLL_MS = 100;
/** The revocation window the tests wait out at most: a few polls, whatever the key cache's lifetime. */
const REVOCATION_WINDOW_MS = 10 * POLL_MS;
const RETRY_EVERY_MS = 20;

const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { __typename
  ... on CreateApiKeyPayload { token apiKey { id name userId scope { access operations } owner { __typename ... on User { id } ... on Integration { name roles } } } }
  ... on ValidationFailed { diagnostics { code pointer message } }
  ... on NotFound { what pointer } } }`;
const LIST_KEYS = `{ apiKeys(first: 100) { edges { node { id name userId lastUsedAt createdById scope { access operations }
  owner { __typename ... on User { id name } ... on Integration { name roles } } } } } }`;
const ROTATE =
  'mutation($i: RotateApiKeyInput!) { rotateApiKey(input: $i) { __typename ... on RotateApiKeyPayload { token apiKey { id scope { access operations } } } } }';
const UPDATE_USER = 'mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename ... on User { id active } } }';
const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { ... on User { id } } }';
const CREATE_RECORD = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const RECORD = 'query($id: ID!) { record(id: $id) { __typename ... on Record { id stage version } ... on NotFound { what } } }';
const ME = '{ me { signedInWith roles user { id name } } }';

let h: Harness;
/** Writes a key's use on every use (FUNNEL_KEY_LAST_USED_INTERVAL_MS=0), over HTTP. */
let api: HttpApi;
/** A second process on the same store: trusts resolved keys for an hour, writes a key's use at most once a minute (the default). */
let second: FunnelServer;
let secondApiHttp: HttpApi;
let t: TenantKeys;
let other: TenantKeys;

beforeAll(async () => {
  h = await startHarness({ keyLastUsedIntervalMs: 0, keyRevocationPollMs: POLL_MS });
  second = await secondApi(h, { keyCacheTtlMs: HOUR_MS, keyRevocationPollMs: POLL_MS });
  api = await listen(h.server);
  secondApiHttp = await listen(second);
  t = await h.tenant('Scopes');
  other = await h.tenant('Scopes other');
});
afterAll(async () => {
  await secondApiHttp?.close();
  await api?.close();
  await second?.close();
  await h?.close();
});

/** A key made by `admin` with `input` (a userId or an integration, a name, a scope); fails the test when refused. */
async function keyFor(admin: string, input: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const made = await api.gql(admin, CREATE_KEY, { i: input });
  expect(made.data?.createApiKey.__typename, JSON.stringify(made)).toBe('CreateApiKeyPayload');
  return { id: made.data?.createApiKey.apiKey.id, token: made.data?.createApiKey.token };
}

/** The key as `apiKeys` lists it to the tenant's admin. */
async function listed(id: string): Promise<Record<string, any>> {
  const keys = await api.gql(t.admin, LIST_KEYS);
  return keys.data?.apiKeys.edges.map((e: any) => e.node).find((n: any) => n.id === id);
}

/** A lead of the tenant, made by its admin. */
async function lead(name: string): Promise<string> {
  const made = await api.gql(t.admin, CREATE_RECORD, {
    i: { workflowKey: 'standard_trunk', fields: { name, phone: '+1 555 0100', email: `${name}@x.example` } },
  });
  expect(made.data?.createRecord.__typename, JSON.stringify(made)).toBe('Record');
  return made.data?.createRecord.id;
}

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputField {
  name: string;
  type: TypeRef;
  defaultValue: string | null;
}
interface Schema {
  mutationType: { fields: { name: string; args: InputField[]; type: TypeRef }[] };
  types: { name: string; kind: string; inputFields: InputField[] | null; enumValues: { name: string }[] | null }[];
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';

/** The schema's mutations with their arguments, and its input and enum types, read by introspection. */
async function introspect(key: string): Promise<Schema> {
  const mutations = await api.gql(
    key,
    `{ __schema { mutationType { fields { name type { ${TYPE_REF} } args { name defaultValue type { ${TYPE_REF} } } } } } }`,
  );
  const types = await api.gql(key, `{ __schema { types { name kind inputFields { name defaultValue type { ${TYPE_REF} } } enumValues { name } } } }`);
  expect(mutations.errors, JSON.stringify(mutations.errors)).toBeUndefined();
  return { mutationType: mutations.data?.__schema.mutationType, types: types.data?.__schema.types };
}

/** The GraphQL spelling of a type reference (`[String!]!`). */
const typeName = (ref: TypeRef): string =>
  ref.kind === 'NON_NULL' ? `${typeName(ref.ofType as TypeRef)}!` : ref.kind === 'LIST' ? `[${typeName(ref.ofType as TypeRef)}]` : (ref.name as string);

/** The smallest value GraphQL accepts for a type: every required input field filled, lists empty. */
function smallestValue(schema: Schema, ref: TypeRef): unknown {
  if (ref.kind === 'NON_NULL') return smallestValue(schema, ref.ofType as TypeRef);
  if (ref.kind === 'LIST') return [];
  const named = schema.types.find((type) => type.name === ref.name);
  if (ref.kind === 'ENUM') return named?.enumValues?.[0]?.name;
  if (ref.kind === 'INPUT_OBJECT') {
    const required = (named?.inputFields ?? []).filter((field) => field.type.kind === 'NON_NULL' && field.defaultValue === null);
    return Object.fromEntries(required.map((field) => [field.name, smallestValue(schema, field.type)]));
  }
  const scalars: Record<string, unknown> = {
    String: 'x',
    ID: '000000000000000000000000',
    Int: 1,
    Float: 1,
    Boolean: false,
    DateTime: '2026-01-05T09:00:00.000Z',
    JSON: {},
  };
  return scalars[ref.name as string];
}

/** A valid document calling `field` with its required arguments as variables, and those variables. */
function callOf(schema: Schema, field: Schema['mutationType']['fields'][number]): { query: string; variables: Record<string, unknown> } {
  const required = field.args.filter((arg) => arg.type.kind === 'NON_NULL' && arg.defaultValue === null);
  const definitions = required.map((arg) => `$${arg.name}: ${typeName(arg.type)}`).join(', ');
  const args = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  let returned = field.type;
  while (returned.ofType) returned = returned.ofType;
  const selection = returned.kind === 'SCALAR' || returned.kind === 'ENUM' ? '' : ' { __typename }';
  return {
    query: `mutation${definitions ? `(${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((arg) => [arg.name, smallestValue(schema, arg.type)])),
  };
}

describe('a read-only key', () => {
  it('reads, and every mutation of the schema is refused before it runs, naming it, with nothing changed', async () => {
    const recordId = await lead('readonly');
    const key = await keyFor(t.admin, { userId: await adminIdOf(t), name: 'dashboard', scope: { access: 'read_only' } });
    expect((await api.gql(key.token, RECORD, { id: recordId })).data?.record).toMatchObject({ id: recordId, stage: 'lead' });
    expect((await api.gql(key.token, '{ users(first: 5) { edges { node { id } } } }')).errors).toBeUndefined();

    const schema = await introspect(key.token);
    const before = await tenantDigest(h, t.tenantId);
    const refusals: Record<string, GraphQLResult> = {};
    for (const field of schema.mutationType.fields) {
      const { query, variables } = callOf(schema, field);
      refusals[field.name] = await api.gql(key.token, query, variables);
    }
    expect(Object.keys(refusals)).toEqual(expect.arrayContaining(['createRecord', 'transitionRecord', 'createApiKey', 'updateUser', 'publishWorkflow']));
    for (const [name, answer] of Object.entries(refusals)) {
      expect(answer.data ?? null, `${name}: ${JSON.stringify(answer)}`).toBeNull();
      expect(answer.errors?.[0]?.extensions, name).toMatchObject({ code: 'FORBIDDEN', operations: [name], scope: { access: 'read_only', operations: [] } });
      expect(answer.errors?.[0]?.message, name).toBe(`This API key is read-only: it may run queries and subscriptions, not the mutation ${name}`);
    }
    expect(await tenantDigest(h, t.tenantId)).toBe(before);
  });

  it('keeps its scope when rotated', async () => {
    const key = await keyFor(t.admin, { userId: await adminIdOf(t), name: 'rotated read-only', scope: { access: 'read_only' } });
    const rotated = await api.gql(t.admin, ROTATE, { i: { id: key.id } });
    expect(rotated.data?.rotateApiKey).toMatchObject({
      __typename: 'RotateApiKeyPayload',
      apiKey: { id: key.id, scope: { access: 'read_only', operations: [] } },
    });
    const token = rotated.data?.rotateApiKey.token as string;
    expect((await api.gql(token, ME)).data?.me.signedInWith).toBe('api_key');
    const refused = await api.gql(token, CREATE_RECORD, { i: { workflowKey: 'standard_trunk', fields: { name: 'No' } } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', operations: ['createRecord'] });
  });
});

describe('a key limited to named operations', () => {
  it('calls those and nothing else, and a request asking for one more is refused whole', async () => {
    const marketer = await api.gql(t.admin, CREATE_USER, { i: { name: 'Mo Marketing', roles: ['marketing'] } });
    const userId = marketer.data?.createUser.id as string;
    const key = await keyFor(t.admin, { userId, name: 'qualifier', scope: { access: 'operations', operations: ['record', 'transitionRecord'] } });
    expect((await listed(key.id)).scope).toEqual({ access: 'operations', operations: ['record', 'transitionRecord'] });
    const recordId = await lead('limited');

    expect((await api.gql(key.token, RECORD, { id: recordId })).data?.record).toMatchObject({ stage: 'lead', version: 1 });
    const moved = await api.gql(key.token, TRANSITION, { i: { id: recordId, transition: 'qualify', expectedVersion: 1 } });
    expect(moved.data?.transitionRecord).toMatchObject({ __typename: 'Record', stage: 'mql', version: 2 });

    const create = await api.gql(key.token, CREATE_RECORD, { i: { workflowKey: 'standard_trunk', fields: { name: 'Nope' } } });
    expect(create.data ?? null).toBeNull();
    expect(create.errors?.[0]).toMatchObject({
      message: 'This API key may call only record, transitionRecord; it may not call createRecord',
      extensions: { code: 'FORBIDDEN', operations: ['createRecord'], scope: { access: 'operations', operations: ['record', 'transitionRecord'] } },
    });
    const mixed = await api.gql(key.token, `query($id: ID!) { record(id: $id) { __typename } me { roles } records(first: 1) { edges { node { id } } } }`, {
      id: recordId,
    });
    expect(mixed.data ?? null).toBeNull();
    expect(mixed.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', operations: ['me', 'records'] });
    // Through a fragment or an alias, a root field is still itself.
    const hidden = await api.gql(key.token, '{ ... on Query { mine: me { roles } } }');
    expect(hidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', operations: ['me'] });
    expect((await api.gql(key.token, RECORD, { id: recordId })).data?.record).toMatchObject({ stage: 'mql', version: 2 });
  });
});

describe('apiKeyOperations', () => {
  it('lists every root field a scope may name, sorted, each taken by createApiKey; only admins read it', async () => {
    const listedOperations = (await api.gql(t.admin, '{ apiKeyOperations }')).data?.apiKeyOperations as string[];
    expect(listedOperations).toEqual([...listedOperations].sort());
    expect(listedOperations).toEqual(expect.arrayContaining(['record', 'records', 'createRecord', 'transitionRecord', 'recordEvents', 'apiKeyOperations']));
    const key = await keyFor(t.admin, { userId: t.managerId, name: 'every operation', scope: { access: 'operations', operations: listedOperations } });
    expect((await listed(key.id)).scope.operations).toEqual(listedOperations);
    expect((await api.gql(t.sales, '{ apiKeyOperations }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('lastUsedAt', () => {
  it('moves when the key is used, written on every use where the interval is 0 and once per interval elsewhere', async () => {
    const key = await keyFor(t.admin, { userId: t.salesId, name: 'used now and then' });
    expect((await listed(key.id)).lastUsedAt).toBeNull();
    await api.gql(key.token, ME);
    const first = (await listed(key.id)).lastUsedAt as string;
    expect(first).toEqual(expect.any(String));
    // Let the clock move a little, so a second write cannot land on the same millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await api.gql(key.token, ME);
    const second = (await listed(key.id)).lastUsedAt as string;
    expect(Date.parse(second)).toBeGreaterThan(Date.parse(first));

    // The second process keeps the default interval (a minute): its first use is written, the next ones are not.
    const fresh = await keyFor(t.admin, { userId: t.salesId, name: 'used on the second process' });
    await secondApiHttp.gql(fresh.token, ME);
    const once = (await listed(fresh.id)).lastUsedAt as string;
    expect(once).toEqual(expect.any(String));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await secondApiHttp.gql(fresh.token, ME);
    await secondApiHttp.gql(fresh.token, ME);
    expect((await listed(fresh.id)).lastUsedAt).toBe(once);
  });
});

describe('owners', () => {
  it("an integration's key outlives the deactivation of the admin who made it; that admin's own key stops within the revocation window", async () => {
    const admin2 = await api.gql(t.admin, CREATE_USER, { i: { name: 'Ada Admin', roles: ['admin'] } });
    const admin2Id = admin2.data?.createUser.id as string;
    const admin2Key = await keyFor(t.admin, { userId: admin2Id, name: 'Ada key' });
    const integration = await keyFor(admin2Key.token, { integration: { name: 'CRM sync', roles: ['sales'] }, name: 'crm sync key' });
    const personal = await keyFor(admin2Key.token, { userId: admin2Id, name: 'Ada second key', scope: { access: 'read_only' } });

    expect(await listed(integration.id)).toMatchObject({
      userId: null,
      createdById: admin2Id,
      owner: { __typename: 'Integration', name: 'CRM sync', roles: ['sales'] },
      scope: { access: 'full', operations: [] },
    });
    expect(await listed(personal.id)).toMatchObject({ userId: admin2Id, owner: { __typename: 'User', id: admin2Id, name: 'Ada Admin' } });
    expect((await api.gql(integration.token, ME)).data?.me).toMatchObject({
      signedInWith: 'api_key',
      roles: ['sales'],
      user: { id: integration.id, name: 'CRM sync' },
    });

    // Both processes hold all three keys resolved (the second for an hour).
    for (const token of [integration.token, personal.token, admin2Key.token]) {
      expect((await api.gql(token, ME)).errors, token).toBeUndefined();
      expect((await secondApiHttp.gql(token, ME)).errors, token).toBeUndefined();
    }
    const deactivated = await api.gql(t.admin, UPDATE_USER, { i: { id: admin2Id, active: false } });
    expect(deactivated.data?.updateUser).toEqual({ __typename: 'User', id: admin2Id, active: false });

    const refusedBySecond = async (token: string) => (await secondApiHttp.gql(token, ME)).errors?.[0]?.extensions?.code === 'UNAUTHENTICATED';
    for (const token of [personal.token, admin2Key.token]) {
      expect(await refusedWithin(REVOCATION_WINDOW_MS, () => refusedBySecond(token))).toBe(true);
      expect((await api.gql(token, ME)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // The window has passed on both processes; the integration's key still works, reads and writes.
    for (const gql of [api.gql, secondApiHttp.gql]) {
      expect((await gql(integration.token, ME)).data?.me.user.name).toBe('CRM sync');
      const made = await gql(integration.token, CREATE_RECORD, { i: { workflowKey: 'standard_trunk', fields: { name: 'From the CRM' } } });
      expect(made.data?.createRecord.__typename, JSON.stringify(made)).toBe('Record');
    }
  });
});

describe('refusals', () => {
  it('tells a caller without credentials both ways to sign in', async () => {
    const anonymous = await api.gql(null, ME);
    expect(anonymous.errors?.[0]).toMatchObject({
      message: 'Sign in (the session cookie) or send a valid API key as "Authorization: Bearer <key>"',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it("never lists another tenant's keys or lets a key read another tenant's record", async () => {
    const theirRecord = (await api.gql(other.admin, CREATE_RECORD, { i: { workflowKey: 'standard_trunk', fields: { name: 'Theirs' } } })).data?.createRecord
      .id as string;
    const key = await keyFor(t.admin, { userId: t.salesId, name: 'reader', scope: { access: 'operations', operations: ['record'] } });
    const read = await api.gql(key.token, RECORD, { id: theirRecord });
    expect(read.data?.record).toEqual({ __typename: 'NotFound', what: 'record' });
    const theirs = await api.gql(other.admin, LIST_KEYS);
    expect(theirs.data?.apiKeys.edges.map((e: any) => e.node.id)).not.toContain(key.id);
  });
});

/** The id of the tenant's first admin (the user of its admin key). */
async function adminIdOf(tenant: TenantKeys): Promise<string> {
  return (await api.gql(tenant.admin, ME)).data?.me.user.id as string;
}

/** Whether `check` says refused within `windowMs` (asked every 20 ms). */
async function refusedWithin(windowMs: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + windowMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
  }
  return check();
}
