import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelServer, type FunnelServer } from '@funnel/api';
import { ROOT_KEY, startHarness, type GraphQLResult, type Harness, type TenantKeys } from './harness';

const HOUR_MS = 60 * 60 * 1000;
/** What the issue asks of a revocation: every process refuses the key within a second. */
const REVOCATION_DEADLINE_MS = 1000;
const RETRY_EVERY_MS = 50;

const LIST = '{ apiKeys(first: 50) { edges { node { id name userId user { id name } createdAt revokedAt } } } }';
const REVOKE = `mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { __typename
  ... on RevokeApiKeyPayload { alreadyRevoked apiKey { id revokedAt } }
  ... on NotFound { what id pointer }
  ... on Forbidden { requiredRoles } } }`;
const ROTATE = `mutation($i: RotateApiKeyInput!) { rotateApiKey(input: $i) { __typename
  ... on RotateApiKeyPayload { token apiKey { id name } }
  ... on NotFound { what id pointer }
  ... on ValidationFailed { diagnostics { pointer message } }
  ... on Forbidden { requiredRoles } } }`;
const ME = '{ me { user { id } } }';

let h: Harness;
let a: TenantKeys;
let b: TenantKeys;
/** A second api process on the same store; both trust a resolved key for an hour. */
let second: FunnelServer;

beforeAll(async () => {
  h = await startHarness({ keyCacheTtlMs: HOUR_MS });
  second = await createFunnelServer({
    uri: h.mongo.uri,
    clock: h.clock,
    config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined, keyCacheTtlMs: HOUR_MS },
  });
  a = await h.tenant('Alpha');
  b = await h.tenant('Beta');
});
afterAll(async () => {
  await second?.close();
  await h?.close();
});

/** A GraphQL call to the second process. */
async function onSecond(key: string, query: string): Promise<GraphQLResult> {
  const body = JSON.stringify({ query });
  const response = await second.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body,
  });
  return (await response.json()) as GraphQLResult;
}

/** A new key of the tenant's sales user, with its id. */
async function salesKey(t: TenantKeys, name: string): Promise<{ id: string; token: string }> {
  const made = await h.gql(t.admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token apiKey { id } } } }', {
    i: { userId: t.salesId, name },
  });
  return { id: made.data?.createApiKey.apiKey.id as string, token: made.data?.createApiKey.token as string };
}

/** Milliseconds until the second process refuses `token` (asked every 50 ms), or Infinity after two seconds. */
async function untilSecondRefuses(token: string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 2 * REVOCATION_DEADLINE_MS) {
    const res = await onSecond(token, ME);
    if (res.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
  }
  return Number.POSITIVE_INFINITY;
}

describe('listing keys', () => {
  it("shows an admin the tenant's keys with their users, never a secret or hash", async () => {
    const listed = await h.gql(a.admin, LIST);
    const nodes = listed.data?.apiKeys.edges.map((e: any) => e.node) as any[];
    expect(nodes.map((n) => n.name)).toEqual(['first admin key', 'Mia Manager key', 'Sam Sales key', 'Sue Sales key', 'Max Marketing key']);
    expect(nodes.find((n) => n.name === 'Sam Sales key')).toMatchObject({ userId: a.salesId, user: { id: a.salesId, name: 'Sam Sales' }, revokedAt: null });
    expect(JSON.stringify(listed)).not.toMatch(/hash|fk_/);
    const other = await h.gql(b.admin, LIST);
    expect(other.data?.apiKeys.edges.map((e: any) => e.node.id)).not.toContain(nodes[0].id);
  });

  it('refuses a non-admin', async () => {
    const listed = await h.gql(a.sales, LIST);
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('revoking a key', () => {
  it('makes the key UNAUTHENTICATED at once, and a second revocation says it was already revoked', async () => {
    const key = await salesKey(a, 'revoke me');
    expect((await h.gql(key.token, ME)).data?.me.user.id).toBe(a.salesId);
    const revoked = await h.gql(a.admin, REVOKE, { i: { id: key.id } });
    expect(revoked.data?.revokeApiKey).toMatchObject({ __typename: 'RevokeApiKeyPayload', alreadyRevoked: false, apiKey: { id: key.id } });
    expect(revoked.data?.revokeApiKey.apiKey.revokedAt).toEqual(expect.any(String));
    expect((await h.gql(key.token, ME)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const again = await h.gql(a.admin, REVOKE, { i: { id: key.id } });
    expect(again.data?.revokeApiKey).toMatchObject({
      __typename: 'RevokeApiKeyPayload',
      alreadyRevoked: true,
      apiKey: { revokedAt: revoked.data?.revokeApiKey.apiKey.revokedAt },
    });
  });

  it('is Forbidden to a non-admin, and the key keeps working', async () => {
    const key = await salesKey(a, 'not yours to revoke');
    const refused = await h.gql(a.sales, REVOKE, { i: { id: key.id } });
    expect(refused.data?.revokeApiKey).toEqual({ __typename: 'Forbidden', requiredRoles: ['admin'] });
    expect((await h.gql(key.token, ME)).data?.me.user.id).toBe(a.salesId);
  });

  it("answers NotFound at /id for another tenant's key, and that key keeps working", async () => {
    const theirs = await salesKey(b, 'beta key');
    const before = await h.server.services.models.ApiKey.findOne({ tenantId: b.tenantId, _id: theirs.id }).lean();
    const refused = await h.gql(a.admin, REVOKE, { i: { id: theirs.id } });
    expect(refused.data?.revokeApiKey).toEqual({ __typename: 'NotFound', what: 'API key', id: theirs.id, pointer: '/id' });
    const rotated = await h.gql(a.admin, ROTATE, { i: { id: theirs.id } });
    expect(rotated.data?.rotateApiKey).toEqual({ __typename: 'NotFound', what: 'API key', id: theirs.id, pointer: '/id' });
    expect(await h.server.services.models.ApiKey.findOne({ tenantId: b.tenantId, _id: theirs.id }).lean()).toEqual(before);
    expect((await h.gql(theirs.token, ME)).data?.me.user.id).toBe(b.salesId);
  });
});

describe('rotating a key', () => {
  it('refuses the old secret at once and accepts the new one, for the same key', async () => {
    const key = await salesKey(a, 'rotate me');
    expect((await h.gql(key.token, ME)).data?.me.user.id).toBe(a.salesId);
    const rotated = await h.gql(a.admin, ROTATE, { i: { id: key.id } });
    expect(rotated.data?.rotateApiKey).toMatchObject({ __typename: 'RotateApiKeyPayload', apiKey: { id: key.id, name: 'rotate me' } });
    const fresh = rotated.data?.rotateApiKey.token as string;
    expect(fresh).not.toBe(key.token);
    expect((await h.gql(key.token, ME)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await h.gql(fresh, ME)).data?.me.user.id).toBe(a.salesId);
  });

  it('refuses a revoked key at /id: it stays revoked', async () => {
    const key = await salesKey(a, 'revoked, then rotated');
    await h.gql(a.admin, REVOKE, { i: { id: key.id } });
    const rotated = await h.gql(a.admin, ROTATE, { i: { id: key.id } });
    expect(rotated.data?.rotateApiKey.__typename).toBe('ValidationFailed');
    expect(rotated.data?.rotateApiKey.diagnostics[0].pointer).toBe('/id');
  });

  it('is Forbidden to a non-admin', async () => {
    const key = await salesKey(a, 'not yours to rotate');
    const refused = await h.gql(a.sales, ROTATE, { i: { id: key.id } });
    expect(refused.data?.rotateApiKey).toEqual({ __typename: 'Forbidden', requiredRoles: ['admin'] });
    expect((await h.gql(key.token, ME)).data?.me.user.id).toBe(a.salesId);
  });
});

describe('two api processes whose key caches last an hour', () => {
  it('a key the second process has just used, revoked through the first, is refused by the second within a second', async () => {
    const key = await salesKey(a, 'cached on the second');
    expect((await onSecond(key.token, ME)).data?.me.user.id).toBe(a.salesId);
    const revoked = await h.gql(a.admin, REVOKE, { i: { id: key.id } });
    expect(revoked.data?.revokeApiKey.__typename).toBe('RevokeApiKeyPayload');
    expect(await untilSecondRefuses(key.token)).toBeLessThan(REVOCATION_DEADLINE_MS);
  });

  it('an old secret the second process has just used, rotated through the first, is refused by the second within a second', async () => {
    const key = await salesKey(a, 'rotated under the second');
    expect((await onSecond(key.token, ME)).data?.me.user.id).toBe(a.salesId);
    const rotated = await h.gql(a.admin, ROTATE, { i: { id: key.id } });
    expect(await untilSecondRefuses(key.token)).toBeLessThan(REVOCATION_DEADLINE_MS);
    expect((await onSecond(rotated.data?.rotateApiKey.token as string, ME)).data?.me.user.id).toBe(a.salesId);
  });
});
