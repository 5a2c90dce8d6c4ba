import type { Models } from '../models/models';
import { newId } from './create-tenant';

/**
 * Appends to the key revocation log, so every api process evicts the key (or all of the user's keys) from its key
 * cache within its poll interval (docs/decisions.md 21). Call it after the store write that revokes: a lookup
 * that began before the write may still cache the key until the poller reads this entry.
 * @example await announceKeyRevocation({ models, tenantId, keyId }) // a revoked or rotated key
 * @example await announceKeyRevocation({ models, tenantId, userId }) // a deactivated user
 */
export async function announceKeyRevocation(input: { models: Models; tenantId: string } & ({ keyId: string } | { userId: string })): Promise<void> {
  const { models, tenantId } = input;
  const names = 'keyId' in input ? { keyId: input.keyId } : { userId: input.userId };
  // An upsert rather than an insert, for $currentDate: `at` comes from the store's clock, the one clock all pollers share.
  await models.KeyRevocation.updateOne({ tenantId, _id: newId() }, { $currentDate: { at: true }, $setOnInsert: names }, { upsert: true });
}
