import { Types } from 'mongoose';
import type { Role } from '@funnel/schemas';
import { newApiKeyToken } from '../auth/api-key-token';
import type { Models } from '../models/models';
import type { TenantDoc } from '../models/tenant';
import type { UserDoc } from '../models/user';

/** A new id: 24 hex digits, increasing with time (cursor paging sorts by it). */
export const newId = () => new Types.ObjectId().toHexString();

/**
 * Creates an API key for a user; the token is returned once and only its hash is stored.
 * @example const { token } = await issueApiKey({ models, tenantId, userId, name: 'crm sync' })
 */
export async function issueApiKey(input: { models: Models; tenantId: string; userId: string; name: string }) {
  const { token, hash } = newApiKeyToken(input.tenantId);
  const key = await input.models.ApiKey.create({
    _id: newId(),
    tenantId: input.tenantId,
    userId: input.userId,
    name: input.name,
    hash,
    createdAt: new Date(),
  });
  return { token, key: key.toObject() };
}

/** Creates a user in a tenant. */
export async function createUser(input: {
  models: Models;
  tenantId: string;
  name: string;
  email?: string | null;
  roles: Role[];
  managerId?: string | null;
}): Promise<UserDoc> {
  const user = await input.models.User.create({
    _id: newId(),
    tenantId: input.tenantId,
    name: input.name,
    email: input.email ?? undefined,
    roles: input.roles,
    managerId: input.managerId ?? null,
    createdAt: new Date(),
  });
  return user.toObject();
}

/**
 * Creates a tenant with its first admin user and that admin's API key (shown once).
 * @example const { tenant, adminKey } = await createTenant({ models, name: 'Acme' })
 */
export async function createTenant(input: { models: Models; name: string; demo?: boolean }): Promise<{
  tenant: TenantDoc;
  admin: UserDoc;
  adminKey: string;
}> {
  const tenantId = newId();
  const tenant = await input.models.Tenant.create({ _id: tenantId, tenantId, name: input.name, demo: input.demo ?? false, createdAt: new Date() });
  const admin = await createUser({ models: input.models, tenantId, name: 'Admin', roles: ['admin', 'manager'] });
  const { token } = await issueApiKey({ models: input.models, tenantId, userId: admin._id, name: 'first admin key' });
  return { tenant: tenant.toObject(), admin, adminKey: token };
}
