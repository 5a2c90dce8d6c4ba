import { timingSafeEqual } from 'node:crypto';
import type { Models } from '../models/models';
import type { CredentialCache } from './credential-cache';
import { parseApiKeyToken, type ParsedApiKey } from './api-key-token';
import { scopeOf } from './key-scope';
import { noteKeyUse } from './key-use';
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

/**
 * Who a key acts as, from the store: its user, or for an integration's key a stand-in user with the integration's
 * name and roles and the key's id (the actor its changes are made by); anonymous when the key is unknown, revoked,
 * rotated away, or its user is gone or deactivated (an integration's key does not depend on any person).
 */
async function lookUpKey(models: Models, key: ParsedApiKey): Promise<Viewer> {
  const { tenantId } = key;
  const found = await models.ApiKey.findOne({ tenantId, hash: key.hash, revokedAt: null }).lean();
  if (!found) return ANONYMOUS;
  const credential = {
    kind: 'apiKey' as const,
    id: found._id,
    scope: scopeOf(found.scope),
    integration: Boolean(found.integration),
    usedAt: found.lastUsedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
  };
  const user = found.integration
    ? { _id: found._id, tenantId, name: found.integration.name, roles: found.integration.roles, managerId: null, createdAt: found.createdAt, active: true }
    : await models.User.findOne({ tenantId, _id: found.userId }).lean();
  if (!user || user.active === false) return ANONYMOUS;
  return { kind: 'user', tenantId, user, credential, actor: { id: user._id, roles: user.roles } };
}

/**
 * Resolves who calls: `Authorization: Bearer <key>` (the root key or a tenant user's API key: apps), else the session
 * cookie's token (a person's browser; the cross-site check ran at the edge, auth/session-cookies.ts), else anonymous.
 * Only a token shaped like a Funnel key or session reaches the cache (keyed by its hash) or the store. A key's use is
 * written at most once per `keyLastUsedIntervalMs` (auth/key-use.ts).
 * @example await authenticate({ models, cache, header: 'Bearer fk_…', sessionToken: null, sessions, keyLastUsedIntervalMs: 60_000, log, rootKey: process.env.FUNNEL_ROOT_KEY })
 */
export async function authenticate(input: {
  models: Models;
  cache: CredentialCache;
  header: string | null;
  sessionToken: string | null;
  sessions: SessionTiming;
  keyLastUsedIntervalMs: number;
  log: (line: string) => void;
  rootKey?: string;
}): Promise<Viewer> {
  const bearer = input.header ? BEARER.exec(input.header)?.[1] : undefined;
  if (bearer) {
    if (input.rootKey && sameSecret(bearer, input.rootKey)) return { kind: 'root' };
    const key = parseApiKeyToken(bearer);
    if (!key) return ANONYMOUS;
    const viewer = await input.cache.viewerFor(key, () => lookUpKey(input.models, key));
    await noteKeyUse({ models: input.models, viewer, intervalMs: input.keyLastUsedIntervalMs, log: input.log });
    return viewer;
  }
  // An Authorization header that is not a bearer token signs nobody in, not even with a cookie beside it.
  if (input.header || !input.sessionToken) return ANONYMOUS;
  const session = parseTenantToken('fs', input.sessionToken);
  if (!session) return ANONYMOUS;
  const viewer = await input.cache.viewerFor(session, () => lookUpSession({ models: input.models, session, timing: input.sessions }));
  return keepSessionAlive({ models: input.models, cache: input.cache, viewer, timing: input.sessions });
}
