import { normaliseEmail } from '../accounts/account-rules';
import { SignInFailedError } from '../errors';
import type { UserDoc } from '../models/user';
import type { Services } from './services';
import { startSession } from './sessions';
import { tenantBySlug } from './tenant-slugs';

/**
 * Signs a person in with their tenant's slug, email and password, and starts a session. An unknown slug, an unknown
 * email, a deactivated account, one without a password yet and a wrong password all get SignInFailed, after the same
 * work (a password hash is checked in every case: a dummy one where there is no account). Attempts are counted per
 * account and per address before the check, in the store; a throttled attempt checks nothing.
 * @example const { user, token } = await signIn(services, { slug: 'acme', email: 'ann@acme.example', password, address: '203.0.113.7' })
 */
export async function signIn(
  services: Services,
  input: { slug: string; email: string; password: string; address: string | null },
): Promise<{ user: UserDoc; token: string; maxAgeMs: number }> {
  const slug = input.slug.trim().toLowerCase();
  const email = normaliseEmail(input.email) ?? input.email.trim().toLowerCase();
  const attempt = await services.signInLimiter.take({ purpose: 'sign_in', slug, email, address: input.address });
  const tenant = await tenantBySlug(services.models, slug);
  const found = tenant ? await services.models.User.findOne({ tenantId: tenant._id, email }).select('+passwordHash').lean() : null;
  const account = found && found.active !== false ? found : null;
  const matches = await services.passwords.verify(account?.passwordHash, input.password);
  if (!account || !matches || !tenant) throw new SignInFailedError();
  await attempt.forgive();
  const { passwordHash, ...user } = account;
  // A hash made at an older cost is made again at the configured one, now that the password is at hand.
  if (passwordHash && services.passwords.isOutdated(passwordHash)) {
    const rehashed = await services.passwords.hash(input.password);
    await services.models.User.updateOne({ tenantId: tenant._id, _id: user._id, passwordHash }, { $set: { passwordHash: rehashed } });
  }
  const session = await startSession(services, { tenantId: tenant._id, userId: user._id });
  return { user, ...session };
}
