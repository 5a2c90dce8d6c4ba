import { describe, expect, it } from 'vitest';
import { PasswordHasher } from '../src/accounts/password-hasher';
import { SignInThrottledError } from '../src/errors';

/** A cheap cost for unit tests (2^10); the api's default is 2^15 (docs/decisions.md 25). */
const cheap = (input: Partial<{ concurrency: number; queue: number; logN: number }> = {}) =>
  new PasswordHasher({ logN: 10, concurrency: 2, queue: 8, ...input });

describe('password hashes', () => {
  it('are scrypt with their cost and a fresh salt written in, and check only the password they were made from', async () => {
    const hasher = cheap();
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await hasher.hash('correct horse battery')).not.toBe(hash);
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse batterY')).toBe(false);
    // NFC: the same text typed with a combining accent is the same password.
    const accented = await hasher.hash('caf\u00e9 au lait!');
    expect(await hasher.verify(accented, 'cafe\u0301 au lait!')).toBe(true);
  });

  it('check a made-up or missing hash against a dummy one, never matching', async () => {
    const hasher = cheap();
    for (const stored of [null, undefined, '', 'plain text', 'scrypt$30$8$1$AAAA$AAAA']) expect(await hasher.verify(stored, '')).toBe(false);
  });

  it('say when a stored hash was made at another cost, and still check it', async () => {
    const old = await cheap({ logN: 11 }).hash('correct horse battery');
    const hasher = cheap();
    expect(hasher.isOutdated(old)).toBe(true);
    expect(hasher.isOutdated(await hasher.hash('x'))).toBe(false);
    expect(await hasher.verify(old, 'correct horse battery')).toBe(true);
  });

  it('are computed a few at a time, and refused as throttled when too many wait', async () => {
    const hasher = cheap({ concurrency: 1, queue: 2 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => hasher.hash('correct horse battery')));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect((results[4] as PromiseRejectedResult).reason).toBeInstanceOf(SignInThrottledError);
  });

  it('refuse a cost outside 2^10 … 2^20', () => {
    expect(() => cheap({ logN: 9 })).toThrow(/passwordHashLogN/);
    expect(() => cheap({ logN: 21 })).toThrow(/passwordHashLogN/);
  });
});
