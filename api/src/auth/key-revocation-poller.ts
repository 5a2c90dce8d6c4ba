import type { KeyRevocationDoc } from '../models/key-revocation';
import type { Models } from '../models/models';
import type { CredentialCache } from './credential-cache';

/**
 * Each read goes back this far before the newest entry already read: an entry the store stamped earlier may
 * become visible later (a write still being applied). Entries already acted on are skipped by id.
 */
const LOG_OVERLAP_MS = 5_000;

/**
 * Entries older than this (by the store's clock) are deleted. A poller needs an entry only until its next read;
 * one that could not read for longer than its cache trusts starts with an empty cache (CredentialCache.confirm).
 * Ten minutes leave room for reading the log by hand after an incident.
 */
const LOG_RETENTION_MS = 10 * 60_000;

/** How often a poller deletes expired entries (any process may; deleting twice is harmless). */
const PRUNE_EVERY_MS = 60_000;

type Entry = Pick<KeyRevocationDoc, '_id' | 'keyId' | 'sessionId' | 'userId' | 'at'>;

/**
 * Reads the key revocation log every `intervalMs` across all tenants (through `Model.collection`, like the
 * sweeper) and evicts the keys, sessions and users it names from this process's credential cache, so a revoked or
 * rotated key, an ended session or a deactivated user is refused everywhere within about one interval, whatever the
 * cache's lifetime (docs/decisions.md 21).
 * @example const poller = new KeyRevocationPoller({ models, cache, intervalMs: 250, log }); poller.start()
 */
export class KeyRevocationPoller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** The newest `at` read (store clock, ms); null until the first read. */
  private newestAt: number | null = null;
  /** Ids of the entries acted on within the overlap, with their `at`. */
  private readonly seen = new Map<string, number>();
  private prunedAt = Number.NEGATIVE_INFINITY;
  /** A failing poll is logged once, not four times a second. */
  private failing = false;

  constructor(private readonly input: { models: Models; cache: CredentialCache; intervalMs: number; log: (line: string) => void }) {}

  /** Starts polling at once; an interval of 0 leaves the poller (and so the key cache) off. */
  start(): void {
    if (this.input.intervalMs > 0) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One read of the log. The first only finds where the log ends (the cache is empty before it); each later one
   * evicts what the new entries name, then confirms the cache.
   */
  async pollOnce(): Promise<void> {
    const startedAt = performance.now();
    const collection = this.input.models.KeyRevocation.collection;
    const projection = { _id: 1, keyId: 1, sessionId: 1, userId: 1, at: 1 };
    if (this.newestAt === null) {
      const newest = (await collection.find({}, { projection }).sort({ at: -1 }).limit(1).toArray()) as unknown as Entry[];
      this.newestAt = newest[0]?.at.getTime() ?? Number.NEGATIVE_INFINITY;
      for (const entry of newest) this.seen.set(entry._id, entry.at.getTime());
    } else {
      const since = this.newestAt - LOG_OVERLAP_MS;
      const filter = Number.isFinite(since) ? { at: { $gte: new Date(since) } } : {};
      const entries = (await collection.find(filter, { projection }).toArray()) as unknown as Entry[];
      this.act(entries.filter((entry) => !this.seen.has(entry._id)));
    }
    this.input.cache.confirm(startedAt);
    await this.prune();
  }

  private act(entries: Entry[]): void {
    for (const entry of entries) {
      this.seen.set(entry._id, entry.at.getTime());
      this.newestAt = Math.max(this.newestAt ?? Number.NEGATIVE_INFINITY, entry.at.getTime());
    }
    if (entries.length > 0) {
      const keyIds = new Set(entries.flatMap((entry) => (entry.keyId ? [entry.keyId] : [])));
      const sessionIds = new Set(entries.flatMap((entry) => (entry.sessionId ? [entry.sessionId] : [])));
      const userIds = new Set(entries.flatMap((entry) => (entry.userId ? [entry.userId] : [])));
      this.input.cache.evict({ keyIds, sessionIds, userIds });
    }
    const forgetBefore = (this.newestAt ?? 0) - LOG_OVERLAP_MS;
    for (const [id, at] of this.seen) if (at < forgetBefore) this.seen.delete(id);
  }

  private async prune(): Promise<void> {
    if (this.newestAt === null || !Number.isFinite(this.newestAt) || performance.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = performance.now();
    await this.input.models.KeyRevocation.collection.deleteMany({ at: { $lt: new Date(this.newestAt - LOG_RETENTION_MS) } });
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.pollOnce()
        .then(() => {
          if (this.failing) this.input.log('key revocation poll works again');
          this.failing = false;
        })
        .catch((error: Error) => {
          if (!this.failing) this.input.log(`key revocation poll failed (keys are looked up in the store until one succeeds): ${error.message}`);
          this.failing = true;
        })
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule(this.input.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
