import type { Models } from '../models/models';
import type { CredentialCache } from './credential-cache';
import type { ParsedTenantToken } from './tenant-token';
import type { Viewer } from './viewer';

/** How long sessions last unused (`sessionIdleMs`) and how often their use is written down. */
export interface SessionTiming {
  idleMs: number;
}

const ANONYMOUS: Viewer = { kind: 'anonymous' };
/** A session's use is written at most once a minute per process (and four times per idle time, for short ones). */
const MAX_TOUCH_EVERY_MS = 60_000;
const TOUCHES_PER_IDLE = 4;

/** How often a process writes that a session is in use: often enough that no used session reaches its idle end. */
const touchEveryMs = (timing: SessionTiming) => Math.min(MAX_TOUCH_EVERY_MS, timing.idleMs / TOUCHES_PER_IDLE);

/**
 * A session's user, from the store: anonymous when the session is unknown, ended or expired, or its user is gone
 * or deactivated.
 */
export async function lookUpSession(input: { models: Models; session: ParsedTenantToken; timing: SessionTiming }): Promise<Viewer> {
  const { tenantId, hash } = input.session;
  const found = await input.models.Session.findOne({ tenantId, _id: hash }).lean();
  if (!found || found.expiresAt.getTime() <= Date.now()) return ANONYMOUS;
  const user = await input.models.User.findOne({ tenantId, _id: found.userId }).lean();
  if (!user || user.active === false) return ANONYMOUS;
  const credential = { kind: 'session' as const, id: found._id, seenAt: found.lastSeenAt.getTime(), endsAt: found.endsAt.getTime() };
  return { kind: 'user', tenantId, user, credential, actor: { id: user._id, roles: user.roles } };
}

/**
 * The viewer of a session, its use written down when it was last written more than `touchEveryMs` ago: the write
 * moves its idle end and fails on a session that ended meanwhile (then the caller is anonymous). API keys and
 * anonymous callers pass through.
 */
export async function keepSessionAlive(input: { models: Models; cache: CredentialCache; viewer: Viewer; timing: SessionTiming }): Promise<Viewer> {
  const { viewer } = input;
  if (viewer.kind !== 'user' || viewer.credential.kind !== 'session') return viewer;
  const credential = viewer.credential;
  const now = Date.now();
  if (now >= credential.endsAt) return ANONYMOUS;
  if (now - credential.seenAt < touchEveryMs(input.timing)) return viewer;
  const touched = await input.models.Session.updateOne(
    { tenantId: viewer.tenantId, _id: credential.id, expiresAt: { $gt: new Date(now) } },
    { $set: { lastSeenAt: new Date(now), expiresAt: new Date(Math.min(now + input.timing.idleMs, credential.endsAt)) } },
  );
  if (touched.matchedCount === 0) {
    input.cache.evict({ sessionIds: new Set([credential.id]) });
    return ANONYMOUS;
  }
  credential.seenAt = now;
  return viewer;
}
