import type { Diagnostic } from '@funnel/schemas';
import { checkEmail, checkName, checkSlug } from '../accounts/account-rules';
import type { Locale } from '../accounts/account-settings';
import { ValidationFailedError } from '../errors';
import type { TenantDoc } from '../models/tenant';
import type { UserDoc } from '../models/user';
import { createTenant } from './create-tenant';
import { type Invitation, sendInvitation } from './invite-user';
import type { Services } from './services';

/** What `createTenant` asks for, as sent. */
interface OpenTenantInput {
  name: string;
  slug?: string | null;
  /** The first admin's email: they get an invitation to set a password. Without it the admin has the API key only. */
  adminEmail?: string | null;
  adminName?: string | null;
  adminLocale?: Locale | null;
  /** The api's origin as the request reached it: the invitation link's base unless FUNNEL_PUBLIC_URL says otherwise. */
  origin: string;
}

/** Every problem of the input at once, before anything is written: the trimmed name and admin, or ValidationFailed. */
function checkOpenTenantInput(input: OpenTenantInput): { name: string; admin: { name?: string; email?: string } } {
  const problems: Diagnostic[] = [];
  const name = checkName(input.name);
  if ('diagnostic' in name) problems.push(name.diagnostic);
  const slug = input.slug != null ? checkSlug(input.slug.trim().toLowerCase()) : null;
  if (slug) problems.push(slug);
  const email = input.adminEmail != null ? checkEmail(input.adminEmail, '/adminEmail') : null;
  if (email && 'diagnostic' in email) problems.push(email.diagnostic);
  const adminName = input.adminName != null ? checkName(input.adminName, '/adminName') : null;
  if (adminName && 'diagnostic' in adminName) problems.push(adminName.diagnostic);
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return {
    name: 'name' in name ? name.name : '',
    admin: { ...(email && 'email' in email ? { email: email.email } : {}), ...(adminName && 'name' in adminName ? { name: adminName.name } : {}) },
  };
}

/**
 * Creates a tenant (the root key's one operation) with its first admin and their API key; given `adminEmail`, the
 * admin also gets an invitation to set a password and sign in by account, mailed, or returned as a link without SMTP.
 * Nothing is written when any input is refused.
 * @example const { tenant, adminKey, invitation } = await openTenant(services, { name: 'Acme', adminEmail: 'boss@acme.example', origin })
 */
export async function openTenant(
  services: Services,
  input: OpenTenantInput,
): Promise<{ tenant: TenantDoc; admin: UserDoc; adminKey: string; invitation: Invitation | null }> {
  const checked = checkOpenTenantInput(input);
  const created = await createTenant({
    models: services.models,
    name: checked.name,
    slug: input.slug ?? null,
    admin: { ...checked.admin, ...(input.adminLocale ? { locale: input.adminLocale } : {}) },
  });
  const invitation = checked.admin.email
    ? await sendInvitation(services, { tenantId: created.tenant._id, user: created.admin, inviterName: null, origin: input.origin })
    : null;
  return { ...created, invitation };
}
