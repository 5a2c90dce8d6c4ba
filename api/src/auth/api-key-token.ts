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

/** The tenant a token claims to belong to, or null when it is not shaped like a Funnel key. */
export function tenantOfToken(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}
