import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^fk_([a-f0-9]{24})_([A-Za-z0-9_-]{43})$/;

/**
 * A new API key: `fk_<tenantId>_<32 random bytes, base64url>`. The tenant is part of the token so the
 * lookup is tenant-scoped like every other query; only the SHA-256 of the token is stored.
 * @example const { token, hash } = newApiKeyToken('65f0c0ffee0000000000abcd')
 */
export function newApiKeyToken(tenantId: string): { token: string; hash: string } {
  const token = `fk_${tenantId}_${randomBytes(TOKEN_BYTES).toString('base64url')}`;
  return { token, hash: hashApiKeyToken(token) };
}

/** SHA-256 hex of a token; a slow KDF buys nothing for 256-bit random secrets (see docs/api.md). */
export function hashApiKeyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token shaped like a Funnel key: the tenant it claims and its hash, which is how the store finds the key. */
export interface ParsedApiKey {
  tenantId: string;
  hash: string;
}

/**
 * The tenant and hash of a token, or null when it is not shaped like a Funnel key (nothing is looked up then).
 * @example parseApiKeyToken('fk_65f0c0ffee0000000000abcd_…') // → { tenantId: '65f0c0ffee0000000000abcd', hash: '9f86…' }
 */
export function parseApiKeyToken(token: string): ParsedApiKey | null {
  const tenantId = TOKEN_PATTERN.exec(token)?.[1];
  return tenantId ? { tenantId, hash: hashApiKeyToken(token) } : null;
}
