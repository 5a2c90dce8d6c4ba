import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_RESULT, startHarness, type Harness } from '../harness';
import { gqlRequest, post, runHostileCase, type HostileCase, type HostileContext } from './hostile-harness';

/** Small on purpose, so the cases cross them with little data; the defaults are larger (docs/api.md). */
const JSON_DEPTH = 16;
const JSON_NODES = 1000;
const JSON_STRING = 1000;
const JSON_KEY = 100;

let ctx: HostileContext;

beforeAll(async () => {
  const h: Harness = await startHarness({ maxJsonDepth: JSON_DEPTH, maxJsonNodes: JSON_NODES, maxJsonStringLength: JSON_STRING, maxJsonKeyLength: JSON_KEY });
  const t = await h.tenant('Hostile JSON');
  const other = await h.tenant('Hostile JSON other');
  const mine = await h.gql(t.admin, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Victim' } } });
  const theirs = await h.gql(other.admin, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Other' } } });
  ctx = { h, t, other, recordId: mine.data?.createRecord.id, otherRecordId: theirs.data?.createRecord.id };
});
afterAll(() => ctx?.h.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const UPDATE = `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const RELEASE = `mutation($i: ReleaseRecordInput!) { releaseRecord(input: $i) { ${RECORD_RESULT} } }`;
const LOG = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${RECORD_RESULT} } }`;
const CREATE_USER = 'mutation($i: CreateUserInput!) { createUser(input: $i) { __typename ... on ValidationFailed { diagnostics { pointer message } } } }';
const SAVE_DRAFT =
  'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename ... on ValidationFailed { diagnostics { pointer message } } } }';
const VALIDATE = 'query($d: JSON!) { validateWorkflow(definition: $d) { __typename } }';
const PLAN = 'query($i: PlanMigrationInput!) { planMigration(input: $i) { __typename ... on ValidationFailed { diagnostics { pointer message } } } }';

const update = (c: HostileContext, fields: unknown) => gqlRequest(c.h, c.t.admin, UPDATE, { i: { id: c.recordId, expectedVersion: 1, fields } });
/** A body with the variables written by hand: JSON.stringify cannot write 10,000 levels or a lone surrogate key on purpose. */
const rawVariables = (c: HostileContext, queryText: string, variablesJson: string) =>
  post(c.h, { key: c.t.admin, body: `{"query":${JSON.stringify(queryText)},"variables":${variablesJson}}` });
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** Where a value nested `levels` deep under `prefix` crosses the depth limit: the container one past it. */
const depthPointer = (prefix: string, containersAbove: number) => `${prefix}${'/a'.repeat(JSON_DEPTH + 1 - containersAbove)}`;
const long = (n: number) => 'x'.repeat(n);

const cases: HostileCase[] = [
  {
    name: 'a $where key in record fields',
    send: (c) => update(c, { $where: 'sleep(10000)' }),
    expect: { refused: 'ValidationFailed', pointer: '/fields/$where' },
  },
  { name: 'a $gt operator as a field value', send: (c) => update(c, { name: { $gt: '' } }), expect: { refused: 'ValidationFailed', pointer: '/fields/name' } },
  {
    name: 'a $set key in record fields',
    send: (c) => update(c, { $set: { owner: c.other.admin } }),
    expect: { refused: 'ValidationFailed', pointer: '/fields/$set' },
  },
  {
    name: 'a dotted key in record fields',
    send: (c) => update(c, { 'pool.reason': 'x' }),
    expect: { refused: 'ValidationFailed', pointer: '/fields/pool.reason' },
  },
  {
    name: 'a __proto__ key in record fields',
    send: (c) => rawVariables(c, UPDATE, `{"i":{"id":"${c.recordId}","expectedVersion":1,"fields":{"__proto__":{"name":"Polluted"}}}}`),
    expect: { refused: 'ValidationFailed', pointer: '/fields/__proto__' },
  },
  {
    name: 'a __proto__ key deep in a definition',
    send: (c) => rawVariables(c, VALIDATE, '{"d":{"key":"x","stages":[{"__proto__":{"polluted":true}}]}}'),
    expect: { refused: 'VALIDATION_FAILED', pointer: '/definition/stages/0/__proto__' },
  },
  {
    name: 'a __proto__ key in a JSON literal of the document',
    send: (c) => gqlRequest(c.h, c.t.admin, '{ validateWorkflow(definition: { key: "x", __proto__: { polluted: true } }) { __typename } }'),
    expect: { refused: 'VALIDATION_FAILED', pointer: '/definition/__proto__' },
  },
  {
    name: 'a constructor key in record fields',
    send: (c) => update(c, { constructor: { prototype: { polluted: true } } }),
    expect: { refused: 'ValidationFailed', pointer: '/fields/constructor' },
  },
  { name: 'a prototype key in record fields', send: (c) => update(c, { prototype: 1 }), expect: { refused: 'ValidationFailed', pointer: '/fields/prototype' } },
  {
    name: 'record fields nested 10,000 levels',
    send: (c) => rawVariables(c, UPDATE, `{"i":{"id":"${c.recordId}","expectedVersion":1,"fields":{"name":${nested(10_000)}}}}`),
    expect: { refused: 'ValidationFailed', pointer: depthPointer('/fields/name', 2) },
  },
  {
    name: 'a definition of arrays nested 10,000 levels',
    send: (c) => rawVariables(c, VALIDATE, `{"d":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
    expect: { refused: 'VALIDATION_FAILED', pointer: `/definition${'/0'.repeat(JSON_DEPTH)}` },
  },
  {
    name: 'a draft nested one level past the limit',
    send: (c) => rawVariables(c, SAVE_DRAFT, `{"i":{"key":"deep","definition":${nested(JSON_DEPTH + 1)}}}`),
    expect: { refused: 'ValidationFailed', pointer: depthPointer('/definition', 1) },
  },
  {
    name: 'record fields with 100,000 keys',
    send: (c) => update(c, Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))),
    expect: { refused: 'ValidationFailed', pointer: `/fields/k${JSON_NODES - 1}` },
  },
  {
    name: 'a definition that is an array of 100,000 numbers',
    send: (c) => gqlRequest(c.h, c.t.admin, VALIDATE, { d: Array.from({ length: 100_000 }, () => 0) }),
    expect: { refused: 'VALIDATION_FAILED', pointer: `/definition/${JSON_NODES - 1}` },
  },
  {
    name: 'a field value of 1,000,000 characters',
    send: (c) => update(c, { name: long(1_000_000) }),
    expect: { refused: 'ValidationFailed', pointer: '/fields/name' },
  },
  {
    name: 'a field key of 10,000 characters',
    send: (c) => update(c, { [long(10_000)]: 1 }),
    expect: { refused: 'ValidationFailed', pointer: `/fields/${long(10_000)}` },
  },
  {
    name: 'a lone high surrogate in a field value',
    send: (c) => update(c, { name: 'Ann\ud800' }),
    expect: { refused: 'ValidationFailed', pointer: '/fields/name' },
  },
  {
    name: 'a lone low surrogate in a field value',
    send: (c) => update(c, { company: '\udc00Acme' }),
    expect: { refused: 'ValidationFailed', pointer: '/fields/company' },
  },
  {
    name: 'a lone surrogate in a field key',
    send: (c) => rawVariables(c, UPDATE, `{"i":{"id":"${c.recordId}","expectedVersion":1,"fields":{"na\\ud800me":"x"}}}`),
    expect: { refused: 'ValidationFailed', pointer: '/fields/na\ud800me' },
  },
  {
    name: 'a lone surrogate deep in a draft',
    send: (c) => gqlRequest(c.h, c.t.admin, SAVE_DRAFT, { i: { key: 'uni', definition: { key: 'uni', name: { en: 'ok', zhHans: '\ud83d' } } } }),
    expect: { refused: 'ValidationFailed', pointer: '/definition/name/zhHans' },
  },
  {
    name: 'a lone surrogate in a user name (String)',
    send: (c) => gqlRequest(c.h, c.t.admin, CREATE_USER, { i: { name: 'Eve\ud800', roles: ['sales'] } }),
    expect: { refused: 'ValidationFailed', pointer: '/name' },
  },
  {
    name: 'a lone surrogate in a record id (ID)',
    send: (c) => gqlRequest(c.h, c.t.admin, 'query($id: ID!) { record(id: $id) { __typename } }', { id: '\udfff' }),
    expect: { refused: 'VALIDATION_FAILED', pointer: '/id' },
  },
  {
    name: 'a lone surrogate in an idempotency key',
    send: (c) => gqlRequest(c.h, c.t.admin, UPDATE, { i: { id: c.recordId, expectedVersion: 1, fields: { name: 'y' }, idempotencyKey: 'k\ud800' } }),
    expect: { refused: 'ValidationFailed', pointer: '/idempotencyKey' },
  },
  {
    name: 'a lone surrogate in a filter',
    send: (c) => gqlRequest(c.h, c.t.admin, 'query($f: RecordFilter) { records(filter: $f) { edges { node { id } } } }', { f: { stage: '\ud800' } }),
    expect: { refused: 'VALIDATION_FAILED', pointer: '/filter/stage' },
  },
  {
    name: 'a 10,000-character user name',
    send: (c) => gqlRequest(c.h, c.t.admin, CREATE_USER, { i: { name: long(10_000), roles: ['sales'] } }),
    expect: { refused: 'ValidationFailed', pointer: '/name' },
  },
  {
    name: 'a 10,000-character email',
    send: (c) => gqlRequest(c.h, c.t.admin, CREATE_USER, { i: { name: 'Eve', email: `${long(10_000)}@x.io`, roles: ['sales'] } }),
    expect: { refused: 'ValidationFailed', pointer: '/email' },
  },
  {
    name: 'a 10,000-character record id',
    send: (c) => gqlRequest(c.h, c.t.admin, 'query($id: ID!) { record(id: $id) { __typename } }', { id: long(10_000) }),
    expect: { refused: 'VALIDATION_FAILED', pointer: '/id' },
  },
  {
    name: 'a 10,000-character workflow key',
    send: (c) => gqlRequest(c.h, c.t.admin, 'query($k: String!) { workflow(key: $k) { __typename } }', { k: long(10_000) }),
    expect: { refused: 'VALIDATION_FAILED', pointer: '/key' },
  },
  {
    name: 'a 10,000-character idempotency key',
    send: (c) => gqlRequest(c.h, c.t.admin, UPDATE, { i: { id: c.recordId, expectedVersion: 1, fields: { name: 'y' }, idempotencyKey: long(10_000) } }),
    expect: { refused: 'ValidationFailed', pointer: '/idempotencyKey' },
  },
  {
    name: 'a 100,000-character release reason',
    send: (c) => gqlRequest(c.h, c.t.admin, RELEASE, { i: { id: c.recordId, reason: long(100_000) } }),
    expect: { refused: 'ValidationFailed', pointer: '/reason' },
  },
  {
    name: 'a 100,000-character transition reason',
    send: (c) => gqlRequest(c.h, c.t.admin, TRANSITION, { i: { id: c.recordId, expectedVersion: 1, transition: 'disqualify', reason: long(100_000) } }),
    expect: { refused: 'ValidationFailed', pointer: '/reason' },
  },
  {
    name: 'a 100,000-character note',
    send: (c) => gqlRequest(c.h, c.t.admin, LOG, { i: { id: c.recordId, activity: { type: 'note', note: long(100_000) } } }),
    expect: { refused: 'ValidationFailed', pointer: '/activity/note' },
  },
  {
    name: 'a 10,000-character cursor',
    send: (c) => gqlRequest(c.h, c.t.admin, 'query($a: String) { records(after: $a) { edges { node { id } } } }', { a: long(10_000) }),
    expect: { refused: 'VALIDATION_FAILED', pointer: '/after' },
  },
  {
    name: 'a 10,000-character stage in a stage map',
    send: (c) =>
      gqlRequest(c.h, c.t.admin, PLAN, { i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 1, stageMap: [{ from: long(10_000), to: 'lead' }] } }),
    expect: { refused: 'ValidationFailed', pointer: '/stageMap/0/from' },
  },
  {
    name: 'a 10,000-character clock duration',
    send: (c) =>
      gqlRequest(c.h, c.t.admin, 'mutation($by: String!) { advanceClock(by: $by) { __typename ... on ValidationFailed { diagnostics { pointer } } } }', {
        by: `P${'1'.repeat(10_000)}D`,
      }),
    expect: { refused: 'ValidationFailed', pointer: '/by' },
  },
  {
    name: 'a user with 100,000 roles',
    send: (c) => gqlRequest(c.h, c.t.admin, CREATE_USER, { i: { name: 'Eve', roles: Array.from({ length: 100_000 }, () => 'sales') } }),
    expect: { refused: 'ValidationFailed', pointer: '/roles' },
  },
  {
    name: 'a stage map of 100,000 entries',
    send: (c) =>
      gqlRequest(c.h, c.t.admin, PLAN, {
        i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 1, stageMap: Array.from({ length: 100_000 }, () => ({ from: 'lead', to: 'lead' })) },
      }),
    expect: { refused: 'ValidationFailed', pointer: '/stageMap' },
  },
];

describe('hostile JSON and string inputs are refused with a pointer before any work', () => {
  it.each(cases.map((c) => [c.name, c] as const))('refuses %s', async (_name, c) => {
    await runHostileCase(ctx, c);
  });
});

describe('operator-like keys and values are stored as plain data', () => {
  it('stores field values that look like operators and paths exactly as sent', async () => {
    const made = await ctx.h.gql(ctx.t.admin, CREATE, {
      i: { workflowKey: 'standard_trunk', fields: { name: '$where', companyName: 'a.b.$gt', product: '{"$gt": ""}' } },
    });
    expect(made.data?.createRecord.__typename, JSON.stringify(made)).toBe('Record');
    const id = made.data?.createRecord.id as string;
    const read = await ctx.h.gql(ctx.t.admin, 'query($id: ID!) { record(id: $id) { ... on Record { fields } } }', { id });
    expect(read.data?.record.fields).toMatchObject({ name: '$where', companyName: 'a.b.$gt', product: '{"$gt": ""}' });
  });

  it('stores a draft whose keys look like operators, paths and prototype names exactly as sent', async () => {
    const definition = { key: 'odd_keys', name: 'Odd keys', metadata: { $where: { $gt: 1 }, 'a.b': { '.': '$' }, constructor: { prototype: 'x' } } };
    const saved = await ctx.h.gql(ctx.t.admin, SAVE_DRAFT, { i: { key: 'odd_keys', definition } });
    expect(saved.data?.saveWorkflowDraft.__typename).toBe('Workflow');
    const read = await ctx.h.gql(ctx.t.admin, 'query { workflow(key: "odd_keys") { ... on Workflow { draft } } }');
    expect(read.data?.workflow.draft).toEqual(definition);
  });

  it('accepts a value exactly at each JSON limit', async () => {
    // The definition is one container, so a value JSON_DEPTH - 1 deep inside it is JSON_DEPTH deep in all.
    let deep: unknown = 1;
    for (let i = 0; i < JSON_DEPTH - 1; i++) deep = { a: deep };
    const definition = { key: 'at_limit', note: long(JSON_STRING), [long(JSON_KEY)]: deep };
    const saved = await ctx.h.gql(ctx.t.admin, SAVE_DRAFT, { i: { key: 'at_limit', definition } });
    expect(saved.data?.saveWorkflowDraft.__typename, JSON.stringify(saved).slice(0, 300)).toBe('Workflow');
  });
});
