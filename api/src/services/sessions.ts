import { newTenantToken } from '../auth/tenant-token';
import type { Services } from './services';
import { announceKeyRevocation } from './announce-key-revocation';

/**
 * Starts a browser session for a user: a new `fs_…` token (for the cookie; only its hash is stored), ending after
 * `sessionIdleMs` unused and `sessionMaxAgeMs` at the latest.
 * @example const { token, maxAgeMs } = await startSession(services, { tenantId, userId })
 */
export async function startSession(services: Services, input: { tenantId: string; userId: string }): Promise<{ token: string; maxAgeMs: number }> {
  const { token, hash } = newTenantToken('fs', input.tenantId);
  const now = Date.now();
  const { sessionIdleMs, sessionMaxAgeMs } = services.config;
  await services.models.Session.create({
    _id: hash,
    tenantId: input.tenantId,
    userId: input.userId,
    createdAt: new Date(now),
    lastSeenAt: new Date(now),
    expiresAt: new Date(now + Math.min(sessionIdleMs, sessionMaxAgeMs)),
    endsAt: new Date(now + sessionMaxAgeMs),
  });
  services.expiredAccountRecords.prune(now);
  return { token, maxAgeMs: sessionMaxAgeMs };
}

/** Ends one session: refused by this process at once and by every other within the revocation poll. */
export async function endSession(services: Services, input: { tenantId: string; sessionId: string }): Promise<void> {
  await services.models.Session.deleteOne({ tenantId: input.tenantId, _id: input.sessionId });
  services.credentialCache.evict({ sessionIds: new Set([input.sessionId]) });
  await announceKeyRevocation({ models: services.models, tenantId: input.tenantId, sessionId: input.sessionId });
}

/**
 * Ends every session of a user and makes every process look the user's keys and sessions up again (their cached
 * viewers are dropped): signing out everywhere, a new password, deactivation, new roles. Returns how many sessions
 * ended.
 * @example await endUserSessions(services, { tenantId, userId })
 */
export async function endUserSessions(services: Services, input: { tenantId: string; userId: string }): Promise<number> {
  const ended = await services.models.Session.deleteMany({ tenantId: input.tenantId, userId: input.userId });
  services.credentialCache.evict({ userIds: new Set([input.userId]) });
  await announceKeyRevocation({ models: services.models, tenantId: input.tenantId, userId: input.userId });
  return ended.deletedCount;
}
