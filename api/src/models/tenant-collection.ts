import type { mongo } from 'mongoose';
import { ApiError } from '../errors';

type Filter = Record<string, unknown>;

/**
 * The filter (or document) with its tenant; refuses a missing tenant.
 * @example scoped('t1', { _id: 'r1' }) // → { _id: 'r1', tenantId: 't1' }
 */
export function scoped(tenantId: string, filter: Filter): Filter {
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    throw new ApiError('UNSCOPED_QUERY', 'a driver-level query needs the tenant it is scoped to');
  }
  // Already scoped to exactly this tenant (an event document carries its own): no copy needed.
  return filter.tenantId === tenantId ? filter : { ...filter, tenantId };
}

/**
 * The driver collection under a model, for the hot paths where mongoose's query layer costs ~3× the
 * round trip (record reads and writes, the event log), with the tenant as a required argument of every
 * call, so an unscoped query cannot be written here either (the mongoose plugin guards everything else).
 * @example await tenantCollection(models.Record.collection).findOne({ tenantId, filter: { _id: id } })
 */
export function tenantCollection(collection: mongo.Collection) {
  return {
    findOne: (query: { tenantId: string; filter: Filter; projection?: Filter }) =>
      collection.findOne(scoped(query.tenantId, query.filter), query.projection ? { projection: query.projection } : {}),
    /** Every matching document of the tenant (a bounded filter, such as `_id: { $in }`). */
    find: (query: { tenantId: string; filter: Filter; projection?: Filter }) =>
      collection.find(scoped(query.tenantId, query.filter), query.projection ? { projection: query.projection } : {}).toArray(),
    insertOne: (tenantId: string, document: Filter) => collection.insertOne(scoped(tenantId, document) as never),
    /** The document after an update of the first match, created by the update when none matches. */
    upsertOneAndRead: (query: { tenantId: string; filter: Filter; update: Filter }) =>
      collection.findOneAndUpdate(scoped(query.tenantId, query.filter), query.update, { upsert: true, returnDocument: 'after' }),
  };
}
