import { describe, expect, it } from 'vitest';
import { hashTenantToken, newTenantToken, parseTenantToken } from '../src/auth/tenant-token';

// Stored keys and sessions are found by the SHA-256 hex of their token: the hash must not change between versions.
describe('tenant token hashes', () => {
  it('is the SHA-256 hex of the token', () => {
    expect(hashTenantToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('finds a new token by the hash it was stored with', () => {
    const { token, hash } = newTenantToken('fk', '65f0c0ffee0000000000abcd');
    expect(parseTenantToken('fk', token)).toEqual({ tenantId: '65f0c0ffee0000000000abcd', hash });
  });
});
