import { hash, randomBytes } from 'node:crypto';

const SECRET_BYTES = 32;

/** What a token is for, by its prefix: an API key, a browser session, or an invitation or password reset link. */
export type TenantTokenKind = 'fk' | 'fs' | 'fl';

/** A token shaped like a Funnel token of one kind: the tenant it claims and its hash, which is how the store finds it. */
export interface ParsedTenantToken {
  tenantId: string;
  hash: string;
}

/**
 * A new secret token: `<kind>_<tenantId>_<32 random bytes, base64url>`. The tenant is part of the token so the
 * lookup is tenant-scoped like every other query; only the SHA-256 of the token is stored.
 * @example const { token, hash } = newTenantToken('fs', '65f0c0ffee0000000000abcd')
 */
export function newTenantToken(kind: TenantTokenKind, tenantId: string): { token: string; hash: string } {
  const token = `${kind}_${tenantId}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { token, hash: hashTenantToken(token) };
}

/**
 * SHA-256 hex of a token; a slow KDF buys nothing for 256-bit random secrets (see docs/api.md). Every request with a
 * key or session hashes its token, so in one call (node:crypto's `hash`, without a Hash object: 0.3 against 1 µs).
 */
export function hashTenantToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/**
 * The tenant and hash of a token of `kind`, or null when it is not shaped like one (nothing is looked up then).
 * @example parseTenantToken('fs', 'fs_65f0c0ffee0000000000abcd_…') // → { tenantId: '65f0c0ffee0000000000abcd', hash: '9f86…' }
 */
export function parseTenantToken(kind: TenantTokenKind, token: string): ParsedTenantToken | null {
  const match = /^([a-z]{2})_([a-f0-9]{24})_([A-Za-z0-9_-]{43})$/.exec(token);
  return match?.[1] === kind && match[2] ? { tenantId: match[2], hash: hashTenantToken(token) } : null;
}
