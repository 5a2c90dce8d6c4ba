import { type AuditActor, auditValue } from '../accounts/admin-changes';
import { NotFoundError } from '../errors';
import type { ApiKeyDoc } from '../models/api-key';
import { announceKeyRevocation } from './announce-key-revocation';
import type { Services } from './services';

/**
 * Revokes a key of the tenant: the store refuses it at once, every process's key cache within its poll interval.
 * Written with its audit log entry. Revoking a revoked key changes nothing (and logs nothing), says so, and announces
 * it again (a process that died between the write and the announcement left other caches trusting the key until
 * their lifetime ran out).
 * @example const { key, alreadyRevoked } = await revokeApiKey(services, { tenantId, id, actor })
 */
export async function revokeApiKey(
  services: Services,
  input: { tenantId: string; id: string; actor: AuditActor },
): Promise<{ key: ApiKeyDoc; alreadyRevoked: boolean }> {
  const { models, credentialCache } = services;
  const { tenantId, id } = input;
  const revokedAt = new Date();
  const revoked = await services.audit.write({
    tenantId,
    actor: input.actor,
    change: { action: 'api_key_revoked', targetType: 'api_key', targetId: id, before: { revokedAt: null }, after: { revokedAt: auditValue(revokedAt) } },
    holder: { model: 'ApiKey', id },
    write: (pending) =>
      models.ApiKey.findOneAndUpdate({ tenantId, _id: id, revokedAt: null }, { $set: { revokedAt }, ...pending.push }, { returnDocument: 'after' }).lean(),
  });
  const key = revoked ?? (await models.ApiKey.findOne({ tenantId, _id: id }).lean());
  if (!key) throw new NotFoundError({ what: 'API key', id, pointer: '/id' });
  // This process refuses the key from here on; the others once their pollers read the announcement.
  credentialCache.evict({ keyIds: new Set([id]) });
  await announceKeyRevocation({ models, tenantId, keyId: id });
  return { key, alreadyRevoked: !revoked };
}
