import { Types } from 'mongoose';
import type { Role } from '@funnel/schemas';
import { newApiKeyToken } from '../auth/api-key-token';
import type { StoredKeyScope } from '../auth/key-scope';
import { ValidationFailedError } from '../errors';
import { isDuplicateKey } from '../models/duplicate-key';
import type { ApiKeyDoc, Integration } from '../models/api-key';
import type { Models } from '../models/models';
import type { TenantDoc } from '../models/tenant';
import type { Locale } from '../accounts/account-settings';
import type { UserDoc } from '../models/user';
import type { PendingAudit } from './admin-audit';
import { withUniqueSlug } from './tenant-slugs';

/** A new id: 24 hex digits, increasing with time (cursor paging sorts by it). */
export const newId = () => new Types.ObjectId().toHexString();

/**
 * Creates an API key for a user or an integration (`owner`), with a scope (none: full); the token is returned once
 * and only its hash is stored. `audit` is the entry of the change it makes, when an admin makes it (services/admin-audit.ts).
 * @example const { token } = await issueApiKey({ models, tenantId, owner: { userId }, name: 'crm sync' })
 */
export async function issueApiKey(input: {
  models: Models;
  tenantId: string;
  owner: { userId: string } | { integration: Integration };
  name: string;
  scope?: StoredKeyScope;
  createdBy?: string | null;
  id?: string;
  audit?: PendingAudit['field'];
}): Promise<{ token: string; key: ApiKeyDoc }> {
  const { token, hash } = newApiKeyToken(input.tenantId);
  const key: ApiKeyDoc = {
    _id: input.id ?? newId(),
    tenantId: input.tenantId,
    ...('userId' in input.owner ? { userId: input.owner.userId } : { integration: input.owner.integration }),
    name: input.name,
    hash,
    ...(input.scope ? { scope: input.scope } : {}),
    ...(input.createdBy ? { createdBy: input.createdBy } : {}),
    createdAt: new Date(),
  };
  await input.models.ApiKey.create({ ...key, ...input.audit });
  return { token, key };
}

/**
 * Creates a user in a tenant. `email` must be normalised already (accounts/account-rules.ts); one the tenant has is
 * refused at /email. `passwordHash` is the demo's: everyone else sets a password through an invitation. `id` and
 * `audit` are given when an admin adds the user: the id the change names, and its entry.
 */
export async function createUser(input: {
  models: Models;
  tenantId: string;
  name: string;
  email?: string | null;
  roles: Role[];
  managerId?: string | null;
  locale?: Locale;
  timeZone?: string;
  passwordHash?: string;
  id?: string;
  /** The entry of the change, when an admin makes it (services/admin-audit.ts). */
  audit?: PendingAudit['field'];
}): Promise<UserDoc> {
  try {
    const user = await input.models.User.create({
      _id: input.id ?? newId(),
      tenantId: input.tenantId,
      name: input.name,
      email: input.email ?? undefined,
      roles: input.roles,
      managerId: input.managerId ?? null,
      locale: input.locale ?? 'en',
      timeZone: input.timeZone ?? 'UTC',
      active: true,
      ...(input.passwordHash ? { passwordHash: input.passwordHash, passwordChangedAt: new Date() } : {}),
      createdAt: new Date(),
      ...input.audit,
    });
    const { passwordHash: _hash, auditOutbox: _entries, ...created } = user.toObject() as UserDoc & { passwordHash?: string; auditOutbox?: unknown };
    return created;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    throw new ValidationFailedError([{ severity: 'error', code: 'exists', pointer: '/email', message: 'someone in this tenant has this email already' }]);
  }
}

/** The name of a tenant's first admin when nobody names them. */
const FIRST_ADMIN_NAME = 'Admin';

/**
 * Creates a tenant with its first admin user and that admin's API key (shown once). Its slug is `slug` (refused at
 * /slug when malformed or taken) or one made from the name. The admin is `admin` (a name, a normalised email, a
 * locale; checked already), or "Admin" with no email.
 * @example const { tenant, adminKey } = await createTenant({ models, name: 'Acme' }) // tenant.slug === 'acme'
 */
export async function createTenant(input: {
  models: Models;
  name: string;
  slug?: string | null;
  demo?: boolean;
  admin?: { name?: string; email?: string; locale?: Locale };
}): Promise<{
  tenant: TenantDoc;
  admin: UserDoc;
  adminKey: string;
}> {
  const tenantId = newId();
  const tenant = await withUniqueSlug({
    name: input.name,
    slug: input.slug ?? null,
    write: (slug) => input.models.Tenant.create({ _id: tenantId, tenantId, name: input.name, slug, demo: input.demo ?? false, createdAt: new Date() }),
  });
  const { name = FIRST_ADMIN_NAME, email, locale } = input.admin ?? {};
  const admin = await createUser({
    models: input.models,
    tenantId,
    name,
    roles: ['admin', 'manager'],
    ...(email ? { email } : {}),
    ...(locale ? { locale } : {}),
  });
  const { token } = await issueApiKey({ models: input.models, tenantId, owner: { userId: admin._id }, name: 'first admin key' });
  return { tenant: tenant.toObject(), admin, adminKey: token };
}
