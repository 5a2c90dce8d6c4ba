import { timingSafeEqual } from 'node:crypto';
import type { Models } from '../models/models';
import type { ApiKeyCache } from './api-key-cache';
import { parseApiKeyToken, type ParsedApiKey } from './api-key-token';
import type { Viewer } from './viewer';

const BEARER = /^Bearer\s+(\S+)$/i;
const ANONYMOUS: Viewer = { kind: 'anonymous' };

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The key's user, from the store: anonymous when the key is unknown, revoked, rotated away or its user is gone. */
async function lookUpKey(models: Models, key: ParsedApiKey): Promise<Viewer> {
  const { tenantId } = key;
  const found = await models.ApiKey.findOne({ tenantId, hash: key.hash, revokedAt: null }).lean();
  if (!found) return ANONYMOUS;
  const user = await models.User.findOne({ tenantId, _id: found.userId }).lean();
  if (!user) return ANONYMOUS;
  return { kind: 'user', tenantId, user, keyId: found._id, actor: { id: user._id, roles: user.roles } };
}

/**
 * Resolves `Authorization: Bearer <key>` to a viewer: the root key, a tenant user's key, or anonymous.
 * Only a header that parses as a Funnel key reaches the cache (keyed by the parsed key) or the store.
 * @example await authenticate({ models, cache, header: 'Bearer fk_…', rootKey: process.env.FUNNEL_ROOT_KEY })
 */
export async function authenticate(input: { models: Models; cache: ApiKeyCache; header: string | null; rootKey?: string }): Promise<Viewer> {
  const token = input.header ? BEARER.exec(input.header)?.[1] : undefined;
  if (!token) return ANONYMOUS;
  if (input.rootKey && sameSecret(token, input.rootKey)) return { kind: 'root' };
  const key = parseApiKeyToken(token);
  if (!key) return ANONYMOUS;
  return input.cache.viewerFor(key, () => lookUpKey(input.models, key));
}
