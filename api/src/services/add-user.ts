import type { UserDoc } from '../models/user';
import { createUser } from './create-tenant';
import { mustBeUser } from './directory';
import type { Services } from './services';
import { checkUserInput } from './user-input';

/**
 * Adds a person or an app to a tenant without an invitation (an integration's user, someone who signs in with a key
 * only): a name, roles, an email if any (normalised, unique in the tenant), a manager of the tenant.
 * @example await addUser(services, { tenantId, name: 'CRM sync', roles: ['integration'] })
 */
export async function addUser(
  services: Services,
  input: { tenantId: string; name: string; email?: string | null; roles: readonly string[]; managerId?: string | null },
): Promise<UserDoc> {
  const checked = checkUserInput({ name: input.name, email: input.email ?? null, roles: input.roles });
  const managerId = input.managerId ?? null;
  if (managerId) await mustBeUser(services, { tenantId: input.tenantId, id: managerId, pointer: '/managerId' });
  return createUser({
    models: services.models,
    tenantId: input.tenantId,
    name: checked.name as string,
    email: checked.email ?? null,
    roles: checked.roles ?? [],
    managerId,
  });
}
