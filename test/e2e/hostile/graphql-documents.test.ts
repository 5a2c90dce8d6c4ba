import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_RESULT, startHarness, type Harness } from '../harness';
import { gqlRequest, post, runHostileCase, type HostileCase, type HostileContext } from './hostile-harness';

let ctx: HostileContext;

beforeAll(async () => {
  const h: Harness = await startHarness();
  const t = await h.tenant('Hostile documents');
  const other = await h.tenant('Hostile documents other');
  const create = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
  const mine = await h.gql(t.admin, create, { i: { workflowKey: 'standard_trunk', fields: { name: 'Victim' } } });
  const theirs = await h.gql(other.admin, create, { i: { workflowKey: 'standard_trunk', fields: { name: 'Other' } } });
  ctx = { h, t, other, recordId: mine.data?.createRecord.id, otherRecordId: theirs.data?.createRecord.id };
});
afterAll(() => ctx?.h.close());

const LEVELS = 20_000;
const query = (c: HostileContext, document: string, extra: Record<string, unknown> = {}) =>
  post(c.h, { key: c.t.admin, body: JSON.stringify({ query: document, ...extra }) });
const times = (n: number, f: (i: number) => string, sep = ' ') => Array.from({ length: n }, (_, i) => f(i)).join(sep);
/** Each fragment spreads the next one twice: 2^30 selections once expanded. */
const fragmentBomb = `{ ...F0 } ${times(30, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)} fragment F30 on Query { __typename }`;
/** Introspection that walks from types to their fields' types' fields again and again: its answer grows exponentially. */
const deepIntrospection = `{ __schema { types { ${'fields { type { '.repeat(8)}name${' } }'.repeat(8)} } } }`;

/** graphql-js's getIntrospectionQuery() with every option on, as GraphiQL sends it (the test package has no graphql). */
const INTROSPECTION = `query IntrospectionQuery {
  __schema {
    description queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL
  fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`;

const cases: HostileCase[] = [
  {
    name: 'selections nested 20,000 levels deep',
    send: (c) => query(c, `{ ${'me { '.repeat(LEVELS)}id${' }'.repeat(LEVELS)} }`),
    expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: 'a list literal nested 20,000 levels deep',
    send: (c) => query(c, `{ validateWorkflow(definition: ${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}) { valid } }`),
    expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: 'an object literal nested 20,000 levels deep',
    send: (c) => query(c, `{ validateWorkflow(definition: ${'{a: '.repeat(LEVELS)}1${'}'.repeat(LEVELS)}) { valid } }`),
    expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: 'an unbalanced document of 20,000 opening braces',
    send: (c) => query(c, '{'.repeat(LEVELS)),
    expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: 'a document of 50,000 tokens',
    send: (c) => query(c, `{ ${times(25_000, () => '__typename')} }`),
    expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: 'one field repeated 3,000 times without aliases',
    send: (c) => query(c, `{ ${times(3000, () => 'me { id }')} }`),
    expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: '10,000 aliases of one field',
    send: (c) => query(c, `{ ${times(10_000, (i) => `a${i}: me { id }`)} }`),
    expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: '100 aliases of one field (under the token limit)',
    send: (c) => query(c, `{ ${times(100, (i) => `a${i}: me { id }`)} }`),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: '100 aliases of __typename',
    send: (c) => query(c, `{ ${times(100, (i) => `a${i}: __typename`)} }`),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'a fragment that spreads itself',
    send: (c) => query(c, '{ ...A } fragment A on Query { ...A }'),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'a cycle of two fragments',
    send: (c) => query(c, '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  { name: 'a fragment bomb (2^30 selections)', send: (c) => query(c, fragmentBomb), expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' } },
  { name: 'a spread of an unknown fragment', send: (c) => query(c, '{ ...Nowhere }'), expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' } },
  {
    name: '100 directives on one field',
    send: (c) => query(c, `{ __typename ${times(100, () => '@include(if: true)')} }`),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  { name: 'an unknown directive', send: (c) => query(c, '{ __typename @delete }'), expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' } },
  {
    name: 'a string literal with a lone surrogate escape',
    send: (c) => query(c, '{ workflow(key: "\\ud800") { __typename } }'),
    expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: 'a 1 MB string literal as a key',
    send: (c) => query(c, `{ workflow(key: "${'k'.repeat(1_000_000)}") { __typename } }`),
    expect: { refused: 'VALIDATION_FAILED', pointer: '/key' },
  },
  {
    name: 'an unknown operation name',
    send: (c) => query(c, 'query A { __typename }', { operationName: 'B' }),
    expect: { status: 400, refused: 'OPERATION_RESOLUTION_FAILURE' },
  },
  {
    name: 'two operations without an operation name',
    send: (c) => query(c, 'query A { __typename } query B { __typename }'),
    expect: { status: 400, refused: 'OPERATION_RESOLUTION_FAILURE' },
  },
  {
    name: 'an operation name that is a fragment',
    send: (c) => query(c, 'query A { ...F } fragment F on Query { __typename }', { operationName: 'F' }),
    expect: { status: 400, refused: 'OPERATION_RESOLUTION_FAILURE' },
  },
  { name: 'a document of comments only', send: (c) => query(c, '# nothing here\n# at all'), expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' } },
  {
    name: 'introspection nested 8 times through fields and types',
    send: (c) => query(c, deepIntrospection),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: '1,000 variable definitions',
    send: (c) => query(c, `query(${times(1000, (i) => `$v${i}: String`)}) { __typename }`),
    expect: { status: 400, refused: 'GRAPHQL_PARSE_FAILED' },
  },
  {
    name: 'a variable nested 10,000 levels where a list of roles is expected',
    send: (c) =>
      post(c.h, {
        key: c.t.admin,
        body: `{"query":"mutation($r: [Role!]!) { createUser(input: { name: \\"Eve\\", roles: $r }) { __typename } }","variables":{"r":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
      }),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'a batch of 1,000 operations',
    send: (c) => post(c.h, { key: c.t.admin, body: JSON.stringify(Array.from({ length: 1000 }, () => ({ query: '{ __typename }' }))) }),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  {
    name: 'a subscription that accepts only JSON',
    send: (c) =>
      post(c.h, {
        key: c.t.admin,
        body: JSON.stringify({ query: 'subscription { recordEvents(workflowKey: "standard_trunk") { id } }' }),
        headers: { accept: 'application/json' },
      }),
    expect: { status: 406, refused: 'NOT_ACCEPTABLE' },
  },
  {
    name: 'an unused variable nested 100,000 levels',
    send: (c) => post(c.h, { key: c.t.admin, body: `{"query":"{ me { tenant { id } } }","variables":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}` }),
    expect: { inert: true },
  },
  {
    name: 'request extensions nested 100,000 levels',
    send: (c) => post(c.h, { key: c.t.admin, body: `{"query":"{ me { tenant { id } } }","extensions":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}` }),
    expect: { inert: true },
  },
  {
    name: 'a 1 MB operation name',
    send: (c) => query(c, 'query A { __typename }', { operationName: 'A'.repeat(1_000_000) }),
    expect: { status: 400, refused: 'OPERATION_RESOLUTION_FAILURE' },
  },
  {
    name: '100,000 commas between two tokens (ignored tokens)',
    send: (c) => query(c, `{ ${','.repeat(100_000)} me { tenant { id } } }`),
    expect: { inert: true },
  },
];

describe('hostile GraphQL documents are refused with a 400 and a message before any work', () => {
  it.each(cases.map((c) => [c.name, c] as const))('refuses %s', async (_name, c) => {
    await runHostileCase(ctx, c);
  });

  it('still answers the full introspection query GraphiQL sends', async () => {
    const response = await gqlRequest(ctx.h, ctx.t.admin, INTROSPECTION);
    const body = (await response.json()) as { data?: { __schema?: { types: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.__schema?.types.length).toBeGreaterThan(50);
  });
});
