import type { Models } from '../models/models';

/** How often a process deletes what has expired (MongoDB's TTL indexes do it too; the embedded store does not). */
const PRUNE_EVERY_MS = 60_000;

/**
 * Deletes the sessions, account links and sign-in counts whose `expiresAt` has passed, of every tenant, at most once
 * a minute per process, when something of the kind is written (a sign-in, a link sent, an attempt counted): each is
 * refused once expired, so this only keeps the store from growing with them. MongoDB deletes them by their TTL
 * indexes as well; the embedded store keeps TTL indexes without expiring anything.
 * @example services.expiredAccountRecords.prune() // not awaited by the request that wrote
 */
export class ExpiredAccountRecords {
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly input: { models: Models; log: (line: string) => void }) {}

  /** Starts a prune unless one started within the last minute; failures are logged and tried again later. */
  prune(now = Date.now()): void {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    const { Session, AccountToken, SignInAttempt } = this.input.models;
    for (const model of [Session, AccountToken, SignInAttempt]) {
      // Across tenants on purpose, like MongoDB's TTL monitor: the driver's collection, past the tenant scope.
      model.collection
        .deleteMany({ expiresAt: { $lt: new Date(now) } })
        .catch((error: Error) => this.input.log(`deleting expired ${model.collection.collectionName} failed (tried again in a minute): ${error.message}`));
    }
  }
}
