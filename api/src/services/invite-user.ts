import { ValidationFailedError } from '../errors';
import { accountLink } from '../mail/account-link';
import { invitationMail } from '../mail/account-mails';
import { accountOf, type Locale } from '../accounts/account-settings';
import type { UserDoc } from '../models/user';
import { issueAccountToken } from './account-tokens';
import { createUser } from './create-tenant';
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
 * /email.
 * @example const { user, link } = await inviteUser(services, { tenantId, inviter, email: 'ann@acme.example', name: 'Ann', roles: ['sales'], origin })
 */
export async function inviteUser(
  services: Services,
  input: {
    tenantId: string;
    inviter: UserDoc;
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
  const { models, config } = services;
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
  const user =
    existing ??
    (await createUser({
      models,
      tenantId,
      email,
      name: checked.name as string,
      roles: checked.roles ?? [],
      managerId,
      ...(input.locale ? { locale: input.locale } : {}),
      ...(checked.timeZone ? { timeZone: checked.timeZone } : {}),
    }));
  const tenant = await tenantById(services, tenantId);
  const { token, expiresAt } = await issueAccountToken({ models, tenantId, userId: user._id, purpose: 'invitation', ttlMs: config.invitationTtlMs });
  const link = accountLink({ base: config.publicUrl ?? input.origin, purpose: 'invitation', slug: tenant.slug ?? '', token });
  const { passwordHash: _hash, ...invited } = user as UserDoc & { passwordHash?: string };
  if (!services.mailer.configured) return { user: invited, emailed: false, link, expiresAt };
  const { locale, timeZone } = accountOf(invited);
  const mail = invitationMail({
    locale,
    timeZone,
    inviterName: input.inviter.name,
    recipientName: invited.name,
    email,
    tenantName: tenant.name,
    slug: tenant.slug ?? '',
    link,
    expiresAt,
  });
  try {
    await services.mailer.send({ to: email, ...mail });
    return { user: invited, emailed: true, link: null, expiresAt };
  } catch (error) {
    services.log(`invitation mail to user ${invited._id} not sent, the link is shown to the admin: ${(error as Error).message}`);
    return { user: invited, emailed: false, link, expiresAt };
  }
}
