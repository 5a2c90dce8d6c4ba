import { NotFoundError, ValidationFailedError } from '../errors';
import { auditActorOf } from '../services/admin-audit';
import { inviteUser } from '../services/invite-user';
import { sendPasswordReset } from '../services/passwords';
import { updateUser } from '../services/update-user';
import type { UserDoc } from '../models/user';
import { builder } from './builder';
import { RoleEnum } from './error-types';
import { UserRef } from './user';
import { AvailabilityInput, LocaleEnum } from './user-account-types';

const InviteUserInput = builder.inputType('InviteUserInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    name: t.string({ required: true }),
    roles: t.field({ type: [RoleEnum], required: true }),
    managerId: t.id(),
    locale: t.field({ type: LocaleEnum, description: 'The language of the invitation and of the app for them; en when left out.' }),
    timeZone: t.string({ description: 'An IANA time zone; UTC when left out.' }),
  }),
});

/** A link sent to a person (an invitation, a password reset) as the admin sees it: by mail, or to pass on by hand. */
function sentLinkPayload(input: { name: string; linkField: string; what: string }) {
  return builder.objectRef<{ user: UserDoc; emailed: boolean; link: string | null; expiresAt: Date }>(input.name).implement({
    fields: (t) => ({
      user: t.field({ type: UserRef, resolve: (p) => p.user }),
      emailed: t.exposeBoolean('emailed', { description: `True when the ${input.what} went out by mail.` }),
      [input.linkField]: t.string({
        nullable: true,
        description: 'Set when no mail went out (no SMTP_URL, or the mail server refused): pass it on yourself. It works once.',
        resolve: (p) => p.link,
      }),
      expiresAt: t.field({ type: 'DateTime', resolve: (p) => p.expiresAt }),
    }),
  });
}

/** An invitation as the admin sees it (also the first admin's, in CreateTenantPayload). */
export const InviteUserPayload = sentLinkPayload({ name: 'InviteUserPayload', linkField: 'invitationLink', what: 'invitation' });

builder.mutationField('inviteUser', (t) =>
  t.withAuth({ admin: true }).field({
    type: InviteUserPayload,
    description: 'Admins invite a person by email: the link in the mail lets them set a password once, within invitationTtlMs (7 days).',
    args: { input: t.arg({ type: InviteUserInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError] },
    resolve: (_root, { input }, ctx) =>
      inviteUser(ctx.services, {
        tenantId: ctx.viewer.tenantId,
        inviter: ctx.viewer.user,
        actor: auditActorOf(ctx.viewer),
        email: input.email,
        name: input.name,
        roles: input.roles,
        managerId: input.managerId ? String(input.managerId) : null,
        locale: input.locale ?? null,
        timeZone: input.timeZone ?? null,
        origin: ctx.request.origin,
      }),
  }),
);

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  description: 'What changes; a field left out stays as it is. managerId: null removes the manager, availability: null the absence.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    roles: t.field({ type: [RoleEnum] }),
    managerId: t.id(),
    availability: t.field({ type: AvailabilityInput }),
    locale: t.field({ type: LocaleEnum }),
    timeZone: t.string(),
    active: t.boolean({ description: 'false deactivates: their sessions and keys stop on every api process within a second; their records stay.' }),
  }),
});

builder.mutationField('updateUser', (t) =>
  t.withAuth({ admin: true }).field({
    type: UserRef,
    description: "Admins change a user's name, roles, manager (never into a loop), availability, language or time zone, or deactivate or reactivate them.",
    args: { input: t.arg({ type: UpdateUserInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError] },
    resolve: (_root, { input }, ctx) => {
      const { id, managerId, ...changes } = input;
      return updateUser(ctx.services, {
        tenantId: ctx.viewer.tenantId,
        actor: auditActorOf(ctx.viewer),
        id: String(id),
        changes: { ...changes, ...(managerId !== undefined ? { managerId: managerId === null ? null : String(managerId) } : {}) },
      });
    },
  }),
);

const SendPasswordResetInput = builder.inputType('SendPasswordResetInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The person: active, and with a password set (someone invited who has not accepted is invited again).' }),
  }),
});

const SendPasswordResetPayload = sentLinkPayload({ name: 'SendPasswordResetPayload', linkField: 'resetLink', what: 'link' });

builder.mutationField('sendPasswordReset', (t) =>
  t.withAuth({ admin: true }).field({
    type: SendPasswordResetPayload,
    description:
      'Admins send a person a password reset link (valid once, within passwordResetTtlMs): by mail, or back to the admin when no mail server is configured, where people cannot ask for one themselves.',
    args: { input: t.arg({ type: SendPasswordResetInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError] },
    resolve: (_root, { input }, ctx) =>
      sendPasswordReset(ctx.services, { tenantId: ctx.viewer.tenantId, actor: auditActorOf(ctx.viewer), id: String(input.id), origin: ctx.request.origin }),
  }),
);
