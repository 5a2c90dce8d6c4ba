import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelServer } from '@funnel/api';
import { ACCEPT, call, INVITE, ME, personWithPassword, SIGN_IN, signedIn, tokenOf } from './accounts-client';
import { ROOT_KEY, secondApi, startHarness, storeModels, type Harness, type TenantKeys } from './harness';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture';

const PASSWORD = 'correct horse battery staple';
const RESET = `mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { __typename
  ... on PasswordSetPayload { slug user { id } }
  ... on Error { code message } } }`;
const REQUEST_RESET = `mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { __typename
  ... on RequestPasswordResetPayload { accepted }
  ... on Error { code message } } }`;
const UPDATE_USER = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { __typename
  ... on User { id managerId active status roles availability { awayFrom awayUntil } }
  ... on ValidationFailed { diagnostics { code pointer message } }
  ... on NotFound { what pointer } } }`;
const ACCEPT_NAMED = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { __typename
  ... on PasswordSetPayload { user { name status } }
  ... on ValidationFailed { diagnostics { code pointer } } } }`;
const PREFERENCES = `mutation($i: UpdateMyPreferencesInput!) { updateMyPreferences(input: $i) { __typename
  ... on Me { preferences { locale timeZone notifications { type channel } } user { availability { awayFrom } } }
  ... on ValidationFailed { diagnostics { code pointer } } } }`;

let smtp: SmtpCapture;
let h: Harness;
/** A second api process on the same store, without SMTP_URL: invitations come back to the admin as links. */
let second: FunnelServer;
let a: TenantKeys;
let b: TenantKeys;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  h = await startHarness({ smtpUrl: smtp.smtpUrl });
  second = await secondApi(h);
  a = await h.tenant('Alpha');
  b = await h.tenant('Beta');
});
afterAll(async () => {
  await second?.close();
  await h?.close();
  await smtp?.close();
});

describe('tenant slugs', () => {
  it('makes a slug from the name, unique across tenants, and takes one that is asked for', async () => {
    const CREATE =
      'mutation($i: CreateTenantInput!) { createTenant(input: $i) { __typename ... on CreateTenantPayload { tenant { slug } } ... on ValidationFailed { diagnostics { code pointer } } } }';
    const slugOf = async (i: Record<string, string>) => (await call(h.server, { key: ROOT_KEY, query: CREATE, variables: { i } })).body.data?.createTenant;
    expect((await call(h.server, { key: a.admin, query: '{ me { tenant { slug } } }' })).body.data?.me.tenant.slug).toBe('alpha');
    expect(await slugOf({ name: 'Alpha' })).toEqual({ __typename: 'CreateTenantPayload', tenant: { slug: 'alpha-2' } });
    expect(await slugOf({ name: 'Café Müller & Söhne' })).toEqual({ __typename: 'CreateTenantPayload', tenant: { slug: 'cafe-muller-sohne' } });
    expect(await slugOf({ name: '销售部' })).toEqual({ __typename: 'CreateTenantPayload', tenant: { slug: 'team' } });
    expect(await slugOf({ name: 'Acme', slug: 'Acme-Sales' })).toEqual({ __typename: 'CreateTenantPayload', tenant: { slug: 'acme-sales' } });
    expect(await slugOf({ name: 'Other', slug: 'acme-sales' })).toEqual({
      __typename: 'ValidationFailed',
      diagnostics: [{ code: 'exists', pointer: '/slug' }],
    });
    expect(await slugOf({ name: 'Other', slug: '-no-' })).toEqual({ __typename: 'ValidationFailed', diagnostics: [{ code: 'pattern', pointer: '/slug' }] });
  });
});

describe('the first admin of a new tenant', () => {
  const CREATE = `mutation($i: CreateTenantInput!) { createTenant(input: $i) { __typename
    ... on CreateTenantPayload { adminKey adminUserId tenant { slug }
      adminInvitation { emailed invitationLink user { id email name status locale roles } } }
    ... on ValidationFailed { diagnostics { code pointer } } } }`;
  const create = async (server: FunnelServer, i: Record<string, string>) =>
    (await call(server, { key: ROOT_KEY, query: CREATE, variables: { i } })).body.data?.createTenant;

  it('is invited at the admin email createTenant is given (the link in the answer without SMTP), and signs in with a password', async () => {
    const created = await create(second, { name: 'Gamma', adminEmail: ' Boss@Gamma.Example ', adminName: ' Gina Boss ' });
    expect(created).toMatchObject({
      __typename: 'CreateTenantPayload',
      tenant: { slug: 'gamma' },
      adminInvitation: {
        emailed: false,
        user: { id: created.adminUserId, email: 'boss@gamma.example', name: 'Gina Boss', status: 'invited', locale: 'en', roles: ['admin', 'manager'] },
      },
    });
    const link = created.adminInvitation.invitationLink as string;
    expect(link).toMatch(/^http:\/\/test\/#\/accept-invitation\?workspace=gamma&token=fl_/);
    // The first admin key works meanwhile, as the same user.
    expect((await call(second, { key: created.adminKey, query: ME })).body.data?.me.user.id).toBe(created.adminUserId);
    const accepted = await call(h.server, { query: ACCEPT, variables: { i: { token: tokenOf(link), password: PASSWORD } } });
    expect(accepted.body.data?.acceptInvitation).toMatchObject({ __typename: 'PasswordSetPayload', slug: 'gamma', user: { id: created.adminUserId } });
    const session = await signedIn(h.server, { slug: 'gamma', email: 'boss@gamma.example', password: PASSWORD });
    const me = await call(h.server, { session, query: '{ me { signedInWith user { id status } roles } }' });
    expect(me.body.data?.me).toEqual({ signedInWith: 'session', user: { id: created.adminUserId, status: 'active' }, roles: ['admin', 'manager'] });
  });

  it('gets the invitation by mail, in the language asked for, when SMTP is set', async () => {
    const created = await create(h.server, { name: 'Delta', adminEmail: 'boss@delta.example', adminLocale: 'zh_Hant' });
    expect(created).toMatchObject({
      __typename: 'CreateTenantPayload',
      adminInvitation: { emailed: true, invitationLink: null, user: { name: 'Admin', locale: 'zh_Hant' } },
    });
    const mail = await smtp.waitFor({ to: 'boss@delta.example' });
    expect(mail.lang).toBe('zh-Hant');
    expect(mail.text).toContain('Delta');
    expect(mail.text).not.toContain('Admin 邀請');
    expect(mail.text).toMatch(/http:\/\/test\/#\/accept-invitation\?workspace=delta&token=fl_/);
  });

  it('has no email and no password without an admin email: it signs in with its key only', async () => {
    expect(await create(h.server, { name: 'Keyed' })).toMatchObject({ __typename: 'CreateTenantPayload', adminInvitation: null });
  });

  it('refuses a malformed admin email and a blank admin name, and creates no tenant', async () => {
    expect(await create(h.server, { name: 'Epsilon', slug: 'epsilon', adminEmail: 'boss@', adminName: ' ' })).toEqual({
      __typename: 'ValidationFailed',
      diagnostics: [
        { code: 'format', pointer: '/adminEmail' },
        { code: 'required', pointer: '/adminName' },
      ],
    });
    expect(await create(h.server, { name: 'Epsilon', slug: 'epsilon' })).toMatchObject({ tenant: { slug: 'epsilon' } });
  });
});

describe('invite → accept → sign in → me', () => {
  it('mails the invitation in the invited person’s language, and the link sets a password once', async () => {
    const invited = await call(h.server, {
      key: a.admin,
      query: INVITE,
      variables: {
        i: { email: '  Ann.Lee@Alpha.Example ', name: 'Ann Lee', roles: ['sales'], managerId: a.managerId, locale: 'zh_Hans', timeZone: 'Asia/Shanghai' },
      },
    });
    expect(invited.body.data?.inviteUser).toMatchObject({
      __typename: 'InviteUserPayload',
      emailed: true,
      invitationLink: null,
      user: { email: 'ann.lee@alpha.example', status: 'invited', locale: 'zh_Hans' },
    });
    const mail = await smtp.waitFor({ to: 'ann.lee@alpha.example' });
    expect(mail.subject).toBe('您受邀加入 Funnel 上的 Alpha');
    expect(mail.lang).toBe('zh-Hans');
    expect(mail.text).toContain('“alpha”');
    expect(mail.text).toMatch(/http:\/\/test\/#\/accept-invitation\?workspace=alpha&token=fl_/);
    expect(mail.html).toContain('设置密码');
    const token = tokenOf(mail.text);

    const weak = await call(h.server, { query: ACCEPT, variables: { i: { token, password: 'short' } } });
    expect(weak.body.data?.acceptInvitation).toMatchObject({ __typename: 'ValidationFailed', diagnostics: [{ code: 'too_short', pointer: '/password' }] });
    const accepted = await call(h.server, { query: ACCEPT, variables: { i: { token, password: PASSWORD } } });
    expect(accepted.body.data?.acceptInvitation).toMatchObject({ __typename: 'PasswordSetPayload', slug: 'alpha', user: { status: 'active' } });
    const again = await call(second, { query: ACCEPT, variables: { i: { token, password: 'another fine password' } } });
    expect(again.body.data?.acceptInvitation).toMatchObject({ __typename: 'TokenInvalid', code: 'TOKEN_INVALID' });

    const signIn = await call(h.server, { query: SIGN_IN, variables: { i: { slug: ' Alpha ', email: 'ANN.LEE@alpha.example', password: PASSWORD } } });
    expect(signIn.body.data?.signIn).toMatchObject({ __typename: 'SignInPayload', user: { email: 'ann.lee@alpha.example' }, tenant: { slug: 'alpha' } });
    expect(signIn.setCookie).toMatch(/^funnel_session=fs_[a-f0-9]{24}_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const me = await call(second, { session: signIn.sessionToken as string, query: ME });
    expect(me.body.data?.me).toMatchObject({
      signedInWith: 'session',
      user: { email: 'ann.lee@alpha.example', status: 'active' },
      tenant: { id: a.tenantId, slug: 'alpha' },
      preferences: { locale: 'zh_Hans', timeZone: 'Asia/Shanghai' },
    });
    expect(me.body.data?.me.preferences.notifications).toContainEqual({ type: 'timer_warning', channel: 'in_app' });
  });

  it('gives the admin the link when no mail server is configured, and marks a TLS request’s cookie Secure', async () => {
    const invited = await call(second, { key: a.admin, query: INVITE, variables: { i: { email: 'bo@alpha.example', name: 'Bo', roles: ['marketing'] } } });
    expect(invited.body.data?.inviteUser).toMatchObject({ __typename: 'InviteUserPayload', emailed: false });
    const link = invited.body.data?.inviteUser.invitationLink as string;
    expect(link).toMatch(/^http:\/\/test\/#\/accept-invitation\?workspace=alpha&token=fl_/);
    await call(second, { query: ACCEPT, variables: { i: { token: tokenOf(link), password: PASSWORD } } });
    const body = JSON.stringify({ query: SIGN_IN, variables: { i: { slug: 'alpha', email: 'bo@alpha.example', password: PASSWORD } } });
    const overTls = await second.yoga.fetch('https://crm.example/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(overTls.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('lets the invited person give their own name as they set their password; a blank name is refused and uses nothing up', async () => {
    const invited = await call(second, { key: a.admin, query: INVITE, variables: { i: { email: 'named@alpha.example', name: 'N.', roles: ['sales'] } } });
    const token = tokenOf(invited.body.data?.inviteUser.invitationLink as string);
    const blank = await call(second, { query: ACCEPT_NAMED, variables: { i: { token, password: PASSWORD, name: '   ' } } });
    expect(blank.body.data?.acceptInvitation).toEqual({ __typename: 'ValidationFailed', diagnostics: [{ code: 'required', pointer: '/name' }] });
    const accepted = await call(second, { query: ACCEPT_NAMED, variables: { i: { token, password: PASSWORD, name: '  Nadia Lee ' } } });
    expect(accepted.body.data?.acceptInvitation).toEqual({ __typename: 'PasswordSetPayload', user: { name: 'Nadia Lee', status: 'active' } });
    // Without a name, the one the admin gave stays.
    const other = await call(second, { key: a.admin, query: INVITE, variables: { i: { email: 'kept@alpha.example', name: 'Kept Name', roles: ['sales'] } } });
    const keptToken = tokenOf(other.body.data?.inviteUser.invitationLink as string);
    const kept = await call(second, { query: ACCEPT_NAMED, variables: { i: { token: keptToken, password: PASSWORD } } });
    expect(kept.body.data?.acceptInvitation).toEqual({ __typename: 'PasswordSetPayload', user: { name: 'Kept Name', status: 'active' } });
  });

  it('refuses an invitation of someone who has signed in already, an address that is none, and another tenant’s manager', async () => {
    const again = await call(h.server, { key: a.admin, query: INVITE, variables: { i: { email: 'ANN.LEE@alpha.example', name: 'Ann', roles: ['sales'] } } });
    expect(again.body.data?.inviteUser).toMatchObject({ __typename: 'ValidationFailed', diagnostics: [{ code: 'exists', pointer: '/email' }] });
    const bad = await call(h.server, { key: a.admin, query: INVITE, variables: { i: { email: 'ann@', name: ' ', roles: [], timeZone: 'Mars/Olympus' } } });
    expect(bad.body.data?.inviteUser.diagnostics.map((d: { pointer: string }) => d.pointer)).toEqual(['/name', '/email', '/roles', '/timeZone']);
    const theirs = await call(h.server, {
      key: a.admin,
      query: INVITE,
      variables: { i: { email: 'cy@alpha.example', name: 'Cy', roles: ['sales'], managerId: b.managerId } },
    });
    expect(theirs.body.data?.inviteUser).toEqual({ __typename: 'NotFound', what: 'user', pointer: '/managerId' });
    const bySales = await call(h.server, { key: a.sales, query: INVITE, variables: { i: { email: 'dee@alpha.example', name: 'Dee', roles: ['admin'] } } });
    expect(bySales.body.data?.inviteUser.__typename).toBe('Forbidden');
  });
});

describe('signing in', () => {
  it('answers an unknown slug, an unknown email, a not-yet-accepted invitation and a wrong password alike, each after a password check', async () => {
    await personWithPassword(second, { admin: b.admin, email: 'same@beta.example', password: PASSWORD });
    await call(second, { key: b.admin, query: INVITE, variables: { i: { email: 'pending@beta.example', name: 'Pending', roles: ['sales'] } } });
    // Counts the password checks each attempt makes (timing belongs in a benchmark, not in a test on a busy machine).
    const { passwords } = h.server.services;
    const verify = passwords.verify.bind(passwords);
    let checks = 0;
    passwords.verify = (stored, password) => {
      checks += 1;
      return verify(stored, password);
    };
    const attempt = async (slug: string, email: string, password: string) => {
      const before = checks;
      const answer = await call(h.server, { query: SIGN_IN, variables: { i: { slug, email, password } } });
      return { answer: answer.body.data?.signIn, setCookie: answer.setCookie, checks: checks - before };
    };
    const wrongPassword = await attempt('beta', 'same@beta.example', 'not the password');
    const unknownSlug = await attempt('no-such-workspace', 'same@beta.example', PASSWORD);
    const unknownEmail = await attempt('beta', 'nobody@beta.example', PASSWORD);
    const pending = await attempt('beta', 'pending@beta.example', PASSWORD);
    const otherTenant = await attempt('alpha', 'same@beta.example', PASSWORD);
    passwords.verify = verify;
    const refused = { __typename: 'SignInFailed', code: 'SIGN_IN_FAILED', message: 'The workspace, email or password is not right' };
    for (const failed of [wrongPassword, unknownSlug, unknownEmail, pending, otherTenant]) {
      expect(failed.answer).toEqual(refused);
      expect(failed.setCookie).toBeNull();
    }
    // Each checked a password hash (a dummy one where there is no account), so none answers in a fraction of the time.
    for (const failed of [wrongPassword, unknownSlug, unknownEmail, pending, otherTenant]) expect(failed.checks).toBeGreaterThanOrEqual(1);
  });

  it('keeps API keys working for apps beside sessions', async () => {
    const me = await call(h.server, { key: a.sales, query: ME });
    expect(me.body.data?.me).toMatchObject({ signedInWith: 'api_key', user: { status: 'active' } });
  });
});

describe('password reset', () => {
  it('mails a link that sets a new password once, ends the old sessions, and answers the same for an unknown account', async () => {
    const email = 'reset@alpha.example';
    await personWithPassword(second, { admin: a.admin, email, password: PASSWORD });
    const oldSession = await signedIn(h.server, { slug: 'alpha', email, password: PASSWORD });
    const known = await call(h.server, { query: REQUEST_RESET, variables: { i: { slug: 'alpha', email: 'Reset@Alpha.example' } } });
    const unknown = await call(h.server, { query: REQUEST_RESET, variables: { i: { slug: 'alpha', email: 'ghost@alpha.example' } } });
    const noTenant = await call(h.server, { query: REQUEST_RESET, variables: { i: { slug: 'ghost-town', email } } });
    for (const answer of [known, unknown, noTenant])
      expect(answer.body.data?.requestPasswordReset).toEqual({ __typename: 'RequestPasswordResetPayload', accepted: true });
    const mail = await smtp.waitFor({ to: email, match: /Reset your Funnel password/ });
    expect(mail.text).toMatch(/http:\/\/test\/#\/reset-password\?workspace=alpha&token=fl_/);
    const token = tokenOf(mail.text);

    const reset = await call(second, { query: RESET, variables: { i: { token, password: 'a brand new passphrase' } } });
    expect(reset.body.data?.resetPassword).toMatchObject({ __typename: 'PasswordSetPayload', slug: 'alpha' });
    const twice = await call(h.server, { query: RESET, variables: { i: { token, password: 'yet another passphrase' } } });
    expect(twice.body.data?.resetPassword).toMatchObject({ __typename: 'TokenInvalid', code: 'TOKEN_INVALID' });
    expect((await call(h.server, { session: oldSession, query: ME })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const withOld = await call(h.server, { query: SIGN_IN, variables: { i: { slug: 'alpha', email, password: PASSWORD } } });
    expect(withOld.body.data?.signIn.__typename).toBe('SignInFailed');
    await signedIn(h.server, { slug: 'alpha', email, password: 'a brand new passphrase' });
    expect(smtp.messages.filter((m) => m.to.includes('ghost@alpha.example'))).toEqual([]);
  });

  it('gives an admin a reset link for a person when no mail server is configured, mails it when one is, and logs that it was sent', async () => {
    const SEND_RESET = `mutation($i: SendPasswordResetInput!) { sendPasswordReset(input: $i) { __typename
      ... on SendPasswordResetPayload { emailed resetLink expiresAt user { email } }
      ... on ValidationFailed { diagnostics { code pointer message } } ... on Error { code } } }`;
    const email = 'forgetful@alpha.example';
    await personWithPassword(second, { admin: a.admin, email, password: PASSWORD });
    const users = await call(second, { key: a.admin, query: '{ users(first: 100) { edges { node { id email } } } }' });
    const id = users.body.data?.users.edges.find((e: any) => e.node.email === email)?.node.id as string;

    // Without SMTP the admin gets the link to pass on; it sets a new password once.
    const byHand = await call(second, { key: a.admin, query: SEND_RESET, variables: { i: { id } } });
    expect(byHand.body.data?.sendPasswordReset).toMatchObject({ __typename: 'SendPasswordResetPayload', emailed: false, user: { email } });
    const link = byHand.body.data?.sendPasswordReset.resetLink as string;
    expect(link).toMatch(/^http:\/\/test\/#\/reset-password\?workspace=alpha&token=fl_/);
    const reset = await call(second, { query: RESET, variables: { i: { token: tokenOf(link), password: 'set by the link' } } });
    expect(reset.body.data?.resetPassword).toMatchObject({ __typename: 'PasswordSetPayload', slug: 'alpha' });
    await signedIn(h.server, { slug: 'alpha', email, password: 'set by the link' });

    // With SMTP it goes by mail, in the person's language, and the admin sees no link.
    const mailed = await call(h.server, { key: a.admin, query: SEND_RESET, variables: { i: { id } } });
    expect(mailed.body.data?.sendPasswordReset).toMatchObject({ emailed: true, resetLink: null });
    expect((await smtp.waitFor({ to: email, match: /Reset your Funnel password/ })).text).toMatch(/#\/reset-password\?workspace=alpha&token=fl_/);

    // Only admins; someone who never set a password is invited again instead; another tenant's user is not found.
    const bySales = await call(h.server, { key: a.sales, query: SEND_RESET, variables: { i: { id } } });
    expect(bySales.body.data?.sendPasswordReset).toMatchObject({ __typename: 'Forbidden', code: 'FORBIDDEN' });
    const invited = await call(second, {
      key: a.admin,
      query: INVITE,
      variables: { i: { email: 'pending@alpha.example', name: 'Pending', roles: ['sales'] } },
    });
    const pendingId = invited.body.data?.inviteUser.user.id as string;
    const notYet = await call(h.server, { key: a.admin, query: SEND_RESET, variables: { i: { id: pendingId } } });
    expect(notYet.body.data?.sendPasswordReset).toMatchObject({ __typename: 'ValidationFailed', diagnostics: [{ code: 'no_password', pointer: '/id' }] });
    const elsewhere = await call(h.server, { key: b.admin, query: SEND_RESET, variables: { i: { id } } });
    expect(elsewhere.body.data?.sendPasswordReset).toMatchObject({ __typename: 'NotFound' });

    const log = await call(h.server, {
      key: a.admin,
      query: `query($f: AuditLogFilter) { auditLog(first: 10, filter: $f) { edges { node { action targetId before after } } } }`,
      variables: { f: { targetId: id } },
    });
    const sent = log.body.data?.auditLog.edges.map((e: any) => e.node).filter((n: any) => n.action === 'user_password_reset_sent');
    expect(sent).toHaveLength(2);
    expect(JSON.stringify(sent)).not.toMatch(/fl_/);
  });

  it('refuses an invitation token as a reset token, and garbage alike', async () => {
    const invited = await call(second, { key: a.admin, query: INVITE, variables: { i: { email: 'mixup@alpha.example', name: 'Mix', roles: ['sales'] } } });
    const token = tokenOf(invited.body.data?.inviteUser.invitationLink as string);
    for (const wrong of [token, 'fl_nonsense', a.admin]) {
      const answer = await call(h.server, { query: RESET, variables: { i: { token: wrong, password: 'a brand new passphrase' } } });
      expect(answer.body.data?.resetPassword).toMatchObject({ __typename: 'TokenInvalid' });
    }
    // Refused as a reset, the invitation still works.
    expect((await call(h.server, { query: ACCEPT, variables: { i: { token, password: PASSWORD } } })).body.data?.acceptInvitation.__typename).toBe(
      'PasswordSetPayload',
    );
  });
});

describe('teams and preferences', () => {
  it('refuses a manager chain that would go round in a circle, at /managerId', async () => {
    const lead = await personWithPassword(second, {
      admin: a.admin,
      email: 'lead@alpha.example',
      password: PASSWORD,
      roles: ['manager'],
      managerId: a.managerId,
    });
    const rep = await personWithPassword(second, { admin: a.admin, email: 'rep@alpha.example', password: PASSWORD, managerId: lead });
    const loop = await call(h.server, { key: a.admin, query: UPDATE_USER, variables: { i: { id: a.managerId, managerId: rep } } });
    expect(loop.body.data?.updateUser).toMatchObject({ __typename: 'ValidationFailed', diagnostics: [{ code: 'cycle', pointer: '/managerId' }] });
    const self = await call(h.server, { key: a.admin, query: UPDATE_USER, variables: { i: { id: rep, managerId: rep } } });
    expect(self.body.data?.updateUser).toMatchObject({ __typename: 'ValidationFailed', diagnostics: [{ code: 'cycle', pointer: '/managerId' }] });
    const moved = await call(h.server, { key: a.admin, query: UPDATE_USER, variables: { i: { id: rep, managerId: null } } });
    expect(moved.body.data?.updateUser).toMatchObject({ __typename: 'User', managerId: null });
  });

  it('lets a person set their language, time zone, absence and notification channels, checked', async () => {
    await personWithPassword(second, { admin: a.admin, email: 'prefs@alpha.example', password: PASSWORD });
    const session = await signedIn(h.server, { slug: 'alpha', email: 'prefs@alpha.example', password: PASSWORD });
    const changed = await call(h.server, {
      session,
      query: PREFERENCES,
      variables: {
        i: {
          locale: 'zh_Hant',
          timeZone: 'Asia/Taipei',
          availability: { awayFrom: '2026-02-01T00:00:00Z', awayUntil: '2026-02-08T00:00:00Z' },
          notifications: [{ type: 'timer_warning', channel: 'email' }],
        },
      },
    });
    expect(changed.body.data?.updateMyPreferences).toMatchObject({
      __typename: 'Me',
      preferences: { locale: 'zh_Hant', timeZone: 'Asia/Taipei' },
      user: { availability: { awayFrom: '2026-02-01T00:00:00.000Z' } },
    });
    expect(changed.body.data?.updateMyPreferences.preferences.notifications).toContainEqual({ type: 'timer_warning', channel: 'email' });
    expect((await call(second, { session, query: ME })).body.data?.me.preferences.locale).toBe('zh_Hant');
    const wrong = await call(h.server, {
      session,
      query: PREFERENCES,
      variables: { i: { timeZone: 'Mars/Olympus', availability: { awayFrom: '2026-02-08T00:00:00Z', awayUntil: '2026-02-01T00:00:00Z' } } },
    });
    expect(wrong.body.data?.updateMyPreferences).toEqual({
      __typename: 'ValidationFailed',
      diagnostics: [
        { code: 'time_zone', pointer: '/timeZone' },
        { code: 'range', pointer: '/availability/awayUntil' },
      ],
    });
  });
});

describe('tenants stay apart', () => {
  it('a session of tenant A reads only A, and its secret under B’s id signs nobody in', async () => {
    await personWithPassword(second, { admin: a.admin, email: 'iso@alpha.example', password: PASSWORD, roles: ['admin'] });
    const session = await signedIn(h.server, { slug: 'alpha', email: 'iso@alpha.example', password: PASSWORD });
    const theirs = await call(h.server, {
      key: b.admin,
      query: 'mutation { createRecord(input: { workflowKey: "standard_trunk", fields: { name: "B lead", email: "b@b.example" } }) { ... on Record { id } } }',
    });
    const theirRecord = theirs.body.data?.createRecord.id as string;
    const users = await call(h.server, { session, query: '{ users(first: 100) { edges { node { id } } } me { tenant { id } } }' });
    const ids = users.body.data?.users.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
    expect(users.body.data?.me.tenant.id).toBe(a.tenantId);
    expect(ids).toContain(a.managerId);
    expect(ids).not.toContain(b.managerId);
    const record = await call(h.server, {
      session,
      query: 'query($id: ID!) { record(id: $id) { __typename ... on NotFound { pointer } } }',
      variables: { id: theirRecord },
    });
    expect(record.body.data?.record).toEqual({ __typename: 'NotFound', pointer: '/id' });
    const update = await call(h.server, { session, query: UPDATE_USER, variables: { i: { id: b.managerId, active: false } } });
    expect(update.body.data?.updateUser).toMatchObject({ __typename: 'NotFound', pointer: '/id' });
    const forged = session.replace(a.tenantId, b.tenantId);
    expect((await call(h.server, { session: forged, query: ME })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('links expire', () => {
  it('refuses an invitation link and a reset link used after their time, and a new invitation replaces the old link', async () => {
    const short = await secondApi(h, { smtpUrl: smtp.smtpUrl, invitationTtlMs: 300, passwordResetTtlMs: 300 });
    try {
      const invite = async (email: string) => {
        await call(short, { key: a.admin, query: INVITE, variables: { i: { email, name: 'Late', roles: ['sales'] } } });
        return tokenOf((await smtp.waitFor({ to: email, match: /invited/ })).text);
      };
      const first = await invite('late@alpha.example');
      const unused = await invite('later@alpha.example');
      smtp.messages.length = 0;
      const replaced = await invite('late@alpha.example');
      expect(replaced).not.toBe(first);
      expect((await call(short, { query: ACCEPT, variables: { i: { token: first, password: PASSWORD } } })).body.data?.acceptInvitation.__typename).toBe(
        'TokenInvalid',
      );
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await call(short, { query: ACCEPT, variables: { i: { token: unused, password: PASSWORD } } })).body.data?.acceptInvitation.__typename).toBe(
        'TokenInvalid',
      );
      await personWithPassword(second, { admin: a.admin, email: 'expiring@alpha.example', password: PASSWORD });
      await call(short, { query: REQUEST_RESET, variables: { i: { slug: 'alpha', email: 'expiring@alpha.example' } } });
      const reset = tokenOf((await smtp.waitFor({ to: 'expiring@alpha.example', match: /Reset/ })).text);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(
        (await call(short, { query: RESET, variables: { i: { token: reset, password: 'a brand new passphrase' } } })).body.data?.resetPassword.__typename,
      ).toBe('TokenInvalid');
    } finally {
      await short.close();
    }
  });
});

describe('what has expired', () => {
  it('is deleted from the store as people sign in and links are sent, whichever tenant it belonged to: MongoDB would expire it by TTL, the embedded store keeps it', async () => {
    const models = h.server.services.models;
    const past = new Date(Date.now() - 60_000);
    const later = new Date(Date.now() + 3_600_000);
    const raw = (collection: string) => models.Session.db.collection(collection);
    for (const [tenant, user] of [
      [a, a.salesId],
      [b, b.salesId],
    ] as const) {
      await raw('sessions').insertMany([
        { _id: `gone-${tenant.tenantId}` as never, tenantId: tenant.tenantId, userId: user, createdAt: past, lastSeenAt: past, expiresAt: past, endsAt: later },
        {
          _id: `kept-${tenant.tenantId}` as never,
          tenantId: tenant.tenantId,
          userId: user,
          createdAt: past,
          lastSeenAt: past,
          expiresAt: later,
          endsAt: later,
        },
      ]);
      await raw('accountTokens').insertMany([
        {
          _id: `gone-${tenant.tenantId}` as never,
          tenantId: tenant.tenantId,
          userId: user,
          purpose: 'invitation',
          createdAt: past,
          expiresAt: past,
          usedAt: null,
        },
        {
          _id: `kept-${tenant.tenantId}` as never,
          tenantId: tenant.tenantId,
          userId: user,
          purpose: 'invitation',
          createdAt: past,
          expiresAt: later,
          usedAt: null,
        },
      ]);
    }
    const email = 'pruner@alpha.example';
    await personWithPassword(second, { admin: a.admin, email, password: PASSWORD });
    // A process that has not pruned yet (each prunes at most once a minute).
    const fresh = await secondApi(h);
    try {
      await signedIn(fresh, { slug: 'alpha', email, password: PASSWORD });
      const left = async (collection: string) =>
        (
          await raw(collection)
            .find({ _id: { $regex: '^(gone|kept)-' } } as never)
            .toArray()
        )
          .map((doc) => String(doc._id))
          .sort();
      const kept = [`kept-${a.tenantId}`, `kept-${b.tenantId}`].sort();
      await expect.poll(() => left('sessions')).toEqual(kept);
      await expect.poll(() => left('accountTokens')).toEqual(kept);
    } finally {
      await fresh.close();
    }
  });
});

describe('data from before accounts', () => {
  it('reads users without account fields with the defaults, and gives a tenant without a slug one at start', async () => {
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      await models.User.collection.updateOne({ _id: a.managerId as never }, { $unset: { locale: '', timeZone: '', active: '' } });
      const created = await call(h.server, {
        key: ROOT_KEY,
        query: 'mutation { createTenant(input: { name: "Old Firm" }) { ... on CreateTenantPayload { adminKey tenant { id } } } }',
      });
      const { adminKey, tenant } = created.body.data?.createTenant ?? {};
      await models.Tenant.collection.updateOne({ _id: tenant.id as never }, { $unset: { slug: '' } });
      const restarted = await secondApi(h);
      try {
        expect((await call(restarted, { key: adminKey, query: '{ me { tenant { slug } } }' })).body.data?.me.tenant.slug).toBe('old-firm');
      } finally {
        await restarted.close();
      }
      const users = await call(h.server, {
        key: a.admin,
        query: '{ users(first: 100) { edges { node { id locale timeZone active status availability { awayFrom } } } } }',
      });
      expect(users.body.data?.users.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
        id: a.managerId,
        locale: 'en',
        timeZone: 'UTC',
        active: true,
        status: 'active',
        availability: null,
      });
    } finally {
      await close();
    }
  });
});
