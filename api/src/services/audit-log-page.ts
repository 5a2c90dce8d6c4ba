import type { AuditTargetType } from '../accounts/admin-changes';
import { ValidationFailedError } from '../errors';
import type { AuditEntryDoc } from '../models/audit-entry';
import type { UserDoc } from '../models/user';
import type { PageRequest } from './record-reads';
import type { Services } from './services';

/** What an admin narrows the audit log to; each is compared for equality (times bound a range). */
export interface AuditLogFilter {
  /** A person's user id or a key's id: the changes made by that person (with any of their keys) or that key. */
  actorId?: string | null;
  targetType?: AuditTargetType | null;
  targetId?: string | null;
  /** From this time on (inclusive)… */
  since?: Date | null;
  /** …until this time (exclusive). */
  until?: Date | null;
}

/** An entry as it is listed: with its actor's user, read with the page (one query for the page's actors). */
export type ListedAuditEntry = AuditEntryDoc & { actorUser: UserDoc | null };

/** The lowest entry id of a second (since the epoch): entry ids begin with the second of their time. */
const firstIdOf = (seconds: number) => `${Math.max(0, seconds).toString(16).padStart(8, '0')}${'0'.repeat(16)}`;

/**
 * The query of a tenant's audit log for a filter, built from typed values only. A time range also bounds the ids
 * (an entry's id begins with the second of its time, models/audit-entry.ts), so it is read along the `_id` index.
 */
function auditLogQuery(input: { tenantId: string; filter: AuditLogFilter; idRange: PageRequest['idRange'] }): Record<string, unknown> {
  const { tenantId, filter } = input;
  const query: Record<string, unknown> = { tenantId };
  if (filter.actorId) query.$or = [{ 'actor.userId': filter.actorId }, { 'actor.keyId': filter.actorId }];
  if (filter.targetType) query.targetType = filter.targetType;
  if (filter.targetId) query.targetId = filter.targetId;
  const ids: Record<string, string> = { ...input.idRange._id };
  if (filter.since || filter.until) {
    query.at = { ...(filter.since ? { $gte: filter.since } : {}), ...(filter.until ? { $lt: filter.until } : {}) };
    if (filter.since) ids.$gte = firstIdOf(Math.floor(filter.since.getTime() / 1000));
    if (filter.until) {
      const bound = firstIdOf(Math.floor((filter.until.getTime() - 1) / 1000) + 1);
      ids.$lt = ids.$lt !== undefined && ids.$lt < bound ? ids.$lt : bound;
    }
  }
  if (Object.keys(ids).length > 0) query._id = ids;
  return query;
}

/**
 * A page of a tenant's audit log (newest first when the page asks so), filtered, each entry with its actor's user.
 * A range that ends before it starts is refused at /filter/until.
 * @example await auditLogPage(services, { tenantId, filter: { targetType: 'api_key' }, page })
 */
export async function auditLogPage(services: Services, input: { tenantId: string; filter: AuditLogFilter; page: PageRequest }): Promise<ListedAuditEntry[]> {
  const { tenantId, filter, page } = input;
  if (filter.since && filter.until && filter.until <= filter.since)
    throw new ValidationFailedError([{ severity: 'error', code: 'range', pointer: '/filter/until', message: 'until must be later than since' }]);
  const entries = await services.models.AuditEntry.find(auditLogQuery({ tenantId, filter, idRange: page.idRange }))
    .sort(page.sort)
    .limit(page.limit)
    .lean();
  const userIds = [...new Set(entries.flatMap((entry) => (entry.actor?.userId ? [entry.actor.userId] : [])))];
  const users = userIds.length > 0 ? await services.models.User.find({ tenantId, _id: { $in: userIds } }).lean() : [];
  return entries.map((entry) => ({ ...entry, actorUser: users.find((user) => user._id === entry.actor?.userId) ?? null }));
}
