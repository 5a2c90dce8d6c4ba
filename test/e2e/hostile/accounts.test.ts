import { afterAll, beforeAll, describe, it } from 'vitest';
import { tokenOf } from '../accounts-client';
import { ROOT_KEY, startHarness } from '../harness';
import { gqlRequest, hostileContext, runHostileCase, type HostileCase, type HostileContext } from './hostile-harness';

const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { __typename ... on Error { code } ... on ValidationFailed { diagnostics { code pointer } } } }`;
const INVITE = `mutation($i: InviteUserInput!) { inviteUser(input: $i) { __typename
  ... on ValidationFailed { diagnostics { code pointer } } ... on NotFound { what pointer } } }`;
const ACCEPT = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { __typename
  ... on Error { code } ... on ValidationFailed { diagnostics { code pointer } } } }`;
const CREATE_TENANT = `mutation($i: CreateTenantInput!) { createTenant(input: $i) { __typename
  ... on ValidationFailed { diagnostics { code pointer } } } }`;
const RESET = `mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { __typename ... on Error { code } } }`;
const UPDATE = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename
  ... on ValidationFailed { diagnostics { code pointer } } ... on NotFound { what pointer } } }`;

/** The other tenant's manager, filled in before the cases run. */
const ids = { otherManager: '', manager: '', invitation: '' };

const signIn = (i: Record<string, unknown>) => (ctx: HostileContext) => gqlRequest(ctx.h, null, SIGN_IN, { i });
const invite = (i: Record<string, unknown>) => (ctx: HostileContext) =>
  gqlRequest(ctx.h, ctx.t.admin, INVITE, { i: { email: 'new@victim.example', name: 'New', roles: ['sales'], ...i } });
const accept =
  (token: (ctx: HostileContext) => unknown, password = 'a perfectly fine passphrase') =>
  (ctx: HostileContext) =>
    gqlRequest(ctx.h, null, ACCEPT, { i: { token: token(ctx), password } });
const acceptNamed = (name: unknown) => (ctx: HostileContext) =>
  gqlRequest(ctx.h, null, ACCEPT, { i: { token: ids.invitation || 'fl_none', password: 'a perfectly fine passphrase', name } });
const createTenant = (i: Record<string, unknown>) => (ctx: HostileContext) => gqlRequest(ctx.h, ROOT_KEY, CREATE_TENANT, { i: { name: 'Hostile', ...i } });

const cases: HostileCase[] = [
  {
    name: 'signIn with a slug given as a query operator object is refused before any resolver runs',
    send: signIn({ slug: { $ne: null }, email: 'a@b.example', password: 'whatever it is' }),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'signIn with an email that is a query operator in text fails like a wrong password',
    send: signIn({ slug: 'victim', email: '{"$gt":""}', password: 'whatever it is' }),
    expect: { refused: 'SIGN_IN_FAILED' },
  },
  {
    name: 'signIn with a slug that is a regular expression fails like a wrong password',
    send: signIn({ slug: '.*', email: 'a@b.example', password: 'whatever it is' }),
    expect: { refused: 'SIGN_IN_FAILED' },
  },
  {
    name: 'signIn with a password of 100,000 characters is refused by its length before it is hashed',
    send: signIn({ slug: 'victim', email: 'a@b.example', password: 'p'.repeat(100_000) }),
    expect: { refused: 'too_long', pointer: '/password' },
  },
  {
    name: 'signIn with an email holding a lone surrogate is refused as invalid text',
    send: signIn({ slug: 'victim', email: 'a\ud800@b.example', password: 'whatever it is' }),
    expect: { refused: 'invalid_unicode', pointer: '/email' },
  },
  {
    name: 'signIn with an empty slug, email and password fails like a wrong password',
    send: signIn({ slug: '', email: '', password: '' }),
    expect: { refused: 'SIGN_IN_FAILED' },
  },
  {
    name: 'requestPasswordReset with a header injected into the email answers as for anyone, sending nothing',
    send: (ctx) => gqlRequest(ctx.h, null, RESET, { i: { slug: 'victim', email: 'a@victim.example\r\nBcc: x@evil.example' } }),
    expect: { status: 200 },
  },
  {
    name: 'acceptInvitation with a path for a token is an invalid link',
    send: accept(() => '../../etc/passwd'),
    expect: { refused: 'TOKEN_INVALID' },
  },
  {
    name: "acceptInvitation with the tenant admin's API key for a token is an invalid link",
    send: accept((ctx) => ctx.t.admin),
    expect: { refused: 'TOKEN_INVALID' },
  },
  {
    name: 'acceptInvitation with a well-formed token nobody issued is an invalid link',
    send: accept((ctx) => `fl_${ctx.t.tenantId}_${'A'.repeat(43)}`),
    expect: { refused: 'TOKEN_INVALID' },
  },
  {
    name: 'acceptInvitation with a token of 10,000 characters is refused by its length',
    send: accept(() => `fl_${'x'.repeat(10_000)}`),
    expect: { refused: 'too_long', pointer: '/token' },
  },
  {
    name: 'acceptInvitation with a token given as an object is refused before any resolver runs',
    send: accept(() => ({ $ne: null })),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'acceptInvitation with a name of only spaces is refused at /name, and the link stays unused',
    prepare: async (ctx) => {
      const invited = await ctx.h.gql(
        ctx.t.admin,
        'mutation { inviteUser(input: { email: "named@victim.example", name: "N", roles: [sales] }) { ... on InviteUserPayload { invitationLink } } }',
      );
      ids.invitation = tokenOf(invited.data?.inviteUser.invitationLink as string);
    },
    send: acceptNamed('   '),
    expect: { refused: 'required', pointer: '/name' },
  },
  {
    name: 'acceptInvitation with a name of 10,000 characters is refused by its length',
    send: acceptNamed('n'.repeat(10_000)),
    expect: { refused: 'too_long', pointer: '/name' },
  },
  {
    name: 'acceptInvitation with a name holding a lone surrogate is refused as invalid text',
    send: acceptNamed('Ann \ud800'),
    expect: { refused: 'invalid_unicode', pointer: '/name' },
  },
  {
    name: 'createTenant with a header injected into the admin email is refused at /adminEmail',
    send: createTenant({ adminEmail: 'boss@hostile.example\r\nBcc: x@evil.example' }),
    expect: { refused: 'format', pointer: '/adminEmail' },
  },
  {
    name: 'createTenant with an admin email of 10,000 characters is refused by its length',
    send: createTenant({ adminEmail: `${'a'.repeat(10_000)}@hostile.example` }),
    expect: { refused: 'too_long', pointer: '/adminEmail' },
  },
  {
    name: 'inviteUser with a header injected into the email is refused at /email',
    send: invite({ email: 'new@victim.example\r\nBcc: x@evil.example' }),
    expect: { refused: 'format', pointer: '/email' },
  },
  {
    name: 'inviteUser with markup for an email is refused at /email',
    send: invite({ email: '<script>alert(1)</script>@victim.example' }),
    expect: { refused: 'format', pointer: '/email' },
  },
  {
    name: 'inviteUser with an email of 10,000 characters is refused by its length',
    send: invite({ email: `${'a'.repeat(10_000)}@victim.example` }),
    expect: { refused: 'too_long', pointer: '/email' },
  },
  {
    name: 'inviteUser with a NUL in the name and no roles is refused at /roles, and stores nothing',
    send: invite({ name: 'New\u0000Person', roles: [] }),
    expect: { refused: 'required', pointer: '/roles' },
  },
  {
    name: 'inviteUser with 5,000 roles is refused as too large',
    send: invite({ roles: Array.from({ length: 5000 }, () => 'sales') }),
    expect: { refused: 'too_large', pointer: '/roles' },
  },
  {
    name: 'inviteUser with an unknown locale is refused before any resolver runs',
    send: invite({ locale: 'xx' }),
    expect: { status: 400, refused: 'GRAPHQL_VALIDATION_FAILED' },
  },
  {
    name: 'inviteUser with a path for a time zone is refused at /timeZone',
    send: invite({ timeZone: '../../etc/localtime' }),
    expect: { refused: 'time_zone', pointer: '/timeZone' },
  },
  {
    name: "inviteUser naming the other tenant's manager is not found at /managerId",
    send: (ctx) => invite({ managerId: ids.otherManager })(ctx),
    expect: { refused: 'NotFound', pointer: '/managerId' },
  },
  {
    name: 'inviteUser naming a manager id that is a query operator in text is not found',
    send: invite({ managerId: '{"$ne":null}' }),
    expect: { refused: 'NotFound', pointer: '/managerId' },
  },
  {
    name: 'inviteUser by a salesperson is forbidden',
    send: (ctx) => gqlRequest(ctx.h, ctx.t.sales, INVITE, { i: { email: 'new@victim.example', name: 'New', roles: ['admin'] } }),
    expect: { refused: 'Forbidden' },
  },
  {
    name: "updateUser deactivating the other tenant's manager is not found",
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, UPDATE, { i: { id: ids.otherManager, active: false } }),
    expect: { refused: 'NotFound', pointer: '/id' },
  },
  {
    name: "updateUser making the manager report to the other tenant's manager is not found at /managerId",
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, UPDATE, { i: { id: ids.manager, managerId: ids.otherManager } }),
    expect: { refused: 'NotFound', pointer: '/managerId' },
  },
];

describe('hostile sign-in and invitation inputs', () => {
  let ctx: HostileContext;

  beforeAll(async () => {
    const h = await startHarness();
    const t = await h.tenant('Victim');
    const other = await h.tenant('Other');
    ids.otherManager = other.managerId;
    ids.manager = t.managerId;
    ctx = await hostileContext({ h, t, other });
  });
  afterAll(() => ctx.h.close());

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => runHostileCase(ctx, c));
});
