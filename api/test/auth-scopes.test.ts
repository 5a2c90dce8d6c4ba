import type { Role } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import { graphql, isObjectType, parse, subscribe, type ExecutionResult } from 'graphql/index.js';
import type { Viewer } from '../src/auth/viewer';
import { apiConfig } from '../src/config';
import { ResponseCookies } from '../src/auth/session-cookie';
import type { Context } from '../src/context';
import type { Models } from '../src/models/models';
import { buildSchema } from '../src/schema/schema';
import type { Services } from '../src/services/services';
import { TenantConcurrency } from '../src/services/tenant-concurrency';
import { UserLoader } from '../src/services/user-loader';

/** The root fields anyone may call, with or without a key. Every other one says who may, in its authScopes. */
const PUBLIC_ROOT_FIELDS = ['Query.templates'];

const schema = buildSchema({ testClock: true });

/** A refusal comes before any resolver reads the store: the services hold only what runs before it. */
const context = (viewer: Viewer, config = apiConfig()): Context => ({
  viewer,
  requestId: 'test',
  request: { origin: 'http://test', secure: false, address: null },
  cookies: new ResponseCookies(false),
  services: { config, tenantConcurrency: new TenantConcurrency(config) } as unknown as Services,
  users: new UserLoader({} as Models, null),
});

const user = (roles: Role[]): Viewer => ({
  kind: 'user',
  tenantId: 't1',
  credential: { kind: 'apiKey', id: 'k1', scope: { access: 'full' }, integration: false, usedAt: 0 },
  user: { _id: 'u1', tenantId: 't1', name: 'U', roles, managerId: null, createdAt: new Date(0) },
  actor: { id: 'u1', roles },
});
const anonymous: Viewer = { kind: 'anonymous' };
const root: Viewer = { kind: 'root' };

const run = (viewer: Viewer, source: string) => graphql({ schema, source, contextValue: context(viewer) }) as Promise<ExecutionResult<any>>;
const firstError = (result: ExecutionResult) => ({ message: result.errors?.[0]?.message, code: result.errors?.[0]?.extensions?.code });

const FORBIDDEN = '__typename ... on Forbidden { code message requiredRoles }';
const CREATE_USER = `mutation { createUser(input: { name: "Z", roles: [sales] }) { ${FORBIDDEN} } }`;
const CREATE_TENANT = `mutation { createTenant(input: { name: "X" }) { ${FORBIDDEN} } }`;
const IMPORT = `mutation { importRecords(input: { workflowKey: "w", csv: "name" }) { ${FORBIDDEN} } }`;

describe('who may call a field is declared in its auth scopes', () => {
  it('gives every Query, Mutation and Subscription field authScopes, but the public ones', () => {
    const undeclared: string[] = [];
    for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        const options = field.extensions.pothosOptions as { authScopes?: unknown } | undefined;
        if (!options?.authScopes && !PUBLIC_ROOT_FIELDS.includes(coordinate)) undeclared.push(coordinate);
      }
    }
    expect(undeclared, 'add authScopes (or t.withAuth) to these fields').toEqual([]);
  });

  it('refuses a sales user an admin-only mutation with the typed Forbidden result naming the role', async () => {
    const refused = await run(user(['sales']), CREATE_USER);
    expect(refused.errors).toBeUndefined();
    expect(refused.data?.createUser).toEqual({
      __typename: 'Forbidden',
      code: 'FORBIDDEN',
      message: 'This needs one of the roles: admin',
      requiredRoles: ['admin'],
    });
  });

  it('names every role that would do, in the order the field lists them', async () => {
    const refused = await run(user(['sales']), IMPORT);
    expect(refused.data?.importRecords).toEqual({
      __typename: 'Forbidden',
      code: 'FORBIDDEN',
      message: 'This needs one of the roles: admin, manager, marketing, integration',
      requiredRoles: ['admin', 'manager', 'marketing', 'integration'],
    });
    // A field without typed errors (a connection) refuses with the error instead.
    const listed = await run(user(['sales']), '{ extensionRequests(first: 1) { edges { cursor } } }');
    expect(listed.data).toBeNull();
    expect(firstError(listed)).toEqual({ message: 'This needs one of the roles: manager, admin', code: 'FORBIDDEN' });
  });

  it('tells a caller without a valid key to send one, on a field any user may call and on a role-only one', async () => {
    const unauthenticated = { message: 'Sign in (the session cookie) or send a valid API key as "Authorization: Bearer <key>"', code: 'UNAUTHENTICATED' };
    expect(firstError(await run(anonymous, '{ me { roles } }'))).toEqual(unauthenticated);
    const refused = await run(anonymous, CREATE_USER);
    expect(refused.data).toBeNull();
    expect(firstError(refused)).toEqual(unauthenticated);
  });

  it('lets the root key do nothing in a tenant', async () => {
    expect(firstError(await run(root, '{ me { roles } }'))).toEqual({ message: 'The root key may only create tenants', code: 'FORBIDDEN' });
    expect((await run(root, CREATE_USER)).data?.createUser).toEqual({
      __typename: 'Forbidden',
      code: 'FORBIDDEN',
      message: 'The root key may only create tenants',
      requiredRoles: ['admin'],
    });
  });

  it('lets only the root key create tenants', async () => {
    expect((await run(user(['admin']), CREATE_TENANT)).data?.createTenant).toEqual({
      __typename: 'Forbidden',
      code: 'FORBIDDEN',
      message: 'Only the root key may create tenants',
      requiredRoles: ['root'],
    });
    expect(firstError(await run(anonymous, CREATE_TENANT))).toEqual({
      message: 'Send the root key as "Authorization: Bearer <key>"',
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses a caller without the role before the field waits for a turn of its heavy operation', async () => {
    const ctx = context(user(['sales']), apiConfig({ tenantConcurrency: { migration: 1 }, tenantQueue: { migration: 0 } }));
    let finish = () => {};
    const running = ctx.services.tenantConcurrency.run({ tenantId: 't1', operation: 'migration' }, () => new Promise<void>((resolve) => (finish = resolve)));
    const source = `{ planMigration(input: { workflowKey: "w", fromVersion: 1, toVersion: 2, stageMap: [] }) { ${FORBIDDEN} } }`;
    const refused = (await graphql({ schema, source, contextValue: ctx })) as ExecutionResult<any>;
    // Busy, when the resolver itself checked the role after the heavy-operation plugin admitted it.
    expect(refused.data?.planMigration).toMatchObject({ __typename: 'Forbidden', requiredRoles: ['admin'] });
    finish();
    await running;
  });

  it('refuses a subscription without a valid key when it is made, not at its first event', async () => {
    const result = (await subscribe({
      schema,
      document: parse('subscription { recordEvents(workflowKey: "w") { type } }'),
      contextValue: context(anonymous),
    })) as ExecutionResult;
    expect(firstError(result)).toEqual({
      message: 'Sign in (the session cookie) or send a valid API key as "Authorization: Bearer <key>"',
      code: 'UNAUTHENTICATED',
    });
  });
});
