import { LRUCache } from 'lru-cache';
import type { ParsedTenantToken } from './tenant-token';
import type { UserViewer, Viewer } from './viewer';

/**
 * A cache trusts its entries only while the revocation log was read this many poll intervals ago at most: a poller
 * that stalls (the store away, the event loop blocked) must not leave revoked keys working.
 */
const POLLS_BEFORE_DISTRUST = 4;

/**
 * The viewers of API keys and sessions this process resolved, keyed by the parsed token (its hash, so two spellings
 * of one header share an entry and no secret is held as a key), at most `max` of them, each for `ttlMs`. The key
 * revocation poller evicts what the log names and confirms each read; while no read is recent the cache is
 * bypassed, and after such a gap it starts empty (docs/decisions.md 21).
 * @example const cache = new CredentialCache({ max: 10_000, ttlMs: 10_000, pollMs: 250 }); await cache.viewerFor(key, lookup)
 */
export class CredentialCache {
  private readonly viewers: LRUCache<string, UserViewer>;
  private readonly staleAfterMs: number;
  /** When the last read of the log began (performance.now()); -Infinity before the first. */
  private confirmedAt = Number.NEGATIVE_INFINITY;
  /** Counts evictions: a lookup that began before one may have read a key that is revoked now, so it keeps nothing. */
  private evictions = 0;

  constructor(input: { max: number; ttlMs: number; pollMs: number }) {
    this.viewers = new LRUCache<string, UserViewer>({ max: input.max, ttl: Math.max(1, input.ttlMs) });
    // A lifetime of 0 turns the cache off (lru-cache would read a ttl of 0 as "forever"); so does no poller.
    this.staleAfterMs = input.ttlMs > 0 ? input.pollMs * POLLS_BEFORE_DISTRUST : -1;
  }

  /** Credentials held now. */
  get size(): number {
    return this.viewers.size;
  }

  /**
   * The viewer of a parsed token: the cached one, or what `lookup` resolves, kept when it is a user and no
   * eviction happened while it was looked up.
   */
  async viewerFor(key: ParsedTenantToken, lookup: () => Promise<Viewer>): Promise<Viewer> {
    const trusted = this.trusted();
    const cached = trusted ? this.viewers.get(key.hash) : undefined;
    if (cached) return cached;
    const evictionsBefore = this.evictions;
    const viewer = await lookup();
    if (viewer.kind === 'user' && this.evictions === evictionsBefore && this.trusted()) this.viewers.set(key.hash, viewer);
    return viewer;
  }

  /** Drops the entries of these keys and sessions and of every key and session of these users; returns how many went. */
  evict(input: { keyIds?: ReadonlySet<string>; sessionIds?: ReadonlySet<string>; userIds?: ReadonlySet<string> }): number {
    this.evictions++;
    const gone: string[] = [];
    for (const [hash, viewer] of this.viewers.entries()) {
      const named = viewer.credential.kind === 'apiKey' ? input.keyIds : input.sessionIds;
      if (named?.has(viewer.credential.id) || input.userIds?.has(viewer.user._id)) gone.push(hash);
    }
    for (const hash of gone) this.viewers.delete(hash);
    return gone.length;
  }

  /**
   * The revocation log was read completely by a query that began at `startedAt` (performance.now()). After a gap
   * longer than the cache trusts, entries the poller could not read may be gone from the log: start empty.
   */
  confirm(startedAt: number): void {
    if (startedAt - this.confirmedAt > this.staleAfterMs) this.clear();
    this.confirmedAt = startedAt;
  }

  /** Forgets every credential. */
  clear(): void {
    this.evictions++;
    this.viewers.clear();
  }

  private trusted(): boolean {
    return performance.now() - this.confirmedAt <= this.staleAfterMs;
  }
}
