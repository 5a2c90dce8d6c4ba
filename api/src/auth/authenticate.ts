import { timingSafeEqual } from 'node:crypto';
import type { Models } from '../models/models';
import type { CredentialCache } from './credential-cache';
import { parseApiKeyToken, type ParsedApiKey } from './api-key-token';
import { keepSessionAlive, lookUpSession, type SessionTiming } from './session-viewer';
import { parseTenantToken } from './tenant-token';
import type { Viewer } from './viewer';

const BEARER = /^Bearer\s+(\S+)$/i;
const ANONYMOUS: Viewer = { kind: 'anonymous' };

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The key's user, from the store: anonymous when the key is unknown, revoked, rotated away or its user is gone or deactivated. */
async function lookUpKey(models: Models, key: ParsedApiKey): Promise<Viewer> {
  const { tenantId } = key;
  const found = await models.ApiKey.findOne({ tenantId, hash: key.hash, revokedAt: null }).lean();
  if (!found) return ANONYMOUS;
  const user = await models.User.findOne({ tenantId, _id: found.userId }).lean();
  if (!user || user.active === false) return ANONYMOUS;
  return { kind: 'user', tenantId, user, credential: { kind: 'apiKey', id: found._id }, actor: { id: user._id, roles: user.roles } };
}

/**
 * Resolves who calls: `Authorization: Bearer <key>` (the root key or a tenant user's API key: apps), else the session
 * cookie's token (a person's browser; the cross-site check ran at the edge, auth/session-cookies.ts), else anonymous.
 * Only a token shaped like a Funnel key or session reaches the cache (keyed by its hash) or the store.
 * @example await authenticate({ models, cache, header: 'Bearer fk_…', sessionToken: null, sessions, rootKey: process.env.FUNNEL_ROOT_KEY })
 */
export async function authenticate(input: {
  models: Models;
  cache: CredentialCache;
  header: string | null;
  sessionToken: string | null;
  sessions: SessionTiming;
  rootKey?: string;
}): Promise<Viewer> {
  const bearer = input.header ? BEARER.exec(input.header)?.[1] : undefined;
  if (bearer) {
    if (input.rootKey && sameSecret(bearer, input.rootKey)) return { kind: 'root' };
    const key = parseApiKeyToken(bearer);
    if (!key) return ANONYMOUS;
    return input.cache.viewerFor(key, () => lookUpKey(input.models, key));
  }
  // An Authorization header that is not a bearer token signs nobody in, not even with a cookie beside it.
  if (input.header || !input.sessionToken) return ANONYMOUS;
  const session = parseTenantToken('fs', input.sessionToken);
  if (!session) return ANONYMOUS;
  const viewer = await input.cache.viewerFor(session, () => lookUpSession({ models: input.models, session, timing: input.sessions }));
  return keepSessionAlive({ models: input.models, cache: input.cache, viewer, timing: input.sessions });
}
