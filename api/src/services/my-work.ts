import type { FunnelRecord } from '@funnel/engine';
import type { RecordDoc } from '../models/record';
import type { Services } from './services';
import { RECORD_AS_READ } from './record-reads';

/** One of the lists of `myWork`, by the time its records are ordered by. */
export type MyWorkList = 'dueSoon' | 'followUpsDue' | 'recycledFromMe' | 'myRequests';

/** Where a page of a list starts: after the record at this time and id (both from the last page's end). */
export interface MyWorkPosition {
  at: number;
  id: string;
}

/** How each list finds its records for one person at `now`, and the time it orders them by (a stored field). */
function listQuery(list: MyWorkList, input: { tenantId: string; userId: string; now: number; horizonMs: number; recentMs: number }) {
  const { tenantId, userId, now } = input;
  switch (list) {
    case 'dueSoon':
      return { field: 'nextDueAt', descending: false, filter: { tenantId, owner: userId, nextDueAt: { $ne: null, $lte: now + input.horizonMs } } };
    case 'followUpsDue':
      return { field: 'followUp.at', descending: false, filter: { tenantId, owner: userId, 'followUp.at': { $lte: now } } };
    case 'recycledFromMe':
      return { field: 'pool.since', descending: true, filter: { tenantId, 'pool.previousOwner': userId, 'pool.since': { $gte: now - input.recentMs } } };
    case 'myRequests':
      return {
        field: 'stageEnteredAt',
        descending: true,
        filter: { tenantId, $or: [{ 'pendingApproval.requestedBy': userId }, { 'timers.pendingExtension.requestedBy': userId }] },
      };
    default: {
      const never: never = list;
      throw new Error(`unknown list ${String(never)}`);
    }
  }
}

/** The value of a dotted field of a stored record. */
function valueAt(doc: RecordDoc, field: string): number {
  let value: unknown = doc;
  for (const part of field.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return typeof value === 'number' ? value : 0;
}

/**
 * A page of one of a person's work lists (docs/api.md "My work"), ordered by its time and then id, `limit` records
 * after `after`: records due soon (anything due on them — a warning, a recycle deadline — within `horizonMs`, the
 * soonest first), follow-ups come due (the oldest first), records recycled or released from them in the last
 * `recentMs` (the latest first), and records with an extension or approval they asked for still undecided. Each
 * record comes with the time it is at in its list (the cursor's).
 * @example await myWorkPage(services, { tenantId, userId, list: 'dueSoon', now, horizonMs: 3 * DAY_MS, recentMs: 7 * DAY_MS, limit: 20, after: null })
 */
export async function myWorkPage(
  services: Services,
  input: { tenantId: string; userId: string; list: MyWorkList; now: number; horizonMs: number; recentMs: number; limit: number; after: MyWorkPosition | null },
): Promise<{ record: FunnelRecord; at: number }[]> {
  const { field, descending, filter } = listQuery(input.list, input);
  const past = descending ? '$lt' : '$gt';
  const after = input.after ? [{ $or: [{ [field]: { [past]: input.after.at } }, { [field]: input.after.at, _id: { [past]: input.after.id } }] }] : [];
  const direction = descending ? -1 : 1;
  const docs = (await services.models.Record.find({ ...filter, ...(after.length > 0 ? { $and: after } : {}) }, RECORD_AS_READ)
    .sort({ [field]: direction, _id: direction })
    .limit(input.limit)
    .lean()) as unknown as RecordDoc[];
  // Through the store, which keeps each record's stored score for the Record type.
  return docs.map((doc) => ({ record: services.records.fromDoc(doc), at: valueAt(doc, field) }));
}
