import { type AuditActor, auditRecord } from '../accounts/admin-changes';
import type { UserDoc } from '../models/user';
import { createUser, newId } from './create-tenant';
import { mustBeUser } from './directory';
import type { Services } from './services';
import { checkUserInput } from './user-input';

/**
 * Adds a person or an app to a tenant without an invitation (an integration's user, someone who signs in with a key
 * only): a name, roles, an email if any (normalised, unique in the tenant), a manager of the tenant. Written with its
 * audit log entry.
 * @example await addUser(services, { tenantId, actor, name: 'CRM sync', roles: ['integration'] })
 */
export async function addUser(
  services: Services,
  input: { tenantId: string; actor: AuditActor; name: string; email?: string | null; roles: readonly string[]; managerId?: string | null },
): Promise<UserDoc> {
  const checked = checkUserInput({ name: input.name, email: input.email ?? null, roles: input.roles });
  const managerId = input.managerId ?? null;
  if (managerId) await mustBeUser(services, { tenantId: input.tenantId, id: managerId, pointer: '/managerId' });
  const id = newId();
  const added = { name: checked.name as string, email: checked.email ?? null, roles: checked.roles ?? [], managerId };
  const user = await services.audit.write({
    tenantId: input.tenantId,
    actor: input.actor,
    change: { action: 'user_created', targetType: 'user', targetId: id, before: null, after: auditRecord(added) },
    holder: { model: 'User', id },
    write: (pending) => createUser({ models: services.models, tenantId: input.tenantId, id, ...added, audit: pending.field }),
  });
  return user as UserDoc;
}
