import { randomUUID } from 'node:crypto';
import { LeaseBusyError } from '../errors';
import type { ApiConfig } from '../config';
import type { Models } from '../models/models';
import type { OwnerLeaseDoc } from '../models/owner-lease';
import { isDuplicateKey } from '../models/duplicate-key';

/** Renewals per lease period while the holder's work runs, up to `maxHoldMs`: a slow step keeps the lease. */
const RENEWALS_PER_LEASE = 4;
const RETRY_MS = 5;
/** The longest a waiter sleeps between two tries: whoever lets the lease go for longer gives a waiter its turn. */
export const LEASE_RETRY_MAX_MS = 2 * RETRY_MS;

/** How long leases last, are held and are waited for (the api's config: ownerLeaseMs, ownerLeaseMaxHoldMs, ownerLeaseMaxWaitMs). */
export interface OwnerLeaseTiming {
  /** A lease outlives a crashed holder by at most this long (after its last renewal). */
  leaseMs: number;
  /** The longest one call holds a lease, renewals included. */
  maxHoldMs: number;
  /** How long a caller waits for a busy lease before giving up. */
  maxWaitMs: number;
}

/** The lease timing of a config. */
export function ownerLeaseTiming(config: Pick<ApiConfig, 'ownerLeaseMs' | 'ownerLeaseMaxHoldMs' | 'ownerLeaseMaxWaitMs'>): OwnerLeaseTiming {
  return { leaseMs: config.ownerLeaseMs, maxHoldMs: config.ownerLeaseMaxHoldMs, maxWaitMs: config.ownerLeaseMaxWaitMs };
}

/**
 * Runs `fn` while holding the (tenant, key) lease, so limit checks for one owner (claims in a window,
 * records with an extension) do not race across requests or processes while `fn` ends within its lease
 * (a claim or an extension does not check `held()`: one that outlives its lease still writes). Lease times are wall-clock
 * (infrastructure, not business time). The document also keeps the owner's recent claim times.
 * While `fn` runs the lease is renewed every `leaseMs / RENEWALS_PER_LEASE`, so a step slower than the lease
 * (a row stalled on the store) does not let another holder in, but never past `maxHoldMs` after it
 * was taken: then the lease lapses, whether `fn` is done or not. `held()` says whether the lease is still
 * surely this call's (its last renewal's term not over, none found it taken), for work that checks before
 * each write (an import's turn) and starts no write once it is not. It cannot fence a write: one started
 * while held() was true lands even if the process stalls past the lease's end before it reaches the store,
 * after another holder took the lease (the check and the write are two store operations). A caller that waited
 * `maxWaitMs` for a busy lease gets a LeaseBusyError.
 * @example await withOwnerLease({ models, tenantId, key: `claims:${userId}`, what: "this user's claims", timing, fn: async (lease, held) => … })
 */
export async function withOwnerLease<T>(input: {
  models: Models;
  tenantId: string;
  key: string;
  /** What the lease guards, as a waiter's error names it ("this user's claims"). */
  what: string;
  fn: (lease: OwnerLeaseDoc, held: () => boolean) => Promise<T>;
  timing: OwnerLeaseTiming;
}): Promise<T> {
  const { models, tenantId, key } = input;
  const { leaseMs, maxHoldMs, maxWaitMs } = input.timing;
  const holder = randomUUID();
  const started = Date.now();
  await ensureLease(models, tenantId, key);
  const line = waitingLine(`${tenantId}\u0000${key}`);
  const place = line.join();
  try {
    for (;;) {
      const waitedMs = Date.now() - started;
      if (waitedMs >= maxWaitMs) throw new LeaseBusyError({ what: input.what, waitedMs, maxHoldMs });
      // Behind others of this process: no store reads until this call is first in line.
      if (!(await place.first(maxWaitMs - waitedMs))) continue;
      // First, but a call of this process holds the lease: a try would fail; wait for it to let go.
      if (line.heldHere()) {
        await line.nextTry({ ms: 0, atMostMs: maxWaitMs - waitedMs });
        continue;
      }
      const now = Date.now();
      let lease: OwnerLeaseDoc | null = null;
      try {
        lease = await models.OwnerLease.findOneAndUpdate(
          { tenantId, key, until: { $lt: now } },
          { $set: { holder, until: now + leaseMs } },
          { returnDocument: 'after', lean: true },
        );
      } catch (error) {
        // Upsert lost to the existing, held lease document: somebody else holds it.
        if (!isDuplicateKey(error)) throw error;
      }
      if (lease) {
        line.took(now + maxHoldMs);
        place.leave();
        const renewal = renewWhileHeld({ models, tenantId, key, holder, leaseMs, until: now + leaseMs, holdEnds: now + maxHoldMs });
        try {
          return await input.fn(lease, renewal.held);
        } finally {
          renewal.stop();
          try {
            await models.OwnerLease.updateOne({ tenantId, key, holder }, { $set: { holder: null, until: 0 } });
          } finally {
            line.released();
          }
        }
      }
      await line.nextTry({ ms: RETRY_MS + Math.random() * RETRY_MS, atMostMs: maxWaitMs - (Date.now() - started) });
    }
  } finally {
    place.leave();
  }
}

/** One place in a waiting line: whether it is first (waiting up to `ms` to become first), and leaving it. */
interface Place {
  first: (ms: number) => Promise<boolean>;
  leave: () => void;
}

/**
 * The calls of this process waiting for one lease, in arrival order. Only the first tries the store, and while a
 * call of this process holds the lease it does not try at all until that call lets the lease go (or its longest
 * hold is over): N waiters cost the store one try each, not one every few milliseconds each (22 waiters trying
 * every 5–10 ms slowed the store for the holder until claims waited out their 10 s), and they take the lease in
 * turn. Other processes' waiters try on their own: the store's conditional update decides between processes.
 */
class WaitingLine {
  private readonly places: { wake: () => void }[] = [];
  private wakeTry: (() => void) | null = null;
  /** When the lease a call of this process holds lapses at the latest (its longest hold), or 0. */
  private heldUntil = 0;
  constructor(private readonly onEmpty: () => void) {}

  join(): Place {
    const place: { wake: () => void } = { wake: () => undefined };
    this.places.push(place);
    let left = false;
    return {
      first: async (ms) => {
        if (this.places[0] === place) return true;
        const sleep = wakeableSleep(ms);
        place.wake = sleep.wake;
        await sleep.slept;
        return this.places[0] === place;
      },
      leave: () => {
        if (left) return;
        left = true;
        const at = this.places.indexOf(place);
        this.places.splice(at, 1);
        if (at === 0) this.places[0]?.wake();
        this.dropWhenIdle();
      },
    };
  }

  /**
   * Sleeps before the first's next try: `ms`, or while a call of this process holds the lease until it lets it
   * go (at the latest when its longest hold is over and the lease lapses); never past `atMostMs`, what is left
   * of the caller's wait.
   */
  nextTry(input: { ms: number; atMostMs: number }): Promise<void> {
    const sleep = wakeableSleep(Math.max(0, Math.min(Math.max(input.ms, this.heldUntil - Date.now()), input.atMostMs)));
    this.wakeTry = sleep.wake;
    return sleep.slept;
  }

  /** Whether a call of this process holds the lease (and its longest hold is not over). */
  heldHere(): boolean {
    return this.heldUntil > Date.now();
  }

  /** A call of this process took the lease, to hold it until `until` at the latest. */
  took(until: number): void {
    this.heldUntil = until;
  }

  /** The call of this process that held the lease let it go: the first in line tries now. */
  released(): void {
    this.heldUntil = 0;
    const wake = this.wakeTry;
    this.wakeTry = null;
    wake?.();
    this.dropWhenIdle();
  }

  private dropWhenIdle(): void {
    if (this.places.length === 0 && this.heldUntil === 0) this.onEmpty();
  }
}

/** A sleep of `ms` that `wake()` ends early. */
function wakeableSleep(ms: number): { slept: Promise<void>; wake: () => void } {
  let wake: () => void = () => undefined;
  const slept = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { slept, wake };
}

const lines = new Map<string, WaitingLine>();

/** This process's waiting line for a lease, made when the first caller comes and dropped when the last holder and waiter are gone. */
function waitingLine(id: string): WaitingLine {
  let line = lines.get(id);
  if (!line) {
    line = new WaitingLine(() => lines.delete(id));
    lines.set(id, line);
  }
  return line;
}

/**
 * Renews a held lease on a timer until stopped, or until its term reaches `holdEnds`. `held()` is true while
 * the term of the last renewal that landed (or of the taking) is not over and no renewal found the lease with
 * another holder: a renewal that fails or is slow leaves the term as it was, so the holder stops in time
 * rather than trusting a lease that may have lapsed.
 */
function renewWhileHeld(input: { models: Models; tenantId: string; key: string; holder: string; leaseMs: number; until: number; holdEnds: number }): {
  held: () => boolean;
  stop: () => void;
} {
  const { models, tenantId, key, holder, leaseMs, holdEnds } = input;
  let until = input.until;
  let lost = false;
  const renew = async () => {
    const next = Math.min(Date.now() + leaseMs, holdEnds);
    const renewed = await models.OwnerLease.updateOne({ tenantId, key, holder }, { $set: { until: next } });
    if (renewed.matchedCount === 0) lost = true;
    else until = Math.max(until, next);
  };
  const timer = setInterval(() => {
    if (until >= holdEnds) return clearInterval(timer);
    // A failed renewal leaves the term as it was: held() turns false when it is over.
    renew().catch(() => undefined);
  }, leaseMs / RENEWALS_PER_LEASE);
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
