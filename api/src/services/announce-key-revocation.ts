import type { Models } from '../models/models';
import { newId } from './create-tenant';

/**
 * Appends to the key revocation log, so every api process evicts the key, the session, or all of the user's keys
 * and sessions from its credential cache within its poll interval (docs/decisions.md 21). Call it after the store
 * write that revokes: a lookup that began before the write may still cache the credential until the poller reads
 * this entry.
 * @example await announceKeyRevocation({ models, tenantId, keyId }) // a revoked or rotated key
 * @example await announceKeyRevocation({ models, tenantId, sessionId }) // a session signed out
 * @example await announceKeyRevocation({ models, tenantId, userId }) // a deactivated user, new roles, a new password
 */
export async function announceKeyRevocation(
  input: { models: Models; tenantId: string } & ({ keyId: string } | { sessionId: string } | { userId: string }),
): Promise<void> {
  const { models, tenantId } = input;
  const names = 'keyId' in input ? { keyId: input.keyId } : 'sessionId' in input ? { sessionId: input.sessionId } : { userId: input.userId };
  // An upsert rather than an insert, for $currentDate: `at` comes from the store's clock, the one clock all pollers share.
  await models.KeyRevocation.updateOne({ tenantId, _id: newId() }, { $currentDate: { at: true }, $setOnInsert: names }, { upsert: true });
}
