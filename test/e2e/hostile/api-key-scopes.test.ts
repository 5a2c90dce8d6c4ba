import { afterAll, beforeAll, describe, it } from 'vitest';
import { startHarness } from '../harness';
import { gqlRequest, hostileContext, post, runHostileCase, type HostileCase, type HostileContext } from './hostile-harness';

const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { __typename
  ... on ValidationFailed { diagnostics { code pointer } } ... on NotFound { what pointer } ... on Forbidden { requiredRoles } } }`;
const ROTATE = 'mutation($i: RotateApiKeyInput!) { rotateApiKey(input: $i) { __typename ... on ValidationFailed { diagnostics { code pointer } } } }';

/** Filled in before the cases run: the victim's sales user, keys with narrow scopes and a full key they must not reach. */
const ids = { sales: '', readOnly: '', limited: '', fullKeyId: '' };

const createKey = (i: Record<string, unknown>) => (ctx: HostileContext) => gqlRequest(ctx.h, ctx.t.admin, CREATE_KEY, { i: { name: 'hostile', ...i } });
const withScope = (scope: unknown) => (ctx: HostileContext) => createKey({ userId: ids.sales, scope })(ctx);

const cases: HostileCase[] = [
  {
    name: 'createApiKey limited to an operation the schema does not have is refused at that operation',
    send: withScope({ access: 'operations', operations: ['record', 'dropDatabase'] }),
    expect: { refused: 'unknown_operation', pointer: '/scope/operations/1' },
  },
  {
    name: 'createApiKey limited to an introspection field is refused: it is not an operation',
    send: withScope({ access: 'operations', operations: ['__schema'] }),
    expect: { refused: 'unknown_operation', pointer: '/scope/operations/0' },
  },
  {
    name: 'createApiKey limited to an operation spelt in another case is refused: names are exact',
    send: withScope({ access: 'operations', operations: ['Record'] }),
    expect: { refused: 'unknown_operation', pointer: '/scope/operations/0' },
  },
  {
    name: 'createApiKey limited to no operation at all is refused at /scope/operations',
    send: withScope({ access: 'operations', operations: [] }),
    expect: { refused: 'required', pointer: '/scope/operations' },
  },
  {
    name: 'createApiKey limited to operations without naming them is refused at /scope/operations',
    send: withScope({ access: 'operations' }),
    expect: { refused: 'required', pointer: '/scope/operations' },
  },
  {
    name: 'createApiKey read-only with operations named is refused at /scope/operations: a scope says one thing',
    send: withScope({ access: 'read_only', operations: ['record'] }),
    expect: { refused: 'not_allowed', pointer: '/scope/operations' },
  },
  {
    name: 'createApiKey with 100,000 operations is refused as too large before it is read',
    send: withScope({ access: 'operations', operations: Array.from({ length: 100_000 }, () => 'record') }),
    expect: { refused: 'too_large', pointer: '/scope/operations' },
  },
  {
    name: 'createApiKey with an operation name of 10,000 characters is refused by its length',
    send: withScope({ access: 'operations', operations: ['r'.repeat(10_000)] }),
    expect: { refused: 'too_long', pointer: '/scope/operations/0' },
  },
  {
    name: 'createApiKey with an operation name holding a lone surrogate is refused as invalid text',
    send: withScope({ access: 'operations', operations: ['record\ud800'] }),
    expect: { refused: 'invalid_unicode', pointer: '/scope/operations/0' },
  },
  {
    name: 'createApiKey with operations given as numbers is refused before any resolver runs',
    send: withScope({ access: 'operations', operations: [1, 2] }),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'createApiKey with operations given as a query operator object is refused before any resolver runs',
    send: withScope({ access: 'operations', operations: { $in: ['record'] } }),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'createApiKey with an access nobody defined is refused before any resolver runs',
    send: withScope({ access: 'superuser' }),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'createApiKey with a scope given as text is refused before any resolver runs',
    send: withScope('full'),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'createApiKey for a user and an integration at once is refused at /integration',
    send: createKey({ userId: 'placeholder', integration: { name: 'Both', roles: ['sales'] } }),
    expect: { refused: 'conflict', pointer: '/integration' },
  },
  {
    name: 'createApiKey for nobody is refused at /userId',
    send: createKey({}),
    expect: { refused: 'required', pointer: '/userId' },
  },
  {
    name: 'createApiKey for an integration with a blank name and no roles is refused at both',
    send: createKey({ integration: { name: '   ', roles: [] } }),
    expect: { refused: 'required', pointer: '/integration/roles' },
  },
  {
    name: 'createApiKey for an integration with a role nobody defined is refused before any resolver runs',
    send: createKey({ integration: { name: 'Root', roles: ['root'] } }),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'createApiKey for an integration with a name of 10,000 characters is refused by its length',
    send: createKey({ integration: { name: 'n'.repeat(10_000), roles: ['sales'] } }),
    expect: { refused: 'too_long', pointer: '/integration/name' },
  },
  {
    name: "createApiKey for the other tenant's user is not found at /userId",
    send: (ctx) => createKey({ userId: ctx.other.salesId })(ctx),
    expect: { refused: 'NotFound', pointer: '/userId' },
  },
  {
    name: 'a read-only key sending a mutation under an operation name beside a query is refused, nothing runs',
    send: (ctx) =>
      post(ctx.h, {
        key: ids.readOnly,
        body: JSON.stringify({
          query: 'query Q { me { roles } } mutation M { createRecord(input: { workflowKey: "standard_trunk", fields: { name: "Sneaky" } }) { __typename } }',
          operationName: 'M',
        }),
      }),
    expect: { refused: 'FORBIDDEN' },
  },
  {
    name: 'a key limited to createApiKey cannot make a key wider than its own',
    send: (ctx) => gqlRequest(ctx.h, ids.limited, CREATE_KEY, { i: { name: 'wider', userId: ids.sales } }),
    expect: { refused: 'not_within', pointer: '/scope' },
  },
  {
    name: 'a key limited to rotateApiKey cannot rotate a full key and take its new secret',
    send: (ctx) => gqlRequest(ctx.h, ids.limited, ROTATE, { i: { id: ids.fullKeyId } }),
    expect: { refused: 'not_within', pointer: '/id' },
  },
];

describe('hostile API key scope inputs', () => {
  let ctx: HostileContext;

  beforeAll(async () => {
    const h = await startHarness();
    const t = await h.tenant('Victim');
    const other = await h.tenant('Other');
    ids.sales = t.salesId;
    const me = await h.gql(t.admin, '{ me { user { id } } apiKeys(first: 10) { edges { node { id name } } } }');
    const adminId = me.data?.me.user.id as string;
    ids.fullKeyId = me.data?.apiKeys.edges.find((e: any) => e.node.name === 'Sam Sales key').node.id;
    const make = async (scope: unknown) => {
      const made = await h.gql(t.admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
        i: { userId: adminId, name: 'narrow', scope },
      });
      return made.data?.createApiKey.token as string;
    };
    ids.readOnly = await make({ access: 'read_only' });
    ids.limited = await make({ access: 'operations', operations: ['createApiKey', 'rotateApiKey', 'me'] });
    ctx = await hostileContext({ h, t, other });
  });
  afterAll(() => ctx.h.close());

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => runHostileCase(ctx, c));
});
