import type { CredentialCache } from '../auth/credential-cache';
import { newApiKeyToken } from '../auth/api-key-token';
import { NotFoundError, ValidationFailedError } from '../errors';
import type { ApiKeyDoc } from '../models/api-key';
import type { Models } from '../models/models';
import { announceKeyRevocation } from './announce-key-revocation';

/**
 * Gives a key of the tenant a new secret (shown once); the key keeps its id, name and user. The old secret is
 * refused like a revoked key: by the store at once, by every process's key cache within its poll interval.
 * A revoked key is refused at /id: it stays revoked.
 * @example const { key, token } = await rotateApiKey({ models, credentialCache, tenantId, id })
 */
export async function rotateApiKey(input: {
  models: Models;
  credentialCache: CredentialCache;
  tenantId: string;
  id: string;
}): Promise<{ key: ApiKeyDoc; token: string }> {
  const { models, credentialCache, tenantId, id } = input;
  const { token, hash } = newApiKeyToken(tenantId);
  const key = await models.ApiKey.findOneAndUpdate(
    { tenantId, _id: id, revokedAt: null },
    { $set: { hash, rotatedAt: new Date() } },
    { returnDocument: 'after' },
  ).lean();
  if (!key) {
    if (!(await models.ApiKey.exists({ tenantId, _id: id }))) throw new NotFoundError({ what: 'API key', id, pointer: '/id' });
    throw new ValidationFailedError([{ severity: 'error', code: 'revoked', pointer: '/id', message: 'this key is revoked; create a new key instead' }]);
  }
  // This process refuses the key from here on; the others once their pollers read the announcement.
  credentialCache.evict({ keyIds: new Set([id]) });
  await announceKeyRevocation({ models, tenantId, keyId: id });
  return { key, token };
}
