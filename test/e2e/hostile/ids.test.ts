import { afterAll, beforeAll, describe, it } from 'vitest';
import { startHarness } from '../harness';
import { gqlRequest, runHostileCase, type HostileCase, type HostileContext } from './hostile-harness';

const NOT_FOUND = '__typename ... on NotFound { what id pointer }';
const REFUSED = `${NOT_FOUND} ... on ValidationFailed { diagnostics { code pointer } }`;
const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${REFUSED} } }`;

/** Ids of the other tenant's things, and ids that exist nowhere. */
const ids = { otherUser: '', otherJob: '' };
const MISSING = 'rec_does_not_exist_anywhere';

const recordMutation = (name: string, input: string) => (id: (ctx: HostileContext) => string) => (ctx: HostileContext) =>
  gqlRequest(ctx.h, ctx.t.admin, `mutation($id: ID!) { ${name}(input: { id: $id${input} }) { ${REFUSED} } }`, { id: id(ctx) });

const theirs = (ctx: HostileContext) => ctx.otherRecordId;
const missing = () => MISSING;

const cases: HostileCase[] = [
  {
    name: "record() of the other tenant's record is not found",
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, `query($id: ID!) { record(id: $id) { ${NOT_FOUND} } }`, { id: ctx.otherRecordId }),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: 'record() of an id that exists nowhere is not found',
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, `query($id: ID!) { record(id: $id) { ${NOT_FOUND} } }`, { id: MISSING }),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: 'record() of an empty id is not found',
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, `query($id: ID!) { record(id: $id) { ${NOT_FOUND} } }`, { id: '' }),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: 'record() of an id that is a query operator in text is not found',
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, `query($id: ID!) { record(id: $id) { ${NOT_FOUND} } }`, { id: '{"$ne":null}' }),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: 'record() of an id given as an object is refused before any resolver runs',
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, 'query($id: ID!) { record(id: $id) { __typename } }', { id: { $ne: null } }),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'record() of an id longer than any id is refused by its length',
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, `query($id: ID!) { record(id: $id) { ${NOT_FOUND} } }`, { id: 'r'.repeat(10_000) }),
    expect: { refused: 'too_long' },
  },
  {
    name: 'updateRecord of an id holding a lone surrogate is refused as invalid text',
    send: recordMutation('updateRecord', ', expectedVersion: 1, fields: { name: "x" }')(() => 'rec\ud800'),
    expect: { refused: 'invalid_unicode' },
  },
  {
    name: 'record() of an id with a path and a NUL byte is not found',
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, `query($id: ID!) { record(id: $id) { ${NOT_FOUND} } }`, { id: '../../x\u0000y' }),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "updateRecord of the other tenant's record is not found",
    send: recordMutation('updateRecord', ', expectedVersion: 1, fields: { name: "Stolen" }')(theirs),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: 'updateRecord of a missing record is not found',
    send: recordMutation('updateRecord', ', expectedVersion: 1, fields: { name: "Ghost" }')(missing),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "transitionRecord of the other tenant's record is not found",
    send: recordMutation('transitionRecord', ', expectedVersion: 1, transition: "qualify"')(theirs),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "claimRecord of the other tenant's record is not found",
    send: recordMutation('claimRecord', '')(theirs),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "releaseRecord of the other tenant's record is not found",
    send: recordMutation('releaseRecord', '')(theirs),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "requestExtension on the other tenant's record is not found",
    send: recordMutation('requestExtension', ', timer: "one_week"')(theirs),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "decideExtension on the other tenant's record is not found",
    send: recordMutation('decideExtension', ', timer: "one_week", approve: true')(theirs),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "logActivity on the other tenant's record is not found",
    send: recordMutation('logActivity', ', activity: { type: note, note: "x" }')(theirs),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: 'logActivity on a missing record is not found',
    send: recordMutation('logActivity', ', activity: { type: note, note: "x" }')(missing),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "createRecord owned by the other tenant's user is refused at /owner and stores nothing",
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Mine' }, owner: ids.otherUser } }),
    expect: { refused: 'NotFound', pointer: '/owner' },
  },
  {
    name: 'createRecord owned by a user that exists nowhere is refused at /owner',
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Mine' }, owner: 'usr_nobody' } }),
    expect: { refused: 'NotFound', pointer: '/owner' },
  },
  {
    name: "createRecord owned by the other tenant's record id (not a user) is refused at /owner",
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: 'Mine' }, owner: ctx.otherRecordId } }),
    expect: { refused: 'NotFound', pointer: '/owner' },
  },
  {
    name: "createUser managed by the other tenant's manager is refused at /managerId",
    send: (ctx) =>
      gqlRequest(ctx.h, ctx.t.admin, `mutation($i: CreateUserInput!) { createUser(input: $i) { ${NOT_FOUND} } }`, {
        i: { name: 'Spy', roles: ['sales'], managerId: ctx.other.managerId },
      }),
    expect: { refused: 'NotFound', pointer: '/managerId' },
  },
  {
    name: "createApiKey for the other tenant's user is refused at /userId",
    send: (ctx) =>
      gqlRequest(ctx.h, ctx.t.admin, `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ${NOT_FOUND} } }`, {
        i: { userId: ctx.other.salesId, name: 'stolen' },
      }),
    expect: { refused: 'NotFound', pointer: '/userId' },
  },
  {
    name: "job() of the other tenant's import job is not found",
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, `query($id: ID!) { job(id: $id) { ${NOT_FOUND} } }`, { id: ids.otherJob }),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "migrateRecords resuming the other tenant's job is not found",
    send: (ctx) =>
      gqlRequest(ctx.h, ctx.t.admin, `mutation($i: MigrateRecordsInput!) { migrateRecords(input: $i) { ${NOT_FOUND} } }`, {
        i: { workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 1, stageMap: [], jobId: ids.otherJob },
      }),
    expect: { refused: 'NotFound', pointer: '/jobId' },
  },
  {
    name: "records filtered by the other tenant's owner list nothing",
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, 'query($o: ID) { records(filter: { owner: $o }) { edges { node { id } } } }', { o: ids.otherUser }),
    expect: { inert: true },
  },
];

describe('hostile ids', () => {
  let ctx: HostileContext;

  beforeAll(async () => {
    const h = await startHarness();
    const t = await h.tenant('Victim');
    const other = await h.tenant('Other');
    const create = (key: string) =>
      h.gql(key, CREATE.replace(`${NOT_FOUND}`, '__typename ... on Record { id }'), { i: { workflowKey: 'standard_trunk', fields: { name: 'Theirs' } } });
    const mine = await create(t.sales);
    const theirsCreated = await create(other.sales);
    ids.otherUser = other.salesId;
    const imported = await h.gql(other.marketing, 'mutation($i: ImportRecordsInput!) { importRecords(input: $i) { ... on Job { id } } }', {
      i: { workflowKey: 'standard_trunk', csv: 'name\nImported' },
    });
    ids.otherJob = imported.data?.importRecords.id as string;
    ctx = { h, t, other, recordId: mine.data?.createRecord.id as string, otherRecordId: theirsCreated.data?.createRecord.id as string };
  });
  afterAll(() => ctx.h.close());

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => runHostileCase(ctx, c));
});
