import type { Diagnostic } from '@funnel/schemas';
import { checkName, checkPassword, normaliseEmail } from '../accounts/account-rules';
import { type AuditActor, auditRecord } from '../accounts/admin-changes';
import { NotFoundError, TokenInvalidError, ValidationFailedError } from '../errors';
import { accountLink } from '../mail/account-link';
import { passwordResetMail } from '../mail/account-mails';
import type { AccountTokenPurpose } from '../models/account-token';
import { accountOf } from '../accounts/account-settings';
import type { TenantDoc } from '../models/tenant';
import type { UserDoc, UserWithPassword } from '../models/user';
import { consumeAccountToken, issueAccountToken } from './account-tokens';
import { tenantById } from './directory';
import type { Services } from './services';
import { endUserSessions } from './sessions';
import { tenantBySlug } from './tenant-slugs';

/** Refuses a password that breaks the policy, and a name given empty, every problem at once, before any link is used up: the trimmed name. */
function mustBeGoodInput(input: { password: string; name?: string | null }): { name?: string } {
  const problems: Diagnostic[] = [];
  const password = checkPassword(input.password);
  if (password) problems.push(password);
  const name = input.name != null ? checkName(input.name) : null;
  if (name && 'diagnostic' in name) problems.push(name.diagnostic);
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return name && 'name' in name ? { name: name.name } : {};
}

/** Sets a user's password (and name, when given) and ends every session they had (a new password signs out everywhere). */
async function setPassword(services: Services, input: { tenantId: string; userId: string; password: string; name?: string }): Promise<UserDoc> {
  const passwordHash = await services.passwords.hash(input.password);
  const user = await services.models.User.findOneAndUpdate(
    { tenantId: input.tenantId, _id: input.userId, active: { $ne: false } },
    { $set: { passwordHash, passwordChangedAt: new Date(), ...(input.name ? { name: input.name } : {}) } },
    { returnDocument: 'after' },
  ).lean();
  // A user deactivated (or removed) after the link was sent: the link is no good any more.
  if (!user) throw new TokenInvalidError();
  await endUserSessions(services, { tenantId: input.tenantId, userId: input.userId });
  const { passwordHash: _hash, ...rest } = user as UserWithPassword;
  return rest;
}

/** Sets a password (and a name) with a link's token, once: the user it was for, and their tenant's slug for signing in. */
async function setPasswordWithLink(
  services: Services,
  input: { token: string; password: string; name?: string | null; purpose: AccountTokenPurpose },
): Promise<{ user: UserDoc; slug: string }> {
  const { name } = mustBeGoodInput(input);
  const { tenantId, userId } = await consumeAccountToken({ models: services.models, token: input.token, purpose: input.purpose });
  const user = await setPassword(services, { tenantId, userId, password: input.password, ...(name ? { name } : {}) });
  const tenant = await services.models.Tenant.findOne({ tenantId, _id: tenantId }).lean();
  return { user, slug: tenant?.slug ?? '' };
}

/**
 * Sets the first password of an invited person with their invitation link's token (once, before it expires), and
 * their name if they give one (else the admin's stays); they then sign in with their tenant's slug, which the answer
 * carries.
 * @example const { user, slug } = await acceptInvitation(services, { token: 'fl_…', password: 'correct horse battery', name: 'Ann Lee' })
 */
export function acceptInvitation(
  services: Services,
  input: { token: string; password: string; name?: string | null },
): Promise<{ user: UserDoc; slug: string }> {
  return setPasswordWithLink(services, { ...input, purpose: 'invitation' });
}

/**
 * Sets a new password with a reset link's token (once, before it expires) and ends every session of the account.
 * @example await resetPassword(services, { token: 'fl_…', password: 'a new passphrase' })
 */
export function resetPassword(services: Services, input: { token: string; password: string }): Promise<{ user: UserDoc; slug: string }> {
  return setPasswordWithLink(services, { ...input, purpose: 'password_reset' });
}

/** What sending someone a reset link gave: whether it went by mail, else the link to pass on by hand. */
export interface ResetLink {
  emailed: boolean;
  /** Set when no mail went out (no SMTP_URL, or the mail server refused it): the admin passes it on. */
  link: string | null;
  expiresAt: Date;
}

/**
 * Issues a reset link for an active user (valid once, `passwordResetTtlMs`) and mails it in their language when
 * SMTP is configured; without SMTP, or when the mail server refuses, the link comes back to be passed on by hand.
 */
async function issueResetLink(services: Services, input: { tenant: TenantDoc; user: UserDoc; origin: string }): Promise<ResetLink> {
  const { tenant, user } = input;
  const slug = tenant.slug ?? '';
  const { token, expiresAt } = await issueAccountToken({
    models: services.models,
    tenantId: tenant._id,
    userId: user._id,
    purpose: 'password_reset',
    ttlMs: services.config.passwordResetTtlMs,
  });
  services.expiredAccountRecords.prune();
  const link = accountLink({ base: services.config.publicUrl ?? input.origin, purpose: 'password_reset', slug, token });
  if (!services.mailer.configured) return { emailed: false, link, expiresAt };
  const { locale, timeZone } = accountOf(user);
  const email = user.email as string;
  const mail = passwordResetMail({ locale, timeZone, recipientName: user.name, email, tenantName: tenant.name, slug, link, expiresAt });
  try {
    await services.mailer.send({ to: email, ...mail });
    return { emailed: true, link: null, expiresAt };
  } catch (error) {
    services.log(`password reset mail to user ${user._id} not sent: ${(error as Error).message}`);
    return { emailed: false, link, expiresAt };
  }
}

/**
 * Mails a password reset link to an active account with this slug and email, if there is one. It answers the same,
 * at once, whether there is or not: the mail goes out in the background (its SMTP round trip would tell). Requests
 * are counted per account and address like sign-ins (a mail bomb is throttled). Without SMTP nothing is sent: an
 * admin gives the person a link instead (`sendPasswordReset`).
 * @example await requestPasswordReset(services, { slug: 'acme', email: 'ann@acme.example', address, origin })
 */
export async function requestPasswordReset(services: Services, input: { slug: string; email: string; address: string | null; origin: string }): Promise<void> {
  const slug = input.slug.trim().toLowerCase();
  const email = normaliseEmail(input.email) ?? input.email.trim().toLowerCase();
  await services.signInLimiter.take({ purpose: 'password_reset', slug, email, address: input.address });
  services.background.run(async () => {
    try {
      const tenant = await tenantBySlug(services.models, slug);
      const user = tenant ? await services.models.User.findOne({ tenantId: tenant._id, email, active: { $ne: false } }).lean() : null;
      if (!tenant || !user || !services.mailer.configured) return;
      await issueResetLink(services, { tenant, user, origin: input.origin });
    } catch (error) {
      services.log(`password reset mail not sent: ${(error as Error).message}`);
    }
  });
}

/**
 * An admin sends a person of their tenant a password reset link: by mail when SMTP is configured, else back to the
 * admin to pass on (a person cannot ask for one themselves then). Only for an active person who has set a password
 * (someone who has not is invited again, /id `no_password`); logged in the audit log without the link.
 * @example const { emailed, link } = await sendPasswordReset(services, { tenantId, actor, id: '65f…', origin })
 */
export async function sendPasswordReset(
  services: Services,
  input: { tenantId: string; actor: AuditActor; id: string; origin: string },
): Promise<ResetLink & { user: UserDoc }> {
  const { tenantId, id } = input;
  const user = (await services.models.User.findOne({ tenantId, _id: id }).select('+passwordHash').lean()) as UserWithPassword | null;
  if (!user) throw new NotFoundError({ what: 'user', id, pointer: '/id' });
  if (user.active === false || !user.passwordHash) {
    const why = user.active === false ? 'is deactivated: reactivate them with updateUser first' : 'has no password yet: invite them again (inviteUser)';
    throw new ValidationFailedError([
      { severity: 'error', code: user.active === false ? 'deactivated' : 'no_password', pointer: '/id', message: `the person ${why}` },
    ]);
  }
  const { passwordHash: _hash, ...person } = user;
  const tenant = await tenantById(services, tenantId);
  const sent = await issueResetLink(services, { tenant, user: person, origin: input.origin });
  await services.audit.write({
    tenantId,
    actor: input.actor,
    change: {
      action: 'user_password_reset_sent',
      targetType: 'user',
      targetId: id,
      before: null,
      after: auditRecord({ emailed: sent.emailed, expiresAt: sent.expiresAt }),
    },
    holder: { model: 'User', id },
    write: (pending) => services.models.User.updateOne({ tenantId, _id: id }, pending.push),
  });
  return { ...sent, user: person };
}
