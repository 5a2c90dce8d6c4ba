import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../src/auth/credential-cache';
import { hashApiKeyToken, newApiKeyToken } from '../src/auth/api-key-token';
import { authenticate } from '../src/auth/authenticate';
import type { ApiKeyDoc } from '../src/models/api-key';
import type { Models } from '../src/models/models';
import type { UserDoc } from '../src/models/user';

const TENANT = '65f0c0ffee0000000000abcd';
const POLL_MS = 250;
const ROOT_KEY = 'root-key-for-unit-tests-0123456789';
const SESSIONS = { idleMs: 60_000 };
/** A key's use is written once a minute (the fake store takes the write and keeps nothing). */
const KEY_USE = { keyLastUsedIntervalMs: 60_000, log: () => undefined };

/** Models that know `keys` (by hash) and their users, counting the key lookups that reach them. */
function fakeStore(keys: { id: string; token: string; userId: string }[]) {
  const lookups: string[] = [];
  const byHash = new Map(keys.map((k) => [hashApiKeyToken(k.token), k]));
  const models = {
    ApiKey: {
      updateOne: async () => ({ matchedCount: 1 }),
      findOne: (filter: { hash: string }) => ({
        lean: async (): Promise<Partial<ApiKeyDoc> | null> => {
          lookups.push(filter.hash);
          const key = byHash.get(filter.hash);
          return key ? { _id: key.id, tenantId: TENANT, userId: key.userId } : null;
        },
      }),
    },
    User: {
      findOne: (filter: { _id: string }) => ({
        lean: async (): Promise<Partial<UserDoc>> => ({ _id: filter._id, tenantId: TENANT, name: filter._id, roles: ['sales'] }),
      }),
    },
  } as unknown as Models;
  return { models, lookups };
}

/** A key of the tenant: its id, token and user. */
function key(id: string, userId = `user-${id}`) {
  return { id, token: newApiKeyToken(TENANT).token, userId };
}

/** A cache whose revocation log was just read. */
function freshCache(max = 100): CredentialCache {
  const cache = new CredentialCache({ max, ttlMs: 60_000, pollMs: POLL_MS });
  cache.confirm(performance.now());
  return cache;
}

describe('the API key cache', () => {
  it('keeps one entry for one key, however the header spells the scheme and the space before the key', async () => {
    const k = key('k1');
    const { models, lookups } = fakeStore([k]);
    const cache = freshCache();
    for (const header of [`Bearer ${k.token}`, `bearer ${k.token}`, `BEARER   ${k.token}`, `Bearer\t${k.token}`]) {
      const viewer = await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header });
      expect(viewer).toMatchObject({ kind: 'user', credential: { kind: 'apiKey', id: 'k1' } });
    }
    expect(lookups).toHaveLength(1);
    expect(cache.size).toBe(1);
  });

  it('is not touched by headers that do not parse as a key, nor grown by keys the store does not know', async () => {
    const k = key('k1');
    const { models, lookups } = fakeStore([k]);
    const cache = freshCache();
    const garbage = [
      null,
      '',
      'Bearer',
      'Bearer ',
      `Basic ${k.token}`,
      `Bearer ${k.token} extra`,
      `Bearer ${k.token.toUpperCase()}`,
      `Bearer ${k.token.slice(0, -1)}`,
      `Bearer fk_${'z'.repeat(24)}_${'a'.repeat(43)}`,
      `Bearer ${'x'.repeat(100_000)}`,
      `Bearer ${ROOT_KEY}`,
    ];
    for (const header of garbage)
      expect((await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header, rootKey: ROOT_KEY })).kind).not.toBe('user');
    expect(lookups).toHaveLength(0);
    // Shaped like a key, unknown to the store: looked up each time, never kept.
    for (let i = 0; i < 5; i++)
      await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${key(`unknown-${i}`).token}` });
    expect(lookups).toHaveLength(5);
    expect(cache.size).toBe(0);
  });

  it('holds at most `max` keys, the least recently used going first', async () => {
    const keys = ['a', 'b', 'c', 'd', 'e'].map((id) => key(id));
    const { models, lookups } = fakeStore(keys);
    const cache = freshCache(3);
    for (const k of keys) await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${k.token}` });
    expect(cache.size).toBe(3);
    await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${keys[4]?.token}` });
    expect(lookups).toHaveLength(5);
    await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${keys[0]?.token}` });
    expect(lookups).toHaveLength(6);
    expect(cache.size).toBe(3);
  });

  it('evicts a key by its id, and every key of a user by the user id', async () => {
    const keys = [key('a', 'u1'), key('b', 'u2'), key('c', 'u2'), key('d', 'u3')];
    const { models } = fakeStore(keys);
    const cache = freshCache();
    for (const k of keys) await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${k.token}` });
    expect(cache.evict({ keyIds: new Set(['a']), userIds: new Set(['u2']) })).toBe(3);
    expect(cache.size).toBe(1);
  });

  it('keeps nothing a lookup read while an eviction happened (the key may have been revoked after the read)', async () => {
    const k = key('k1');
    const { models, lookups } = fakeStore([k]);
    const cache = freshCache();
    const pending = authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${k.token}` });
    cache.evict({ keyIds: new Set(['k1']), userIds: new Set() });
    expect((await pending).kind).toBe('user');
    expect(cache.size).toBe(0);
    await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${k.token}` });
    expect(lookups).toHaveLength(2);
  });

  it('is bypassed while the revocation log has not been read for four poll intervals, and starts empty after', async () => {
    const k = key('k1');
    const { models, lookups } = fakeStore([k]);
    const cache = new CredentialCache({ max: 100, ttlMs: 60_000, pollMs: POLL_MS });
    await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${k.token}` });
    await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${k.token}` });
    expect(lookups).toHaveLength(2);
    expect(cache.size).toBe(0);
    cache.confirm(performance.now());
    await authenticate({ models, cache, sessionToken: null, sessions: SESSIONS, ...KEY_USE, header: `Bearer ${k.token}` });
    expect(cache.size).toBe(1);
    cache.confirm(performance.now() + 5 * POLL_MS);
    expect(cache.size).toBe(0);
  });
});
