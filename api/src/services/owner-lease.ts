import { randomUUID } from 'node:crypto';
import type { Models } from '../models/models';
import type { OwnerLeaseDoc } from '../models/owner-lease';
import { isDuplicateKey } from '../models/duplicate-key';

/** A lease outlives a crashed holder by at most this long. */
const LEASE_MS = 5_000;
const RETRY_MS = 5;
/** The longest a waiter sleeps between two tries: whoever lets the lease go for longer gives a waiter its turn. */
export const LEASE_RETRY_MAX_MS = 2 * RETRY_MS;
/** How long a caller waits for a busy lease before giving up, unless it says otherwise. */
const MAX_WAIT_MS = 10_000;

/**
 * Runs `fn` while holding the (tenant, key) lease, so limit checks for one owner (claims in a window,
 * records with an extension) cannot race across requests or processes. Lease times are wall-clock
 * (infrastructure, not business time). The document also keeps the owner's recent claim times.
 * @example await withOwnerLease({ models, tenantId, key: `claims:${userId}`, fn: async (lease) => … })
 */
export async function withOwnerLease<T>(input: {
  models: Models;
  tenantId: string;
  key: string;
  fn: (lease: OwnerLeaseDoc) => Promise<T>;
  /** How long to wait for a busy lease before throwing (default 10 s). */
  maxWaitMs?: number;
}): Promise<T> {
  const { models, tenantId, key } = input;
  const holder = randomUUID();
  const started = Date.now();
  await ensureLease(models, tenantId, key);
  for (;;) {
    const now = Date.now();
    try {
      const lease = await models.OwnerLease.findOneAndUpdate(
        { tenantId, key, until: { $lt: now } },
        { $set: { holder, until: now + LEASE_MS } },
        { returnDocument: 'after', lean: true },
      );
      if (lease) {
        try {
          return await input.fn(lease);
        } finally {
          await models.OwnerLease.updateOne({ tenantId, key, holder }, { $set: { holder: null, until: 0 } });
        }
      }
    } catch (error) {
      // Upsert lost to the existing, held lease document: somebody else holds it.
      if (!isDuplicateKey(error)) throw error;
    }
    const maxWaitMs = input.maxWaitMs ?? MAX_WAIT_MS;
    if (Date.now() - started > maxWaitMs) throw new Error(`lease "${key}" busy for more than ${maxWaitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS + Math.random() * RETRY_MS));
  }
}

/** Creates the lease document once (an insert, not an upsert: the embedded store refuses upserts that set _id). */
async function ensureLease(models: Models, tenantId: string, key: string): Promise<void> {
  if (await models.OwnerLease.exists({ tenantId, key })) return;
  try {
    await models.OwnerLease.create({ _id: `${tenantId}:${key}`, tenantId, key, holder: null, until: 0, claims: [] });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}
