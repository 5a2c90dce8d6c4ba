import { ValidationFailedError } from '../errors';
import { accountLink } from '../mail/account-link';
import { invitationMail } from '../mail/account-mails';
import { accountOf, type Locale } from '../accounts/account-settings';
import { type AuditActor, auditRecord } from '../accounts/admin-changes';
import type { UserDoc } from '../models/user';
import { issueAccountToken } from './account-tokens';
import { createUser, newId } from './create-tenant';
import { mustBeUser, tenantById } from './directory';
import type { Services } from './services';
import { checkUserInput } from './user-input';

/** What inviting someone gives the admin: the user, and the link when no mail carried it. */
export interface Invitation {
  user: UserDoc;
  /** True when the invitation went out by mail. */
  emailed: boolean;
  /** The link to pass on by hand: set when no mail went out (no SMTP_URL, or the mail server refused it). */
  link: string | null;
  expiresAt: Date;
}

/**
 * An admin invites a person by email: a user with no password yet, and a link (valid once, `invitationTtlMs`) that
 * lets them set one, mailed in their language, or given back to the admin without SMTP. Inviting again someone who
 * has not accepted yet sends a new link (the old one stops working); someone with a password already is refused at
 * /email. The user is written with the audit log entry of the invitation (an invitation sent again is logged too,
 * the user the same before and after: what changed is the link).
 * @example const { user, link } = await inviteUser(services, { tenantId, inviter, actor, email: 'ann@acme.example', name: 'Ann', roles: ['sales'], origin })
 */
export async function inviteUser(
  services: Services,
  input: {
    tenantId: string;
    inviter: UserDoc;
    actor: AuditActor;
    email: string;
    name: string;
    roles: readonly string[];
    managerId?: string | null;
    locale?: Locale | null;
    timeZone?: string | null;
    /** The api's origin as the admin reached it: the link's base unless FUNNEL_PUBLIC_URL says otherwise. */
    origin: string;
  },
): Promise<Invitation> {
  const { models } = services;
  const { tenantId } = input;
  const checked = checkUserInput({ name: input.name, email: input.email, roles: input.roles, timeZone: input.timeZone ?? null });
  const email = checked.email as string;
  const managerId = input.managerId ?? null;
  if (managerId) await mustBeUser(services, { tenantId, id: managerId, pointer: '/managerId' });
  const existing = await models.User.findOne({ tenantId, email }).select('+passwordHash').lean();
  if (existing && (existing.passwordHash || existing.active === false)) {
    const why = existing.active === false ? 'is deactivated: reactivate them with updateUser' : 'has signed in already';
    throw new ValidationFailedError([{ severity: 'error', code: 'exists', pointer: '/email', message: `the person with this email ${why}` }]);
  }
  const id = existing?._id ?? newId();
  const invited = {
    email,
    name: existing?.name ?? (checked.name as string),
    roles: existing?.roles ?? checked.roles ?? [],
    managerId: existing ? existing.managerId : managerId,
    locale: existing?.locale ?? input.locale ?? 'en',
    timeZone: existing?.timeZone ?? checked.timeZone ?? 'UTC',
  };
  const shown = auditRecord({ ...invited, status: 'invited' });
  const user = (await services.audit.write({
    tenantId,
    actor: input.actor,
    change: { action: 'user_invited', targetType: 'user', targetId: id, before: existing ? shown : null, after: shown },
    holder: { model: 'User', id },
    write: async (pending) => {
      if (!existing) return createUser({ models, tenantId, id, ...invited, audit: pending.field });
      await models.User.updateOne({ tenantId, _id: id }, pending.push);
      return existing;
    },
  })) as UserDoc;
  const { passwordHash: _hash, ...person } = user as UserDoc & { passwordHash?: string };
  return sendInvitation(services, { tenantId, user: person, inviterName: input.inviter.name, origin: input.origin });
}

/**
 * Gives a user without a password a new invitation link (valid once, `invitationTtlMs`; their earlier links stop
 * working), mailed in their language, or given back to pass on by hand when no mail went out. `inviterName` null:
 * the tenant's first admin, whose mail says the workspace is ready.
 * @example const { emailed, link } = await sendInvitation(services, { tenantId, user, inviterName: 'Dana', origin: 'https://crm.example' })
 */
export async function sendInvitation(
  services: Services,
  input: { tenantId: string; user: UserDoc; inviterName: string | null; origin: string },
): Promise<Invitation> {
  const { models, config } = services;
  const { tenantId, user } = input;
  const email = user.email as string;
  const tenant = await tenantById(services, tenantId);
  const { token, expiresAt } = await issueAccountToken({ models, tenantId, userId: user._id, purpose: 'invitation', ttlMs: config.invitationTtlMs });
  services.expiredAccountRecords.prune();
  const link = accountLink({ base: config.publicUrl ?? input.origin, purpose: 'invitation', slug: tenant.slug ?? '', token });
  if (!services.mailer.configured) return { user, emailed: false, link, expiresAt };
  const { locale, timeZone } = accountOf(user);
  const mail = invitationMail({
    locale,
    timeZone,
    inviterName: input.inviterName,
    recipientName: user.name,
    email,
    tenantName: tenant.name,
    slug: tenant.slug ?? '',
    link,
    expiresAt,
  });
  try {
    await services.mailer.send({ to: email, ...mail });
    return { user, emailed: true, link: null, expiresAt };
  } catch (error) {
    services.log(`invitation mail to user ${user._id} not sent, the link is shown to the admin: ${(error as Error).message}`);
    return { user, emailed: false, link, expiresAt };
  }
}
