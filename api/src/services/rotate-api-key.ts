import { type AuditActor, auditValue } from '../accounts/admin-changes';
import { newApiKeyToken } from '../auth/api-key-token';
import { type KeyScope, type KnownOperations, scopeOf, scopeWithin } from '../auth/key-scope';
import { NotFoundError, ValidationFailedError } from '../errors';
import type { ApiKeyDoc } from '../models/api-key';
import { announceKeyRevocation } from './announce-key-revocation';
import type { Services } from './services';

const refuse = (code: string, message: string): never => {
  throw new ValidationFailedError([{ severity: 'error', code, pointer: '/id', message }]);
};

/**
 * Gives a key of the tenant a new secret (shown once); the key keeps its id, name, owner and scope. The old secret is
 * refused like a revoked key: by the store at once, by every process's key cache within its poll interval. A revoked
 * key is refused at /id (it stays revoked), and so is a key wider than the one the caller uses (`callerScope`): its
 * new secret would give the caller more than their own key may do. Written with its audit log entry.
 * @example const { key, token } = await rotateApiKey(services, { tenantId, id, actor, callerScope, known })
 */
export async function rotateApiKey(
  services: Services,
  input: { tenantId: string; id: string; actor: AuditActor; callerScope: KeyScope; known: KnownOperations },
): Promise<{ key: ApiKeyDoc; token: string }> {
  const { models, credentialCache } = services;
  const { tenantId, id } = input;
  for (;;) {
    const current = await models.ApiKey.findOne({ tenantId, _id: id }, { hash: 1, scope: 1, revokedAt: 1, rotatedAt: 1 }).lean();
    if (!current) throw new NotFoundError({ what: 'API key', id, pointer: '/id' });
    if (current.revokedAt) refuse('revoked', 'this key is revoked; create a new key instead');
    if (!scopeWithin(scopeOf(current.scope), input.callerScope, input.known))
      refuse('not_within', 'this key may do more than the key you call with: a key can only rotate keys that may do no more than itself');
    const { token, hash } = newApiKeyToken(tenantId);
    const rotatedAt = new Date();
    const key = await services.audit.write({
      tenantId,
      actor: input.actor,
      change: {
        action: 'api_key_rotated',
        targetType: 'api_key',
        targetId: id,
        before: { rotatedAt: auditValue(current.rotatedAt) },
        after: { rotatedAt: auditValue(rotatedAt) },
      },
      holder: { model: 'ApiKey', id },
      // Only the secret read above is replaced: a rotation or revocation that landed meanwhile makes this one read again.
      write: (pending) =>
        models.ApiKey.findOneAndUpdate(
          { tenantId, _id: id, hash: current.hash, revokedAt: null },
          { $set: { hash, rotatedAt }, ...pending.push },
          { returnDocument: 'after' },
        ).lean(),
    });
    if (!key) continue;
    // This process refuses the old secret from here on; the others once their pollers read the announcement.
    credentialCache.evict({ keyIds: new Set([id]) });
    await announceKeyRevocation({ models, tenantId, keyId: id });
    return { key, token };
  }
}
