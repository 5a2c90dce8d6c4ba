import type { CredentialCache } from '../auth/credential-cache';
import { NotFoundError } from '../errors';
import type { ApiKeyDoc } from '../models/api-key';
import type { Models } from '../models/models';
import { announceKeyRevocation } from './announce-key-revocation';

/**
 * Revokes a key of the tenant: the store refuses it at once, every process's key cache within its poll interval.
 * Revoking a revoked key changes nothing, says so, and announces it again (a process that died between the write
 * and the announcement left other caches trusting the key until their lifetime ran out).
 * @example const { key, alreadyRevoked } = await revokeApiKey({ models, credentialCache, tenantId, id })
 */
export async function revokeApiKey(input: {
  models: Models;
  credentialCache: CredentialCache;
  tenantId: string;
  id: string;
}): Promise<{ key: ApiKeyDoc; alreadyRevoked: boolean }> {
  const { models, credentialCache, tenantId, id } = input;
  const revoked = await models.ApiKey.findOneAndUpdate(
    { tenantId, _id: id, revokedAt: null },
    { $set: { revokedAt: new Date() } },
    { returnDocument: 'after' },
  ).lean();
  const key = revoked ?? (await models.ApiKey.findOne({ tenantId, _id: id }).lean());
  if (!key) throw new NotFoundError({ what: 'API key', id, pointer: '/id' });
  // This process refuses the key from here on; the others once their pollers read the announcement.
  credentialCache.evict({ keyIds: new Set([id]) });
  await announceKeyRevocation({ models, tenantId, keyId: id });
  return { key, alreadyRevoked: !revoked };
}
