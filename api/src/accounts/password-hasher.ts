import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import { SignInThrottledError } from '../errors';

/** scrypt's block size and parallelism (docs/decisions.md 25); N is the config's `passwordHashLogN`. */
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** The lowest and highest cost a hash may name: below is too cheap to protect anything, above is a denial of service. */
const MIN_LOG_N = 10;
const MAX_LOG_N = 20;
/** How long a caller turned away because too many hashes wait should wait: a hash takes about 0.1 s. */
const QUEUE_FULL_RETRY_MS = 1000;

/** A stored hash: `scrypt$<log2 N>$<r>$<p>$<salt, base64>$<key, base64>`, so each hash keeps the cost it was made with. */
const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

interface Parameters {
  logN: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, params: Parameters): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; node refuses more than 32 MiB unless maxmem says so.
  const options: ScryptOptions = { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: 256 * 2 ** params.logN * params.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/**
 * Hashes and checks passwords with node:crypto's scrypt (no native module), at most `concurrency` at once in this
 * process and `queue` more waiting, so a wave of sign-ins against one tenant cannot take every core (and libuv's
 * thread pool) from the others: one more is refused as throttled. Checking against an unknown account costs the
 * same as against a real one (`verify(null, …)` checks a dummy hash).
 * @example const hasher = new PasswordHasher({ logN: 15, concurrency: 2, queue: 64 }); const hash = await hasher.hash('correct horse battery')
 */
export class PasswordHasher {
  private readonly limit: LimitFunction;
  private readonly params: Parameters;
  private dummy: Promise<string> | null = null;

  constructor(private readonly input: { logN: number; concurrency: number; queue: number }) {
    if (!Number.isInteger(input.logN) || input.logN < MIN_LOG_N || input.logN > MAX_LOG_N) {
      throw new Error(`passwordHashLogN must be an integer from ${MIN_LOG_N} to ${MAX_LOG_N}, not ${input.logN}`);
    }
    this.limit = pLimit(input.concurrency);
    this.params = { logN: input.logN, r: BLOCK_SIZE, p: PARALLELISM };
  }

  /** A new hash of `password` with a fresh salt, at the configured cost. */
  hash(password: string): Promise<string> {
    return this.turn(async () => {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, this.params);
      const { logN, r, p } = this.params;
      return `scrypt$${logN}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
    });
  }

  /**
   * Whether `password` matches `stored`. A missing or malformed hash (an unknown account, one without a password yet)
   * is checked against a dummy hash at the configured cost and never matches, so it takes as long as a real check.
   */
  async verify(stored: string | null | undefined, password: string): Promise<boolean> {
    const parsed = stored ? FORMAT.exec(stored) : null;
    const logN = Number(parsed?.[1]);
    if (!parsed || logN < MIN_LOG_N || logN > MAX_LOG_N) {
      await this.verify(await this.dummyHash(), password);
      return false;
    }
    const params = { logN, r: Number(parsed[2]), p: Number(parsed[3]) };
    const expected = Buffer.from(parsed[5] as string, 'base64');
    const key = await this.turn(() => derive(password, Buffer.from(parsed[4] as string, 'base64'), params));
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  /** Computes the dummy hash now (at start, in the background), so the first unknown account costs what the others do. */
  warm(): void {
    this.dummyHash().catch(() => undefined);
  }

  /** Whether a stored hash was made at another cost than the configured one (sign-in then hashes the password anew). */
  isOutdated(stored: string): boolean {
    const { logN, r, p } = this.params;
    return !stored.startsWith(`scrypt$${logN}$${r}$${p}$`);
  }

  private turn<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit.pendingCount >= this.input.queue) return Promise.reject(new SignInThrottledError({ retryAfterMs: QUEUE_FULL_RETRY_MS }));
    return this.limit(work);
  }

  private dummyHash(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(SALT_BYTES).toString('base64')).catch((error: unknown) => {
      this.dummy = null;
      throw error;
    });
    return this.dummy;
  }
}
