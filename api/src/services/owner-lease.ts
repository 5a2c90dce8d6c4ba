import { randomUUID } from 'node:crypto';
import type { Models } from '../models/models';
import type { OwnerLeaseDoc } from '../models/owner-lease';
import { isDuplicateKey } from '../models/duplicate-key';

/** A lease outlives a crashed holder by at most this long (after its last renewal). */
const LEASE_MS = 5_000;
/** Renewals per lease period while the holder's work runs: a slow step keeps the lease as long as its process is alive. */
const RENEWALS_PER_LEASE = 4;
const RETRY_MS = 5;
/** The longest a waiter sleeps between two tries: whoever lets the lease go for longer gives a waiter its turn. */
export const LEASE_RETRY_MAX_MS = 2 * RETRY_MS;
/** How long a caller waits for a busy lease before giving up, unless it says otherwise. */
const MAX_WAIT_MS = 10_000;

/**
 * Runs `fn` while holding the (tenant, key) lease, so limit checks for one owner (claims in a window,
 * records with an extension) cannot race across requests or processes. Lease times are wall-clock
 * (infrastructure, not business time). The document also keeps the owner's recent claim times.
 * While `fn` runs the lease is renewed every `LEASE_MS / RENEWALS_PER_LEASE`, so a step slower than the lease
 * (a row stalled on the store) does not let another holder in; `held()` says whether the lease is still
 * surely this call's (its last renewal's term not over, none found it taken), for work that checks before
 * each write (an import's turn) and stops writing once it is not.
 * @example await withOwnerLease({ models, tenantId, key: `claims:${userId}`, fn: async (lease, held) => … })
 */
export async function withOwnerLease<T>(input: {
  models: Models;
  tenantId: string;
  key: string;
  fn: (lease: OwnerLeaseDoc, held: () => boolean) => Promise<T>;
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
        const renewal = renewWhileHeld({ models, tenantId, key, holder, until: now + LEASE_MS });
        try {
          return await input.fn(lease, renewal.held);
        } finally {
          renewal.stop();
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

/**
 * Renews a held lease on a timer until stopped. `held()` is true while the term of the last renewal that
 * landed (or of the taking) is not over and no renewal found the lease with another holder: a renewal that
 * fails or is slow leaves the term as it was, so the holder stops in time rather than trusting a lease that
 * may have lapsed.
 */
function renewWhileHeld(input: { models: Models; tenantId: string; key: string; holder: string; until: number }): { held: () => boolean; stop: () => void } {
  const { models, tenantId, key, holder } = input;
  let until = input.until;
  let lost = false;
  const renew = async () => {
    const next = Date.now() + LEASE_MS;
    const renewed = await models.OwnerLease.updateOne({ tenantId, key, holder }, { $set: { until: next } });
    if (renewed.matchedCount === 0) lost = true;
    else until = Math.max(until, next);
  };
  const timer = setInterval(() => {
    // A failed renewal leaves the term as it was: held() turns false when it is over.
    renew().catch(() => undefined);
  }, LEASE_MS / RENEWALS_PER_LEASE);
  timer.unref();
  return { held: () => !lost && Date.now() < until, stop: () => clearInterval(timer) };
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
