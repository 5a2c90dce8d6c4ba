import { NotFoundError, ValidationFailedError } from '../errors';
import type { Services } from './services';

/**
 * Checks a person named as an owner: a user of the tenant (NotFound) who is active (deactivated people never receive records).
 * @example await activeOwner(services, tenantId, 'u_ann', '/owner')
 */
export async function activeOwner(services: Services, tenantId: string, userId: string, pointer: string): Promise<void> {
  const user = await services.models.User.findOne({ tenantId, _id: userId }, { active: 1 }).lean();
  if (!user) throw new NotFoundError({ what: 'user', id: userId, pointer });
  if (user.active === false) {
    throw new ValidationFailedError([{ severity: 'error', code: 'deactivated', pointer, message: `user "${userId}" is deactivated and receives no records` }]);
  }
}
