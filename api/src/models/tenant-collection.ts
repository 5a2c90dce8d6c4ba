import type { mongo } from 'mongoose';
import { ApiError } from '../errors';

type Filter = Record<string, unknown>;

function scoped(tenantId: string, filter: Filter): Filter {
  if (typeof tenantId !== 'string' || tenantId.length === 0) {
    throw new ApiError('UNSCOPED_QUERY', 'a driver-level query needs the tenant it is scoped to');
  }
  return { ...filter, tenantId };
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
    updateOne: (query: { tenantId: string; filter: Filter; update: Filter }) => collection.updateOne(scoped(query.tenantId, query.filter), query.update),
    insertOne: (tenantId: string, document: Filter) => collection.insertOne(scoped(tenantId, document) as never),
    insertMany: (tenantId: string, documents: Filter[]) =>
      collection.insertMany(documents.map((d) => scoped(tenantId, d)) as never[], { ordered: false }),
    /** One bulk write of updates, each scoped to its own tenant. */
    bulkUpdate: (updates: { tenantId: string; filter: Filter; update: Filter }[]) =>
      collection.bulkWrite(
        updates.map((u) => ({ updateOne: { filter: scoped(u.tenantId, u.filter) as never, update: u.update as never } })),
        { ordered: false },
      ),
  };
}
