import { hashTenantToken, newTenantToken, type ParsedTenantToken, parseTenantToken } from './tenant-token';

/**
 * A new API key: `fk_<tenantId>_<32 random bytes, base64url>` (auth/tenant-token.ts); only its hash is stored.
 * @example const { token, hash } = newApiKeyToken('65f0c0ffee0000000000abcd')
 */
export function newApiKeyToken(tenantId: string): { token: string; hash: string } {
  return newTenantToken('fk', tenantId);
}

/** SHA-256 hex of a key. */
export const hashApiKeyToken = hashTenantToken;

/** A token shaped like a Funnel key: the tenant it claims and its hash. */
export type ParsedApiKey = ParsedTenantToken;

/**
 * The tenant and hash of a token, or null when it is not shaped like a Funnel key (nothing is looked up then).
 * @example parseApiKeyToken('fk_65f0c0ffee0000000000abcd_…') // → { tenantId: '65f0c0ffee0000000000abcd', hash: '9f86…' }
 */
export function parseApiKeyToken(token: string): ParsedApiKey | null {
  return parseTenantToken('fk', token);
}
