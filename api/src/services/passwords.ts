import { checkPassword, normaliseEmail } from '../accounts/account-rules';
import { TokenInvalidError, ValidationFailedError } from '../errors';
import { accountLink } from '../mail/account-link';
import { passwordResetMail } from '../mail/account-mails';
import type { AccountTokenPurpose } from '../models/account-token';
import { accountOf } from '../accounts/account-settings';
import type { UserDoc, UserWithPassword } from '../models/user';
import { consumeAccountToken, issueAccountToken } from './account-tokens';
import type { Services } from './services';
import { endUserSessions } from './sessions';
import { tenantBySlug } from './tenant-slugs';

/** Refuses a password that breaks the policy, before any link is used up. */
function mustBeGoodPassword(password: string): void {
  const problem = checkPassword(password);
  if (problem) throw new ValidationFailedError([problem]);
}

/** Sets a user's password and ends every session they had (a new password signs out everywhere). */
async function setPassword(services: Services, input: { tenantId: string; userId: string; password: string }): Promise<UserDoc> {
  const passwordHash = await services.passwords.hash(input.password);
  const user = await services.models.User.findOneAndUpdate(
    { tenantId: input.tenantId, _id: input.userId, active: { $ne: false } },
    { $set: { passwordHash, passwordChangedAt: new Date() } },
    { returnDocument: 'after' },
  ).lean();
  // A user deactivated (or removed) after the link was sent: the link is no good any more.
  if (!user) throw new TokenInvalidError();
  await endUserSessions(services, { tenantId: input.tenantId, userId: input.userId });
  const { passwordHash: _hash, ...rest } = user as UserWithPassword;
  return rest;
}

/** Sets a password with a link's token, once: the user it was for, and their tenant's slug for signing in. */
async function setPasswordWithLink(
  services: Services,
  input: { token: string; password: string; purpose: AccountTokenPurpose },
): Promise<{ user: UserDoc; slug: string }> {
  mustBeGoodPassword(input.password);
  const { tenantId, userId } = await consumeAccountToken({ models: services.models, token: input.token, purpose: input.purpose });
  const user = await setPassword(services, { tenantId, userId, password: input.password });
  const tenant = await services.models.Tenant.findOne({ tenantId, _id: tenantId }).lean();
  return { user, slug: tenant?.slug ?? '' };
}

/**
 * Sets the first password of an invited person with their invitation link's token (once, before it expires); they
 * then sign in with their tenant's slug, which the answer carries.
 * @example const { user, slug } = await acceptInvitation(services, { token: 'fl_…', password: 'correct horse battery' })
 */
export function acceptInvitation(services: Services, input: { token: string; password: string }): Promise<{ user: UserDoc; slug: string }> {
  return setPasswordWithLink(services, { ...input, purpose: 'invitation' });
}

/**
 * Sets a new password with a reset link's token (once, before it expires) and ends every session of the account.
 * @example await resetPassword(services, { token: 'fl_…', password: 'a new passphrase' })
 */
export function resetPassword(services: Services, input: { token: string; password: string }): Promise<{ user: UserDoc; slug: string }> {
  return setPasswordWithLink(services, { ...input, purpose: 'password_reset' });
}

/**
 * Mails a password reset link to an active account with this slug and email, if there is one. It answers the same,
 * at once, whether there is or not: the mail goes out in the background (its SMTP round trip would tell). Requests
 * are counted per account and address like sign-ins (a mail bomb is throttled). Without SMTP nothing is sent: an
 * admin can invite the person again instead.
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
      const { token, expiresAt } = await issueAccountToken({
        models: services.models,
        tenantId: tenant._id,
        userId: user._id,
        purpose: 'password_reset',
        ttlMs: services.config.passwordResetTtlMs,
      });
      const link = accountLink({ base: services.config.publicUrl ?? input.origin, purpose: 'password_reset', slug, token });
      const { locale, timeZone } = accountOf(user);
      const mail = passwordResetMail({ locale, timeZone, recipientName: user.name, email, tenantName: tenant.name, slug, link, expiresAt });
      await services.mailer.send({ to: email, ...mail });
    } catch (error) {
      services.log(`password reset mail not sent: ${(error as Error).message}`);
    }
  });
}
