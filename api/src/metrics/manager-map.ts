import type { ManagerMap } from '@funnel/engine';
import type { Models } from '../models/models';

/**
 * Who manages whom in a tenant (user id → manager id or null), for the pipeline's manager roll-up.
 * @example await managerMap(models, tenantId) // → { u2: 'u1', u1: null }
 */
export async function managerMap(models: Models, tenantId: string): Promise<ManagerMap> {
  const users = await models.User.find({ tenantId }, { managerId: 1 }).lean();
  return Object.fromEntries(users.map((u) => [u._id, u.managerId ?? null]));
}
