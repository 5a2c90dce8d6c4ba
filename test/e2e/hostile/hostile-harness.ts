import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { BSON, MongoClient } from 'mongodb';
import type { GraphQLResult, Harness, TenantKeys } from '../harness';

/**
 * What a hostile input must get: a refusal with this code (and pointer, where the input has one), an HTTP
 * status with a JSON body saying what is wrong, or nothing at all (`inert`: accepted as plain data).
 */
type HostileExpectation = { refused: string; pointer?: string; status?: number } | { status: number; refused?: string } | { inert: true };

/** One hostile input: a name that says what it is, how to send it, and what it must get. */
export interface HostileCase {
  name: string;
  /** What the case needs in place first; runs before the digest is taken. */
  prepare?: (ctx: HostileContext) => Promise<void>;
  send: (ctx: HostileContext) => Promise<Response>;
  expect: HostileExpectation;
}

/** What a case sends with: the harness, the victim tenant and a second tenant whose ids it may steal. */
export interface HostileContext {
  h: Harness;
  t: TenantKeys;
  other: TenantKeys;
  /** A record of `t` (standard trunk, in the lead stage). */
  recordId: string;
  /** A record of `other`. */
  otherRecordId: string;
}

/**
 * The context of a suite: the harness, the victim tenant and the other one, each with a record its salesperson made.
 * @example ctx = await hostileContext({ h, t: await h.tenant('Victim'), other: await h.tenant('Other') })
 */
export async function hostileContext(input: { h: Harness; t: TenantKeys; other: TenantKeys }): Promise<HostileContext> {
  const { h, t, other } = input;
  const create = (key: string) =>
    h.gql(key, 'mutation { createRecord(input: { workflowKey: "standard_trunk", fields: { name: "R" } }) { ... on Record { id } } }');
  const mine = await create(t.sales);
  const theirs = await create(other.sales);
  return { h, t, other, recordId: mine.data?.createRecord.id as string, otherRecordId: theirs.data?.createRecord.id as string };
}

/** POSTs a raw body to /graphql with the given headers (an API key unless `authorization` is given). */
export async function post(h: Harness, input: { key?: string | null; body: string | Uint8Array; headers?: Record<string, string> }): Promise<Response> {
  const body = typeof input.body === 'string' ? Buffer.from(input.body) : input.body;
  return h.server.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': String(body.byteLength),
      ...(input.key ? { authorization: `Bearer ${input.key}` } : {}),
      ...input.headers,
    },
    body,
  });
}

/** POSTs one GraphQL operation as JSON. */
export function gqlRequest(h: Harness, key: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Response> {
  return post(h, { key, body: JSON.stringify({ query, variables }) });
}

/**
 * Collections that coordinate processes rather than hold a tenant's data: an owner lease is taken (and left to
 * expire) by every claim or extension before the record is read, refused or not.
 */
const COORDINATION = new Set(['ownerLeases']);

/**
 * Fields that note that a credential was used rather than any change of the tenant's data: a key's `lastUsedAt`
 * is written when it authenticates a request (at most once per interval per process), refused or not.
 */
const USE_NOTES: Readonly<Record<string, string>> = { apiKeys: 'lastUsedAt' };

/**
 * A digest of everything stored for a tenant: every document of every collection whose `tenantId` is the
 * tenant's (and the tenant's own document), in `_id` order, without the notes of a key's use. Equal digests before and after a case mean the
 * case changed nothing of the tenant. It first lets the api's drainer settle: earlier writes' events leave their
 * outboxes in the background (`outboxClearDelayMs`), which is no case's change.
 */
export async function tenantDigest(h: Harness, tenantId: string): Promise<string> {
  await h.server.services.drainer.flush();
  const client = await MongoClient.connect(h.mongo.uri);
  try {
    const db = client.db();
    const hash = createHash('sha256');
    const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    for (const name of collections.filter((c) => !COORDINATION.has(c))) {
      const filter = name === 'tenants' ? { _id: tenantId } : { tenantId };
      const docs = await db
        .collection(name)
        .find(filter as Record<string, unknown>)
        .sort({ _id: 1 })
        .toArray();
      const note = USE_NOTES[name];
      if (note) for (const doc of docs) delete doc[note];
      hash.update(`${name}\u0000${BSON.EJSON.stringify(docs, { relaxed: false })}\u0000`);
    }
    return hash.digest('hex');
  } finally {
    await client.close();
  }
}

/** The api answers a plain query for the tenant: it is not stuck, crashed or poisoned by the case. */
export async function expectHealthy(h: Harness, key: string): Promise<void> {
  const response = await gqlRequest(h, key, '{ me { tenant { id } } }');
  expect(response.status).toBe(200);
  const body = (await response.json()) as GraphQLResult;
  expect(body.errors).toBeUndefined();
}

/** The codes and pointers a reply carries: GraphQL errors' extensions and typed results' diagnostics, anywhere. */
function refusalsIn(body: unknown): { codes: string[]; pointers: string[] } {
  const codes: string[] = [];
  const pointers: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    if (typeof o.code === 'string') codes.push(o.code);
    if (typeof o.__typename === 'string' && o.__typename !== 'Record') codes.push(o.__typename);
    if (typeof o.pointer === 'string') pointers.push(o.pointer);
    for (const v of Object.values(o)) walk(v);
  };
  walk(body);
  return { codes, pointers };
}

/**
 * Sends a case and checks its answer against its expectation, then that the server is healthy and that the
 * tenant's stored data did not change. A refusal must never be a 5xx, an INTERNAL or a masked error.
 */
export async function runHostileCase(ctx: HostileContext, c: HostileCase): Promise<void> {
  await c.prepare?.(ctx);
  const before = await tenantDigest(ctx.h, ctx.t.tenantId);
  const response = await c.send(ctx);
  const text = await response.text();
  expect(response.status, `${c.name}: ${text.slice(0, 300)}`).toBeLessThan(500);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${c.name}: the reply (status ${response.status}) is not JSON: ${text.slice(0, 200)}`);
  }
  const { codes, pointers } = refusalsIn(body);
  expect(codes, `${c.name}: ${text.slice(0, 300)}`).not.toContain('INTERNAL');
  expect(text, c.name).not.toContain('Unexpected error');
  const e = c.expect;
  if ('inert' in e) {
    expect(codes, `${c.name} should be inert: ${text.slice(0, 300)}`).toEqual([]);
  } else {
    if (e.status !== undefined) expect(response.status, `${c.name}: ${text.slice(0, 300)}`).toBe(e.status);
    if (e.refused !== undefined) expect(codes, `${c.name}: ${text.slice(0, 300)}`).toContain(e.refused);
    if ('pointer' in e && e.pointer !== undefined) expect(pointers, `${c.name}: ${text.slice(0, 300)}`).toContain(e.pointer);
  }
  await expectHealthy(ctx.h, ctx.t.admin);
  if (!('inert' in e)) expect(await tenantDigest(ctx.h, ctx.t.tenantId), `${c.name} changed the tenant's data`).toBe(before);
}
