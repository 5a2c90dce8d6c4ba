import { createHash } from 'node:crypto';
import { SignInThrottledError } from '../errors';
import type { Models } from '../models/models';
import type { SignInAttemptDoc } from '../models/sign-in-attempt';
import { isDuplicateKey } from '../models/duplicate-key';
import type { ExpiredAccountRecords } from './expired-account-records';

/** One counter: what it counts, and how many its window allows. */
interface Counter {
  id: string;
  max: number;
}

/** An attempt that was let through: `forgive` takes it off the counts again (it succeeded). */
export interface SignInAttempt {
  forgive(): Promise<void>;
}

/**
 * Counts sign-in attempts (and password reset requests) per account and per client address in fixed windows held
 * in the store, so every api process shares the counts. An attempt is counted before its password is checked (an
 * upsert with `$inc`, so concurrent attempts cannot all slip under the limit) and forgiven when it succeeds, so
 * the limits count failures; one over either limit is refused with the time left in the window.
 * @example const attempt = await limiter.take({ purpose: 'sign_in', slug, email, address }); … await attempt.forgive()
 */
export class SignInLimiter {
  constructor(
    private readonly input: {
      models: Models;
      windowMs: number;
      perAccount: number;
      perAddress: number;
      /** Deletes the counts of windows that are over (with what else has expired). */
      expired: ExpiredAccountRecords;
    },
  ) {}

  /** Counts one attempt at the account (slug and email, as typed: unknown accounts are counted alike) and from `address`. */
  async take(attempt: { purpose: 'sign_in' | 'password_reset'; slug: string; email: string; address: string | null }): Promise<SignInAttempt> {
    const now = Date.now();
    const window = Math.floor(now / this.input.windowMs);
    const windowEnd = (window + 1) * this.input.windowMs;
    // A hash, so the store keeps no list of the emails people tried, and any text fits an _id.
    const account = createHash('sha256').update(`${attempt.slug}\n${attempt.email}`).digest('hex');
    const counters: Counter[] = [{ id: `${attempt.purpose}:account:${account}:${window}`, max: this.input.perAccount }];
    if (attempt.address) counters.push({ id: `${attempt.purpose}:address:${attempt.address}:${window}`, max: this.input.perAddress });
    const counted: string[] = [];
    for (const counter of counters) {
      const count = await this.increment(counter.id, new Date(windowEnd), 1);
      counted.push(counter.id);
      if (count > counter.max) throw new SignInThrottledError({ retryAfterMs: windowEnd - now });
    }
    this.input.expired.prune(now);
    return { forgive: async () => void (await Promise.all(counted.map((id) => this.increment(id, new Date(windowEnd), -1)))) };
  }

  private async increment(id: string, expiresAt: Date, by: number): Promise<number> {
    const collection = this.input.models.SignInAttempt.collection;
    for (let attempt = 0; ; attempt++) {
      try {
        const after = (await collection.findOneAndUpdate(
          { _id: id as never },
          { $inc: { count: by }, $setOnInsert: { expiresAt } },
          { upsert: true, returnDocument: 'after' },
        )) as SignInAttemptDoc | null;
        return after?.count ?? by;
      } catch (error) {
        // Two first attempts in a window raced to insert its counter: the loser increments the winner's.
        if (!isDuplicateKey(error) || attempt > 0) throw error;
      }
    }
  }
}
