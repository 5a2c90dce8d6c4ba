import { SignInFailedError, SignInThrottledError, TokenInvalidError, ValidationFailedError } from '../errors';
import type { TenantDoc } from '../models/tenant';
import type { UserDoc } from '../models/user';
import { tenantById } from '../services/directory';
import { acceptInvitation, requestPasswordReset, resetPassword } from '../services/passwords';
import { endSession, endUserSessions } from '../services/sessions';
import { signIn } from '../services/sign-in';
import { builder } from './builder';
import { TenantRef } from './tenant';
import { UserRef } from './user';

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({
    slug: t.string({ required: true, description: "The tenant's slug (its workspace name, in invitation links)." }),
    email: t.string({ required: true }),
    password: t.string({ required: true }),
  }),
});

const SignInPayload = builder.objectRef<{ user: UserDoc; tenantId: string }>('SignInPayload').implement({
  description: 'Signed in: the session cookie is set (HttpOnly; requests it signs in must pass the cross-site check, docs/api.md).',
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
    tenant: t.field({ type: TenantRef, resolve: (p, _args, ctx): Promise<TenantDoc> => tenantById(ctx.services, p.tenantId) }),
  }),
});

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    description:
      'A person signs in with the tenant slug, email and password; the answer sets the session cookie. A wrong slug, email or password all answer SignInFailed.',
    args: { input: t.arg({ type: SignInInput, required: true }) },
    errors: { types: [SignInFailedError, SignInThrottledError, ValidationFailedError] },
    authScopes: { anyone: true },
    resolve: async (_root, { input }, ctx) => {
      const signedIn = await signIn(ctx.services, { ...input, address: ctx.request.address });
      ctx.cookies.setSession(signedIn.token, signedIn.maxAgeMs);
      return { user: signedIn.user, tenantId: signedIn.user.tenantId };
    },
  }),
);

const SignOutPayload = builder.objectRef<{ sessionsEnded: number }>('SignOutPayload').implement({
  fields: (t) => ({ sessionsEnded: t.exposeInt('sessionsEnded', { description: 'Sessions ended (0 when none was signed in).' }) }),
});

builder.mutationField('signOut', (t) =>
  t.field({
    type: SignOutPayload,
    description: "Ends this browser's session (on every api process within a second) and clears the cookie; without a session it only clears the cookie.",
    authScopes: { anyone: true },
    resolve: async (_root, _args, ctx) => {
      const { viewer } = ctx;
      ctx.cookies.clearSession();
      if (viewer.kind !== 'user' || viewer.credential.kind !== 'session') return { sessionsEnded: 0 };
      await endSession(ctx.services, { tenantId: viewer.tenantId, sessionId: viewer.credential.id });
      return { sessionsEnded: 1 };
    },
  }),
);

builder.mutationField('signOutEverywhere', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: SignOutPayload,
    description: "Ends every session of the signed-in person, in every browser, and clears this one's cookie. API keys keep working.",
    resolve: async (_root, _args, ctx) => {
      ctx.cookies.clearSession();
      return { sessionsEnded: await endUserSessions(ctx.services, { tenantId: ctx.viewer.tenantId, userId: ctx.viewer.user._id }) };
    },
  }),
);

const PasswordSetPayload = builder.objectRef<{ user: UserDoc; slug: string }>('PasswordSetPayload').implement({
  description: 'The password is set; sign in with the slug, the email and the new password.',
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (p) => p.user }),
    slug: t.exposeString('slug', { description: "The tenant's slug, to sign in with." }),
  }),
});

const TokenPasswordInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({
      token: t.string({ required: true, description: "The token from the link's #token=…" }),
      password: t.string({ required: true, description: 'At least 10 characters.' }),
    }),
  });

builder.mutationField('acceptInvitation', (t) =>
  t.field({
    type: PasswordSetPayload,
    description: 'An invited person sets their first password with the token of their invitation link (once, before it expires).',
    args: { input: t.arg({ type: TokenPasswordInput('AcceptInvitationInput'), required: true }) },
    errors: { types: [TokenInvalidError, ValidationFailedError] },
    authScopes: { anyone: true },
    resolve: (_root, { input }, ctx) => acceptInvitation(ctx.services, input),
  }),
);

builder.mutationField('resetPassword', (t) =>
  t.field({
    type: PasswordSetPayload,
    description: 'Sets a new password with the token of a reset link (once, before it expires) and ends every session of the account.',
    args: { input: t.arg({ type: TokenPasswordInput('ResetPasswordInput'), required: true }) },
    errors: { types: [TokenInvalidError, ValidationFailedError] },
    authScopes: { anyone: true },
    resolve: (_root, { input }, ctx) => resetPassword(ctx.services, input),
  }),
);

const RequestPasswordResetInput = builder.inputType('RequestPasswordResetInput', {
  fields: (t) => ({ slug: t.string({ required: true }), email: t.string({ required: true }) }),
});

const RequestPasswordResetPayload = builder.objectRef<{ accepted: true }>('RequestPasswordResetPayload').implement({
  description: 'The same answer whether or not the account exists: if it does, a reset link is on its way by email.',
  fields: (t) => ({ accepted: t.exposeBoolean('accepted') }),
});

builder.mutationField('requestPasswordReset', (t) =>
  t.field({
    type: RequestPasswordResetPayload,
    description: 'Mails a password reset link to the account with this slug and email, if there is one (and SMTP_URL is set); answers the same either way.',
    args: { input: t.arg({ type: RequestPasswordResetInput, required: true }) },
    errors: { types: [SignInThrottledError, ValidationFailedError] },
    authScopes: { anyone: true },
    resolve: async (_root, { input }, ctx) => {
      await requestPasswordReset(ctx.services, { ...input, address: ctx.request.address, origin: ctx.request.origin });
      return { accepted: true as const };
    },
  }),
);
