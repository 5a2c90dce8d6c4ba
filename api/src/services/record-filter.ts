import { searchFilter } from './search-terms';

/** The typed filters of a records list (GraphQL's RecordFilter, an export's query string): no value is ever an operator. */
export interface RecordFilterValues {
  workflowKey?: string | null;
  stage?: string | null;
  phase?: string | null;
  owner?: string | null;
  inPool?: boolean | null;
  dueBefore?: Date | null;
  search?: string | null;
  minScore?: number | null;
  followUpOverdue?: boolean | null;
}

/**
 * A Mongo filter of a tenant's records from typed filter values; strings are compared for equality only. `now` (the
 * tenant's clock) is read only by `followUpOverdue`.
 * @example recordFilter('t1', { stage: 'sql', inPool: false }, 0) // → { tenantId: 't1', stage: 'sql', pool: { $exists: false } }
 */
export function recordFilter(tenantId: string, filter: RecordFilterValues | null | undefined, now: number): Record<string, unknown> {
  const query: Record<string, unknown> = { tenantId };
  if (!filter) return query;
  if (filter.workflowKey != null) query.workflowKey = String(filter.workflowKey);
  if (filter.stage != null) query.stage = String(filter.stage);
  if (filter.phase != null) query.phase = String(filter.phase);
  if (filter.owner != null) query.owner = String(filter.owner);
  if (filter.inPool != null) query.pool = filter.inPool ? { $exists: true } : { $exists: false };
  if (filter.dueBefore != null) query.nextDueAt = { $ne: null, $lt: filter.dueBefore.getTime() };
  if (filter.search != null) Object.assign(query, searchFilter(filter.search));
  if (filter.minScore != null) query.score = { $gte: filter.minScore };
  if (filter.followUpOverdue != null) query['followUp.at'] = filter.followUpOverdue ? { $lte: now } : { $not: { $lte: now } };
  return query;
}
